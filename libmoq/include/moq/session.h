#pragma once
// A MoQ Transfork (version 0xff0bad02) session over one established connection. Either side
// may publish (serve what its Origin has) and subscribe (pull tracks from the peer).
//
//   auto session = moq::Session::connect(connection, {.on_ready = [] { ... }});
//   moq::TrackConsumer video = session.subscribe({.path = moq::Path::parse("room/alice/video")});
//   video.on_change([&] { while (auto item = video.next_group(); item.is_ready()) ... });
//
// The session does no I/O of its own and needs no event loop: everything happens in the
// connection's callbacks and in the model's change callbacks. See docs/protocol.md for what goes
// on the wire, the setup extensions and the error codes.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "moq/announced.h"
#include "moq/connection.h"
#include "moq/error.h"
#include "moq/group.h"
#include "moq/origin.h"
#include "moq/path.h"
#include "moq/track.h"
#include "moq/wire/setup.h"

namespace moq {

// Setup extension ids of this project (docs/protocol.md). Values are bytes, as every extension.
namespace extension {
// A varint bitmask of the capability bits below: what the sender can receive.
inline constexpr uint64_t capabilities = 0x6c6d0001;
// An authorization token (a JWT, as text) in ClientSetup, for servers that check one (moq-relay
// --auth-key); raw QUIC has no request to carry it otherwise.
inline constexpr uint64_t auth_token = 0x6c6d0002;
}  // namespace extension

namespace capability {
// Decodes Announce status 2 (Live) on announce streams.
inline constexpr uint64_t live = 1;
// Decodes SubscribeUpdate in the 0.8.0 decoder's format (with group_expires).
inline constexpr uint64_t subscribe_update = 2;
// Finishes subscribe streams at track end (informational: sent to every peer, since 0.8.0 reads
// the FIN as a clean end).
inline constexpr uint64_t track_end = 4;
inline constexpr uint64_t all = live | subscribe_update | track_end;
}  // namespace capability

struct SessionOptions {
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  // What this session serves. Null: a LocalOrigin of its own, filled by Session::publish.
  std::shared_ptr<Origin> origin;
  // Capability bits to advertise; 0 sends no capability extension at all (as 0.8.0).
  uint64_t capabilities = capability::all;
  // Further setup extensions to send (e.g. extension::auth_token).
  wire::Extensions extensions;

  // Options of the local tracks that subscriptions write into.
  TrackOptions track_options;
  // Per served subscription: group streams not yet acknowledged beyond these bounds are reset,
  // oldest first, and reported with GroupDrop, so a slow subscriber cannot grow memory.
  size_t max_backlog_groups = 1024;
  uint64_t max_backlog_bytes = uint64_t{16} << 20;
  // Requests the peer may have open at once: one more subscription or announcement request is
  // refused on its own stream with code 11 (bounds exceeded); the session goes on.
  size_t max_peer_subscriptions = 1000;
  size_t max_peer_announce_requests = 100;
  // Time source for group expiry, checked whenever the subscription sees activity (no timers).
  Clock clock = [] { return std::chrono::steady_clock::now(); };

  // Setup completed.
  std::function<void()> on_ready;
  // The session is over (closed by either side or lost); called once.
  std::function<void(const Error&)> on_closed;
};

// What a publisher said about a track (an Info message).
struct TrackInfo {
  Track track;
  uint64_t latest_group = 0;  // 0 also when there is no group yet
};

// A change to a network subscription (SubscribeUpdate).
struct SubscriptionUpdate {
  int8_t priority = 0;
  GroupOrder group_order = GroupOrder::descending;
  std::chrono::milliseconds group_expires{0};
  GroupRange range;
};

namespace detail {
struct SessionState;
}

// Owns the session; destroying it closes the connection (code 0) if it is still open.
class Session {
 public:
  // Client: opens the session stream and offers version 0xff0bad02.
  static Session connect(std::shared_ptr<Connection> connection, SessionOptions options = {});
  // Server: takes the peer's first session stream and answers it. A client offering no common
  // version gets the connection closed with code 9.
  static Session accept(std::shared_ptr<Connection> connection, SessionOptions options = {});

  Session(Session&&) noexcept;
  Session& operator=(Session&&) noexcept;
  ~Session();

  bool ready() const;
  bool closed() const;
  // After setup: the peer's setup extensions and the capability bits it advertised.
  const wire::Extensions& peer_extensions() const;
  uint64_t peer_capabilities() const;

  // Serve a broadcast or a track through the session's own LocalOrigin. Throws moq::Error(15)
  // when the session was given an origin of its own.
  void publish(BroadcastConsumer broadcast);
  void publish(TrackConsumer track);

  // A consumer of the peer's track at request.path, at once; the network subscription (with the
  // request's priority, order and expiry) is made in the background and shared by every local
  // subscription to the same path. It ends (FIN) when the last consumer is gone. Failures (13
  // not found, session closed) reach the consumer as moq::Error with that code.
  // range: the groups wanted (Subscribe group_min/max). Without a min the publisher serves from
  // its latest group; with one, from that group on, the ones it no longer has reported dropped.
  // A later subscribe to a path already subscribed shares that subscription and reads its range.
  TrackConsumer subscribe(const Track& request, GroupRange range = {});
  // Sends a SubscribeUpdate for the subscription to path if the peer advertised
  // capability::subscribe_update; returns whether it was sent.
  bool update(const Path& path, const SubscriptionUpdate& update);
  // The peer's tracks under prefix (names relative to prefix). The announce stream ends when
  // the last consumer is gone.
  AnnouncedConsumer announced(const Path& prefix);
  // Asks the peer about a track; exactly one of the callbacks is called.
  void info(const Path& path, std::function<void(const TrackInfo&)> on_info,
            std::function<void(const Error&)> on_failed);
  // A past group of the peer's track from frame index offset on. Not cached there: the consumer
  // throws moq::Error(13).
  GroupConsumer fetch(const Path& path, uint64_t group, uint64_t offset = 0, int8_t priority = 0);

  // Closes the connection with this code and reason.
  void close(uint64_t code, std::string_view reason);

 private:
  explicit Session(std::shared_ptr<detail::SessionState> state);
  std::shared_ptr<detail::SessionState> state_;
};

}  // namespace moq
