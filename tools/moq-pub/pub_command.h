#pragma once
// moq-pub's command line and its run: stdin published as one track, either on a relay's
// session (URL) or to every subscriber connecting to moq-pub itself (--listen).

#include <cstdint>
#include <string>
#include <vector>

#include "cli_fwd.h"
#include "logger.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace moq::pub {

struct PubFlags {
  std::vector<std::string> arguments;  // URL PATH, or PATH with --listen
  std::string listen;
  std::string frame = "line";
  bool keep_newline = false;
  std::string group = "every:1";
  int priority = 0;
  std::string order = "asc";
  uint64_t expires_ms = 0;
  size_t cache_groups = 1;
  bool no_wait = false;
  bool reconnect = false;
  uint64_t buffer = uint64_t{4} << 20;
  double linger_seconds = 10;
  TlsClientOptions tls_client;
  TlsServerOptions tls_server;
  QuicOptions quic;  // for both --listen and the connection to a relay
};

void add_pub_flags(CLI::App& app, PubFlags& flags);

// Publishes until stdin ends (or SIGINT/SIGTERM) and subscribers have everything.
void run_pub(const PubFlags& flags, const tool::Logger& logger);

}  // namespace moq::pub
