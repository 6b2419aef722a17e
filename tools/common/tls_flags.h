#pragma once
// The TLS flags of every tool, one call per side of the handshake. A tool that only connects
// adds the client flags, a relay adds both.
//
//   client: --tls-root FILE (repeatable), --tls-disable-verify, --tls-fingerprint HEX
//   server: --tls-cert FILE with --tls-key FILE, or --tls-generate HOSTS

#include "cli_fwd.h"
#include "logger.h"
#include "moq/tls.h"

namespace moq::tool {

void add_tls_client_flags(CLI::App& app, moq::TlsClientOptions& options);
void add_tls_server_flags(CLI::App& app, moq::TlsServerOptions& options);

// Warns when the options turn certificate verification off.
void warn_about_insecure_tls(const moq::TlsClientOptions& options, const Logger& logger);

// "AB:CD:..." or "abcd..." -> "abcd..." (64 lowercase hex digits); empty if it is not a SHA-256.
std::string normalize_fingerprint(std::string_view text);

}  // namespace moq::tool
