#pragma once
// A relay: the meeting point of publishers and subscribers. Every session served by a relay
// shares one RelayOrigin, which follows what each session announces, announces it to every
// session that asks, and serves each track to any number of subscribers from ONE upstream
// subscription on the session that announced it (the received buffers are shared, never copied).
//
//   moq::RelayServer relay(loop, {.quic = {.bind = "[::]:4443", .certificate = certificate}});
//   loop.run();
//
// See docs/moq-relay.md for the behaviour a user sees (duplicates, waiting subscriptions).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "moq/announced.h"
#include "moq/auth.h"
#include "moq/event_loop.h"
#include "moq/origin.h"
#include "moq/path.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/track.h"
#include "moq/webtransport.h"

namespace moq {

enum class RelayLogLevel { warn, info, debug };
// Where a relay reports what happens ("session 3: announced room/alice/video").
using RelayLog = std::function<void(RelayLogLevel level, const std::string& line)>;

struct RelayOriginOptions {
  // Options of the relay's copy of each track: cache_bytes bounds what is kept for joiners.
  TrackOptions track_options;
  // How long a subscription to a path nobody announced waits for a publisher before it ends
  // with 13 (not found). 0: at once.
  std::chrono::milliseconds subscribe_wait{5000};
  RelayLog log;
};

// Counts for monitoring. Gauges are "now", the rest only grow.
struct RelayStats {
  size_t sessions = 0;                // gauge (filled by RelayServer)
  size_t tracks = 0;                  // gauge: announced paths
  size_t subscribers = 0;             // gauge: downstream consumers of relayed tracks
  size_t upstream_subscriptions = 0;  // gauge: subscriptions the relay holds on publishers
  size_t waiting_subscriptions = 0;   // gauge: tracks subscribed before anyone announced them
  uint64_t upstream_subscribed = 0;   // upstream subscriptions made so far
  uint64_t groups_in = 0;             // groups received from publishers
  uint64_t bytes_in = 0;              // payload bytes received from publishers
  uint64_t groups_dropped_in = 0;     // groups publishers reported as dropped
  uint64_t groups_out = 0;            // group streams opened to subscribers
  uint64_t bytes_out = 0;             // bytes queued on them (payload and framing)
  uint64_t groups_reset_out = 0;      // of those, reset unfinished (slow subscriber, or it left)
  uint64_t sessions_refused = 0;      // connections closed because of --max-sessions
  uint64_t duplicates_refused = 0;    // publishers closed for announcing a taken path
};

namespace relay {
class AuthorizedOrigin;
class ClusterLink;
class RelayTrack;
class GroupForwarder;
struct TrafficCounters;
}  // namespace relay

// The routing table of a relay. Publishers are sessions registered with add_publisher; every
// path one of them announces is announced by this origin. A path announced by a second
// publisher while the first still holds it is refused: on_refused gets Error(12) and the
// second publisher's paths are dropped (RelayServer closes its session with 12). A path the
// publisher's token does not cover is refused the same way with Error(1).
class RelayOrigin final : public Origin, public std::enable_shared_from_this<RelayOrigin> {
 public:
  // Subscribes to a track on a publisher (Session::subscribe). range: the first downstream
  // subscriber's, so a subscription from a past group reaches the publisher's cache.
  using Subscribe = std::function<TrackConsumer(const Track& track, GroupRange range)>;

  // Create with std::make_shared: deferred work holds a weak reference to the origin.
  explicit RelayOrigin(EventLoop& loop, RelayOriginOptions options = {});
  ~RelayOrigin() override;
  RelayOrigin(const RelayOrigin&) = delete;
  RelayOrigin& operator=(const RelayOrigin&) = delete;

  // Which paths a publisher may announce; an announcement of any other path is refused with
  // Error(1) like a duplicate. Empty: any path.
  using MayPublish = std::function<bool(const Path& path)>;

  // Follows a publisher's announcements (names relative to the empty prefix) until they end or
  // remove_publisher(id) is called.
  void add_publisher(uint64_t id, AnnouncedConsumer announcements, Subscribe subscribe,
                     std::function<void(const Error&)> on_refused, MayPublish may_publish = nullptr);
  // A cluster node's session to the cluster root, followed like a publisher (removed with
  // remove_publisher) except that it yields: a path the root announces that a local publisher
  // holds (usually the node's own, echoed back) is ignored rather than refused. When the link
  // goes away, its relayed tracks end with 4 (transport), not cleanly.
  void add_upstream(uint64_t id, AnnouncedConsumer announcements, Subscribe subscribe);
  // Un-announces everything the publisher announced. A non-zero code (its session's close code)
  // also ends the tracks relayed from it with that code.
  void remove_publisher(uint64_t id, uint64_t code = code::cancel);

  // What a cluster node shows its root: only what local publishers announced, never what it
  // learned from the root (no loops). local_track is nullopt for any other path.
  std::optional<TrackConsumer> local_track(const Path& path, GroupRange range);
  AnnouncedConsumer local_announced(const Path& prefix);

  std::optional<TrackConsumer> track(const Path& path, GroupRange range) override;
  AnnouncedConsumer announced(const Path& prefix) override;

  RelayStats stats() const;

 private:
  struct Publisher;
  void pump_announcements(uint64_t id);
  void announce(Publisher& publisher, const Path& path);
  void unannounce(Publisher& publisher, const Path& path);
  void attach(relay::RelayTrack& track, Publisher& publisher);
  void pump_upstream(const Path& path, uint64_t generation);
  void end_track(const Path& path, uint64_t generation, std::optional<uint64_t> code);
  void release_if_unused(const Path& path, uint64_t generation);
  relay::RelayTrack* find_track(const Path& path, uint64_t generation);
  void log(RelayLogLevel level, const std::string& line) const;

  EventLoop& loop_;
  RelayOriginOptions options_;
  AnnouncedProducer announced_;
  AnnouncedProducer local_announced_;  // the part of announced_ that is not from an upstream
  std::map<uint64_t, std::unique_ptr<Publisher>> publishers_;
  std::map<Path, uint64_t> owners_;  // announced path -> publisher id
  std::map<Path, std::unique_ptr<relay::RelayTrack>> tracks_;
  uint64_t next_generation_ = 0;
  std::map<uint64_t, std::unique_ptr<relay::GroupForwarder>> groups_;  // groups being copied
  uint64_t next_group_ = 0;
  RelayStats counters_;
};

// A relay in a cluster (docs/moq-relay.md): a node links to the root as a client session; the
// root is an ordinary relay and needs no option.
struct RelayClusterOptions {
  // moqf:// URL of the cluster root, with ?jwt=TOKEN if the root wants one. Empty: no link.
  std::string root;
  QuicClientOptions client;  // TLS for the link (e.g. the root's certificate fingerprint)
  // Reconnect delays after the root went away or could not be reached: doubling up to max.
  std::chrono::milliseconds retry_min{250};
  std::chrono::milliseconds retry_max{8000};
};

struct RelayServerOptions {
  QuicServerOptions quic;  // bind address, certificate, per-connection stream limits
  RelayOriginOptions origin;
  // Connections beyond this many sessions are closed at once with code 11 (bounds exceeded).
  size_t max_sessions = 1000;
  // Per served subscription (see SessionOptions): how far a slow subscriber may fall behind
  // before its oldest groups are dropped. Bytes are the real bound; the group bound is high
  // because a publisher may burst many tiny groups that a healthy subscriber takes in stride.
  size_t max_backlog_groups = 4096;
  uint64_t max_backlog_bytes = uint64_t{16} << 20;
  // Per session: subscriptions and announcement requests it may have open at once; one more is
  // refused with code 11 on its own stream.
  size_t max_subscriptions = 1000;
  size_t max_announce_requests = 100;
  // A connection whose moq setup has not completed this long after it was accepted is closed
  // (code 0), so that silent peers do not hold session slots.
  std::chrono::milliseconds setup_timeout{10'000};
  // Set: every session needs a valid token (docs/moq-relay.md), from the setup extension
  // extension::auth_token or the ?jwt= of the CONNECT path, and may only publish and subscribe
  // where its claims allow. Unset: everyone may do everything.
  std::optional<auth::Key> auth_key;
  RelayClusterOptions cluster;
  RelayLog log;
};

// Accepts sessions over raw QUIC (ALPN moqf-02) and WebTransport (ALPN h3, browsers) on one UDP
// port and serves them all from one RelayOrigin. Each session is also a publisher: the relay
// asks it for every announcement (empty prefix).
class RelayServer {
 public:
  // Throws moq::Error if the address cannot be bound or the certificate is missing.
  RelayServer(EventLoop& loop, RelayServerOptions options);
  ~RelayServer();
  RelayServer(const RelayServer&) = delete;
  RelayServer& operator=(const RelayServer&) = delete;

  uint16_t local_port() const;
  // Stops accepting (new connections are closed with 0) and closes every session with code 0.
  void shutdown();
  size_t session_count() const { return sessions_.size(); }
  RelayStats stats() const;

 private:
  // Routes by ALPN: h3 to the WebTransport server, whose sessions come back to accept().
  void accept_quic(std::shared_ptr<QuicConnection> connection);
  void accept(std::shared_ptr<Connection> connection);
  void closed(uint64_t id, const Error& error);
  // Closes the sessions whose setup_timeout passed before their setup.
  void close_unready();
  // Checks the session's token once it is set up: grants its claims or closes it with 1.
  void authorize(uint64_t id, relay::AuthorizedOrigin& access, const std::string& connect_path);
  void log(RelayLogLevel level, const std::string& line) const;

  EventLoop& loop_;
  RelayServerOptions options_;
  std::shared_ptr<RelayOrigin> origin_;
  std::map<uint64_t, Session> sessions_;
  std::shared_ptr<relay::TrafficCounters> traffic_;
  // Lets deferred work find out whether this server still exists.
  std::shared_ptr<RelayServer*> self_ = std::make_shared<RelayServer*>(this);
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  uint64_t sessions_refused_ = 0;
  // Sessions not set up yet, and when they were accepted (in that order).
  std::map<uint64_t, EventLoop::Clock::time_point> unready_;
  EventLoop::Timer setup_timer_{loop_, [this] { close_unready(); }};
  std::unique_ptr<relay::ClusterLink> cluster_;
  std::unique_ptr<WebTransportServer> webtransport_;
  std::unique_ptr<QuicServer> server_;  // last: its callbacks use everything above
};

}  // namespace moq
