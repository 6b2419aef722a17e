#include "relay_command.h"

#include <algorithm>
#include <csignal>
#include <chrono>
#include <optional>

#include <CLI/CLI.hpp>

#include "http_listener.h"
#include "metrics_text.h"
#include "moq/auth.h"
#include "moq/event_loop.h"
#include "moq/relay.h"
#include "tool_failure.h"

namespace moq::relay_tool {

namespace {

using namespace std::chrono_literals;

// After SIGTERM, sessions get this long to close before the relay exits anyway.
constexpr auto shutdown_grace = 1500ms;

// "[::]:4443" with the port replaced by the one actually bound (for port 0).
std::string with_port(const std::string& bind, uint16_t port) {
  auto colon = bind.rfind(':');
  return (colon == std::string::npos ? bind : bind.substr(0, colon)) + ":" + std::to_string(port);
}

RelayLog relay_log(const tool::Logger& logger) {
  return [&logger](RelayLogLevel level, const std::string& line) {
    switch (level) {
      case RelayLogLevel::warn: logger.warn(line); break;
      case RelayLogLevel::info: logger.info(line); break;
      case RelayLogLevel::debug: logger.debug(line); break;
    }
  };
}

}  // namespace

void add_relay_flags(CLI::App& app, RelayFlags& flags) {
  app.add_option("--bind", flags.bind, "UDP address to accept QUIC and WebTransport on; [::] is IPv4 and IPv6")
      ->option_text("ADDR (default [::]:4443)");
  app.add_option("--subscribe-wait", flags.subscribe_wait_ms,
                 "How long a subscription to an unannounced path waits for a publisher (ms)")
      ->option_text("MS (default 5000)");
  app.add_option("--cache-bytes", flags.cache_bytes, "Bytes of groups kept per track for joiners")
      ->option_text("N (default 16777216)");
  app.add_option("--cache-groups", flags.cache_groups,
                 "Groups kept per track for joiners, the latest included (it always stays), within --cache-bytes")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 1024)");
  app.add_option("--backlog-bytes", flags.backlog_bytes,
                 "Unacknowledged bytes per subscriber before its oldest groups are dropped; past half, "
                 "for every subscriber of a track, the publisher is held back instead")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 16777216)");
  app.add_option("--backlog-groups", flags.backlog_groups,
                 "Unacknowledged groups per subscriber before its oldest groups are dropped")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 4096)");
  app.add_option("--max-sessions", flags.max_sessions, "Sessions at once; more are closed with code 11")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 1000)");
  app.add_option("--max-streams", flags.max_streams, "Concurrent streams a peer may open, per direction")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 1000)");
  app.add_option("--idle-timeout", flags.idle_timeout_ms, "Close a silent connection after this long (ms)")
      ->check(CLI::PositiveNumber)
      ->option_text("MS (default 10000)");
  app.add_option("--handshake-timeout", flags.handshake_timeout_ms,
                 "Close a connection whose handshake (QUIC, then the moq setup) has not completed after this long (ms)")
      ->check(CLI::PositiveNumber)
      ->option_text("MS (default 10000)");
  app.add_option("--max-subscriptions", flags.max_subscriptions,
                 "Subscriptions one session may have open; more are refused with code 11")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 1000)");
  app.add_option("--max-announce-requests", flags.max_announce_requests,
                 "Announcement requests one session may have open; more are refused with code 11")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 100)");
  app.add_option("--metrics", flags.metrics, "Serve Prometheus text at http://ADDR/metrics (TCP)")
      ->option_text("ADDR");
  app.add_option("--auth-key", flags.auth_key,
                 "Require tokens signed with this key (moq-token generate-key); default: open relay")
      ->option_text("FILE");
  app.add_option("--cluster-root", flags.cluster_root,
                 "Join the cluster whose root relay is at this moqf:// URL (?jwt= if it wants a token)")
      ->option_text("URL");
  app.add_option("--cluster-node", flags.cluster_node,
                 "This relay's own URL in the cluster; the same as --cluster-root makes it the root")
      ->option_text("URL");
  app.add_option("--cluster-fingerprint", flags.cluster_fingerprint,
                 "SHA-256 of the root's certificate, pinned instead of verifying it")
      ->option_text("HEX");
  app.add_flag("--dev", flags.dev,
               "Serve the certificate's SHA-256 at http://HOST:PORT/fingerprint, TCP on the --bind port");
}

void run_relay(const RelayFlags& flags, const tool::Logger& logger) {
  if (flags.tls.cert_file.empty() && flags.tls.generate.empty()) {
    throw tool::ToolFailure(tool::ExitCode::usage, "a certificate is needed: --tls-cert/--tls-key or --tls-generate");
  }
  EventLoop loop;
  RelayServerOptions options;
  options.quic.quic = flags.quic;
  options.quic.bind = flags.bind;
  options.quic.certificate = ServerCertificate::create(flags.tls);
  options.quic.quic.max_streams_bidi = flags.max_streams;
  options.quic.quic.max_streams_uni = flags.max_streams;
  options.quic.quic.idle_timeout = std::chrono::milliseconds(flags.idle_timeout_ms);
  options.quic.quic.handshake_timeout = std::chrono::milliseconds(flags.handshake_timeout_ms);
  // A quiet but healthy peer must not reach the idle timeout: ping well before it.
  options.quic.quic.keep_alive = std::min(options.quic.quic.keep_alive, options.quic.quic.idle_timeout / 3);
  options.origin.track_options.cache_bytes = flags.cache_bytes;
  options.origin.track_options.cache_groups = flags.cache_groups;
  options.origin.track_options.backlog_groups = flags.backlog_groups;
  options.origin.track_options.backlog_bytes = flags.backlog_bytes;
  options.origin.subscribe_wait = std::chrono::milliseconds(flags.subscribe_wait_ms);
  options.max_sessions = flags.max_sessions;
  options.max_backlog_groups = flags.backlog_groups;
  options.max_backlog_bytes = flags.backlog_bytes;
  options.max_subscriptions = flags.max_subscriptions;
  options.max_announce_requests = flags.max_announce_requests;
  // The moq setup is the end of the handshake a peer owes before it holds a session slot.
  options.setup_timeout = options.quic.quic.handshake_timeout;
  options.log = relay_log(logger);
  if (!flags.auth_key.empty()) {
    try {
      options.auth_key = auth::Key::load(flags.auth_key);
    } catch (const Error& error) {
      throw tool::ToolFailure(tool::ExitCode::usage, std::string("--auth-key: ") + error.what());
    }
  }
  if (!flags.cluster_node.empty() && flags.cluster_root.empty()) {
    throw tool::ToolFailure(tool::ExitCode::usage, "--cluster-node needs --cluster-root");
  }
  bool cluster_root = !flags.cluster_root.empty() && flags.cluster_root == flags.cluster_node;
  if (!flags.cluster_root.empty() && !cluster_root) {
    options.cluster.root = flags.cluster_root;
    options.cluster.client.tls.fingerprint = flags.cluster_fingerprint;
    options.cluster.client.quic.idle_timeout = options.quic.quic.idle_timeout;
    options.cluster.client.quic.keep_alive = options.quic.quic.keep_alive;
    options.cluster.client.quic.congestion = flags.quic.congestion;
    options.cluster.client.quic.qlog_dir = flags.quic.qlog_dir;
  }
  std::string fingerprint = options.quic.certificate->fingerprint();

  RelayServer relay(loop, options);
  std::string bound = with_port(flags.bind, relay.local_port());

  std::optional<HttpListener> dev_endpoint;
  if (flags.dev) {
    dev_endpoint.emplace(loop, bound, [&fingerprint](const std::string& path) {
      if (path != "/fingerprint") return HttpResponse{404, "text/plain; charset=utf-8", "not found\n", true};
      return HttpResponse{200, "text/plain; charset=utf-8", fingerprint, true};
    });
  }
  std::optional<HttpListener> metrics_endpoint;
  if (!flags.metrics.empty()) {
    metrics_endpoint.emplace(loop, flags.metrics, [&relay](const std::string& path) {
      if (path != "/metrics") return HttpResponse{404, "text/plain; charset=utf-8", "not found\n", false};
      return HttpResponse{200, metrics_content_type, metrics_text(relay.stats()), false};
    });
    logger.info("metrics at http://", with_port(flags.metrics, metrics_endpoint->local_port()), "/metrics");
  }

  // URLs without their query: a token is not for the log.
  auto shown = [](const std::string& url) { return url.substr(0, url.find('?')); };
  if (cluster_root) logger.info("cluster root at ", shown(flags.cluster_root));
  if (!options.cluster.root.empty()) {
    logger.info("cluster node ", flags.cluster_node.empty() ? bound : shown(flags.cluster_node), ", root ",
                shown(flags.cluster_root));
  }
  logger.info("listening on ", bound, " (moqf-02 and WebTransport)",
              flags.tls.generate.empty() ? std::string() : ", certificate sha256 " + fingerprint,
              flags.dev ? ", fingerprint at http://" + bound + "/fingerprint" : std::string());

  EventLoop::Signal terminate(loop, SIGTERM, [&loop] { loop.stop(); });
  EventLoop::Signal interrupt(loop, SIGINT, [&loop] { loop.stop(); });
  loop.run();

  relay.shutdown();
  loop.run_until([&relay] { return relay.session_count() == 0; }, shutdown_grace);
  // One more short turn so the close packets leave.
  loop.run_until([] { return false; }, 20ms);
  logger.info("stopped");
}

}  // namespace moq::relay_tool
