#pragma once
// moq-relay's command line and its run: a RelayServer on the event loop, the optional HTTP
// endpoints, and a graceful stop on SIGTERM/SIGINT.

#include <cstddef>
#include <cstdint>
#include <string>

#include "cli_fwd.h"
#include "logger.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace moq::relay_tool {

struct RelayFlags {
  std::string bind = "[::]:4443";
  moq::TlsServerOptions tls;  // filled by the shared TLS flags
  moq::QuicOptions quic;      // and the shared QUIC flags
  uint64_t subscribe_wait_ms = 5000;
  uint64_t cache_bytes = uint64_t{16} << 20;
  size_t cache_groups = 1024;
  size_t backlog_groups = 4096;
  uint64_t backlog_bytes = uint64_t{16} << 20;
  size_t max_sessions = 1000;
  uint64_t max_streams = 1000;
  uint64_t idle_timeout_ms = 10'000;
  uint64_t handshake_timeout_ms = 10'000;
  size_t max_subscriptions = 1000;
  size_t max_announce_requests = 100;
  std::string metrics;  // address of the /metrics endpoint; empty: none
  bool dev = false;     // serve /fingerprint over TCP on the bind port
  std::string auth_key;  // JWK file: sessions need a token signed with it; empty: open relay
  std::string cluster_root;         // moqf:// URL of the cluster root; empty: no cluster
  std::string cluster_node;         // this relay's own URL; equal to cluster_root on the root
  std::string cluster_fingerprint;  // pins the root's certificate (SHA-256 hex)
};

void add_relay_flags(CLI::App& app, RelayFlags& flags);

// Runs until SIGTERM or SIGINT, then closes every session (code 0) and returns.
void run_relay(const RelayFlags& flags, const tool::Logger& logger);

}  // namespace moq::relay_tool
