#include "pub_command.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <limits>
#include <map>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "backoff.h"
#include "client_session.h"
#include "delivery_tracker.h"
#include "moq/event_loop.h"
#include "moq/origin.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/webtransport.h"
#include "stdin_publisher.h"
#include "subscription_origin.h"
#include "tool_failure.h"

namespace moq::pub {

namespace {

using namespace std::chrono_literals;
using tool::ExitCode;
using tool::ToolFailure;

// Group streams a subscriber may have unacknowledged before stdin waits (one per line by default).
constexpr uint64_t max_streams_in_flight = 512;
// After delivery, how long subscribers get to close their sessions themselves.
constexpr auto close_grace = 1s;

// One subscriber's session (or the relay's), with what it has been sent.
struct Peer {
  std::shared_ptr<DeliveryTracker> tracker;
  std::optional<Session> session;
  std::string address;
  bool subscribed = false;
  uint64_t baseline = 0;  // bytes produced before it subscribed
  bool closed = false;
};

class PubRun {
 public:
  PubRun(const PubFlags& flags, const tool::Logger& logger) : flags_(flags), logger_(logger) {}

  void run() {
    if (flags_.listen.empty() != (flags_.arguments.size() == 2)) {
      throw ToolFailure(ExitCode::usage, flags_.listen.empty() ? "expected URL PATH (or --listen ADDR PATH)"
                                                               : "with --listen, expected only PATH");
    }
    if (flags_.priority < -128 || flags_.priority > 127) {
      throw ToolFailure(ExitCode::usage, "--priority: expected -128..127");
    }
    Path path = Path::parse(flags_.arguments.back());
    Framing framing = parse_framing(flags_.frame, flags_.keep_newline);
    Grouping grouping = parse_grouping(flags_.group);

    Track track{.path = path,
                .priority = static_cast<int8_t>(flags_.priority),
                .group_order = flags_.order == "desc" ? GroupOrder::descending : GroupOrder::ascending,
                .group_expires = std::chrono::milliseconds(flags_.expires_ms)};
    TrackOptions track_options;
    track_options.cache_groups = flags_.cache_groups;
    // A subscriber starting at an old group (moq-sub --from) may be as far behind as the cache.
    track_options.backlog_groups = std::max(track_options.backlog_groups, flags_.cache_groups);
    TrackProducer producer(track, track_options);
    origin_ = std::make_shared<LocalOrigin>();
    origin_->publish(producer.consume());

    publisher_.emplace(
        loop_, std::move(producer), framing, std::move(grouping), [this] { return may_write(); },
        [this] { loop_.stop(); });
    EventLoop::Signal interrupt(loop_, SIGINT, [this] { stop_reading(); });
    EventLoop::Signal terminate(loop_, SIGTERM, [this] { stop_reading(); });

    std::unique_ptr<QuicServer> server;
    if (flags_.listen.empty()) {
      connect(flags_.arguments.front());
      logger_.info("publishing ", path.to_string(), " on ", flags_.arguments.front());
    } else {
      server = listen();
      logger_.info("publishing ", path.to_string());
    }
    if (flags_.no_wait) publisher_->start();

    loop_.run();
    while (lost_ && reconnect()) loop_.run();
    if (failure_) throw *failure_;
    wait_for_delivery();
    for (auto& [id, peer] : peers_) {
      if (peer->session && !peer->session->closed()) peer->session->close(code::cancel, "");
    }
    // One more short turn so the close packets leave.
    loop_.run_until([] { return false; }, 20ms);
  }

 private:
  // The session with the relay (peer 0).
  void connect(const std::string& url) {
    auto peer = std::make_shared<Peer>();
    peer->address = url;
    client_.emplace(loop_, url, QuicClientOptions{.quic = flags_.quic, .tls = flags_.tls_client}, session_options(peer),
                    [peer](std::shared_ptr<Connection> connection) {
                      peer->tracker = std::make_shared<DeliveryTracker>(std::move(connection));
                      return peer->tracker;
                    });
    peers_[0] = peer;
  }

  // --reconnect, after the relay's session was lost: says what may not have arrived, then tries
  // again with growing delays while stdin waits. False when there is nothing left to publish.
  bool reconnect() {
    lost_ = false;
    const std::string& url = flags_.arguments.front();
    auto& peer = *peers_.at(0);
    uint64_t sent = peer.subscribed ? publisher_->produced() - std::min(publisher_->produced(), peer.baseline) : 0;
    uint64_t unacknowledged = sent - std::min(sent, peer.tracker->delivered());
    logger_.warn(lost_reason_, "; ", unacknowledged, " bytes in ", peer.tracker->streams_in_flight(),
                 " streams were not acknowledged and may be lost; reconnecting");
    publisher_->end_group();
    tool::Backoff backoff;
    auto stopped = [this] { return publisher_->finished() || gave_up_; };
    client_.reset();
    peers_.erase(0);
    while (!client_) {
      loop_.run_until(stopped, backoff.next());
      if (stopped()) {
        failure_ = Error(code::transport, lost_reason_ + "; the track ended before a reconnection");
        return false;
      }
      try {
        connect(url);
      } catch (const Error& error) {
        client_.reset();
        lost_ = false;  // a refused setup reports the close too
        logger_.warn(error.what(), "; retrying");
      }
    }
    logger_.info("reconnected to ", url, "; publishing on from group ", publisher_->next_group());
    publisher_->drain();
    return true;
  }

  std::unique_ptr<QuicServer> listen() {
    if (flags_.tls_server.cert_file.empty() && flags_.tls_server.generate.empty()) {
      throw ToolFailure(ExitCode::usage, "--listen needs a certificate: --tls-cert/--tls-key or --tls-generate");
    }
    QuicServerOptions options;
    options.quic = flags_.quic;
    options.bind = flags_.listen;
    options.certificate = ServerCertificate::create(flags_.tls_server);
    // Browsers connect over WebTransport (ALPN h3) on the same port.
    webtransport_.emplace(loop_, [this](const std::shared_ptr<Connection>& connection) { serve(connection); });
    WebTransportServer::configure(options.quic);
    auto server = std::make_unique<QuicServer>(loop_, options, [this](std::shared_ptr<QuicConnection> connection) {
      if (connection->alpn() == alpn_h3) {
        webtransport_->accept(std::move(connection));
      } else {
        serve(connection);
      }
    });
    std::string bind = flags_.listen;
    auto colon = bind.rfind(':');
    logger_.info("listening on ", bind.substr(0, colon), ":", server->local_port(), " (moqf-02 and WebTransport)",
                 flags_.tls_server.generate.empty() ? std::string()
                                                    : ", certificate sha256 " + options.certificate->fingerprint());
    return server;
  }

  void serve(const std::shared_ptr<Connection>& connection) {
    auto peer = std::make_shared<Peer>();
    peer->address = connection->peer_address();
    peer->tracker = std::make_shared<DeliveryTracker>(connection);
    uint64_t id = next_peer_++;
    peers_[id] = peer;
    logger_.debug("session from ", peer->address, " over ", connection->protocol());
    peer->session.emplace(Session::accept(peer->tracker, session_options(peer, id)));
  }

  SessionOptions session_options(const std::shared_ptr<Peer>& peer, std::optional<uint64_t> listen_id = {}) {
    SessionOptions options;
    std::weak_ptr<Peer> weak = peer;
    options.origin = std::make_shared<SubscriptionOrigin>(origin_, [this, weak] {
      auto peer = weak.lock();
      if (!peer || peer->subscribed) return;
      peer->subscribed = true;
      peer->baseline = publisher_->produced();
      logger_.debug("subscriber at ", peer->address);
      publisher_->start();
    });
    // moq-pub holds stdin back instead: the session must not drop what it was given.
    options.max_backlog_groups = std::numeric_limits<size_t>::max();
    options.max_backlog_bytes = std::numeric_limits<uint64_t>::max();
    options.on_closed = [this, weak, listen_id](const Error& error) {
      auto peer = weak.lock();
      if (!peer) return;
      peer->closed = true;
      if (!listen_id) {
        if (flags_.reconnect && !publisher_->finished()) {
          lost_ = true;
          lost_reason_ = "connection to " + peer->address + " lost: " +
                         (*error.what() != '\0' ? std::string(error.what()) : code_name(error.code()));
        } else if (!delivered_) {
          failure_ = Error(code::transport, "connection to " + peer->address + " lost: " +
                                                (*error.what() != '\0' ? std::string(error.what()) : code_name(error.code())));
        }
        loop_.stop();
        return;
      }
      logger_.debug("session from ", peer->address, " ended: ", error.what());
      // Not from inside the session's own callback.
      loop_.post([this, id = *listen_id] { peers_.erase(id); });
    };
    return options;
  }

  bool may_write() const {
    // Connected to a relay: stdin waits while there is no session to publish on, and after a
    // reconnection until the relay subscribes again (as at the start, unless --no-wait).
    if (flags_.listen.empty()) {
      if (!client_ || lost_) return false;
      if (!flags_.no_wait && !peers_.at(0)->subscribed) return false;
    }
    uint64_t produced = publisher_->produced();
    for (const auto& [id, peer] : peers_) {
      if (!peer->subscribed || peer->closed) continue;
      uint64_t sent = produced - std::min(produced, peer->baseline);
      uint64_t delivered = peer->tracker->delivered();
      if (sent > delivered && sent - delivered > flags_.buffer) return false;
      if (peer->tracker->streams_in_flight() > max_streams_in_flight) return false;
    }
    return true;
  }

  void stop_reading() {
    logger_.debug("interrupted: finishing the track");
    if (publisher_->finished()) {
      gave_up_ = true;  // a second signal: stop waiting for subscribers
      loop_.stop();
    } else {
      publisher_->interrupt();
    }
  }

  // After the track is finished: until every subscriber has had everything acknowledged.
  void wait_for_delivery() {
    auto everything_delivered = [this] {
      for (const auto& [id, peer] : peers_) {
        if (!peer->closed && peer->subscribed && peer->tracker->streams_in_flight() > 0) return false;
      }
      return true;
    };
    auto linger = std::chrono::duration_cast<EventLoop::Clock::duration>(std::chrono::duration<double>(flags_.linger_seconds));
    if (!loop_.run_until([&] { return everything_delivered() || failure_ || gave_up_; }, linger)) {
      logger_.warn("subscribers did not receive everything within --linger ", flags_.linger_seconds, " s");
    }
    delivered_ = !failure_;
    if (failure_) throw *failure_;
    // Subscribers that read to the end close on their own; closing first would race with
    // their reading of the subscribe stream's FIN.
    auto all_closed = [this] {
      for (const auto& [id, peer] : peers_) {
        if (!peer->closed) return false;
      }
      return true;
    };
    loop_.run_until([&] { return all_closed() || failure_.has_value() || gave_up_; }, close_grace);
  }

  const PubFlags& flags_;
  const tool::Logger& logger_;
  EventLoop loop_;
  std::optional<WebTransportServer> webtransport_;  // with --listen
  std::shared_ptr<LocalOrigin> origin_;
  std::optional<StdinPublisher> publisher_;
  std::map<uint64_t, std::shared_ptr<Peer>> peers_;
  uint64_t next_peer_ = 1;
  std::optional<tool::ClientSession> client_;
  std::optional<Error> failure_;
  // --reconnect: the relay's session was lost, and why.
  bool lost_ = false;
  std::string lost_reason_;
  bool delivered_ = false;
  bool gave_up_ = false;
};

}  // namespace

void add_pub_flags(CLI::App& app, PubFlags& flags) {
  app.add_option("ARGS", flags.arguments, "URL PATH (moqf://host:port and the track path a/b/c), or PATH with --listen")
      ->required()
      ->expected(1, 2);
  app.add_option("--listen", flags.listen,
                 "Be the server: accept subscribers (raw QUIC and WebTransport) on this UDP address (no relay)")
      ->option_text("ADDR");
  app.add_option("--frame", flags.frame, "How stdin is cut into frames: line, delim:BYTE, size:N, len32, varint, all, chunk")
      ->option_text("MODE (default line)");
  app.add_flag("--keep-newline", flags.keep_newline, "Keep the newline (or delim:BYTE) at the end of each frame");
  app.add_option("--group", flags.group, "When a new group starts: every:N frames, bytes:N, ms:N, match:REGEX, never")
      ->option_text("MODE (default every:1)");
  app.add_option("--priority", flags.priority, "Track priority, -128..127 (higher goes first)")->option_text("N (default 0)");
  app.add_option("--order", flags.order, "Group order announced for the track")
      ->check(CLI::IsMember({"asc", "desc"}))
      ->option_text("asc|desc (default asc)");
  app.add_option("--expires", flags.expires_ms, "Groups expire this long after a newer one started; 0 never")
      ->option_text("MS (default 0)");
  app.add_option("--cache-groups", flags.cache_groups, "Groups kept for late joiners, the latest included")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 1)");
  app.add_flag("--no-wait", flags.no_wait, "Read stdin at once, not when the first subscriber arrives (earlier data may be missed)");
  app.add_flag("--reconnect", flags.reconnect,
               "When the relay's connection is lost, reconnect (100 ms doubling to 5 s between tries) and go on "
               "with a new group; stdin waits meanwhile");
  app.add_option("--buffer", flags.buffer, "Stop reading stdin while the slowest subscriber is this many bytes behind")
      ->check(CLI::PositiveNumber)
      ->option_text("BYTES (default 4194304)");
  app.add_option("--linger", flags.linger_seconds, "At the end, wait at most this long for subscribers to have everything")
      ->check(CLI::NonNegativeNumber)
      ->option_text("SEC (default 10)");
}

void run_pub(const PubFlags& flags, const tool::Logger& logger) { PubRun(flags, logger).run(); }

}  // namespace moq::pub
