#include "tls_flags.h"

#include <cctype>

#include <CLI/CLI.hpp>

namespace moq::tool {
namespace {

constexpr const char* group_name = "TLS";

}  // namespace

std::string normalize_fingerprint(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (c == ':') continue;  // the separators openssl and browsers print
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex.size() == 64 ? hex : std::string{};
}

void add_tls_client_flags(CLI::App& app, moq::TlsClientOptions& options) {
  app.add_option("--tls-root", options.root_files,
                 "Also trust this PEM certificate (repeatable); the system roots stay trusted")
      ->check(CLI::ExistingFile)
      ->group(group_name);
  auto* disable_verify = app.add_flag("--tls-disable-verify", options.disable_verify,
                                      "Do not verify the server's certificate (insecure; prints a warning)")
                             ->group(group_name);
  CLI::Validator fingerprint_check(
      [](std::string& value) {
        value = normalize_fingerprint(value);
        return value.empty() ? std::string("expected 64 hex digits (SHA-256), colons allowed") : std::string{};
      },
      "HEX");
  app.add_option("--tls-fingerprint", options.fingerprint,
                 "Accept only the server certificate with this SHA-256 fingerprint (hex)")
      ->transform(fingerprint_check)
      ->excludes(disable_verify)
      ->group(group_name);
}

void add_tls_server_flags(CLI::App& app, moq::TlsServerOptions& options) {
  auto* cert = app.add_option("--tls-cert", options.cert_file, "Certificate chain (PEM, leaf first)")
                   ->check(CLI::ExistingFile)
                   ->group(group_name);
  auto* key = app.add_option("--tls-key", options.key_file, "Private key of --tls-cert (PEM)")
                  ->check(CLI::ExistingFile)
                  ->group(group_name);
  cert->needs(key);
  key->needs(cert);
  app.add_option("--tls-generate", options.generate,
                 "Generate a self-signed certificate for these comma-separated host names / IPs")
      ->delimiter(',')
      ->excludes(cert)
      ->excludes(key)
      ->group(group_name);
}

void warn_about_insecure_tls(const moq::TlsClientOptions& options, const Logger& logger) {
  if (options.disable_verify) {
    logger.warn("--tls-disable-verify: the server's certificate is not checked, anyone on the path can "
                "impersonate it");
  }
}

}  // namespace moq::tool
