// The relay's resource limits, each exceeded by a real peer over loopback: the excess is refused
// or dropped cleanly, the relay keeps serving the others, and its memory stays bounded.
// (--max-sessions and --max-subscriptions: tests/relay/relay_test.cpp; --idle-timeout:
// vanishing_peer_test.cpp.)

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moq/announced.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "process_stats.h"
#include "raw_client.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"
#include "stalled_subscriber.h"

using namespace std::chrono_literals;
using namespace moq::test;

namespace {

// A nonblocking UDP socket on 127.0.0.1 with an ephemeral port.
class UdpPeer {
 public:
  UdpPeer() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address = loopback(0);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~UdpPeer() { ::close(fd_); }
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;

  uint16_t port() const { return port_; }
  void send_to(uint16_t port, const std::vector<uint8_t>& datagram) const {
    sockaddr_in address = loopback(port);
    ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&address), sizeof address);
  }
  // Whatever datagram is waiting; nullopt if none.
  std::optional<std::vector<uint8_t>> receive() const {
    std::array<uint8_t, 65536> buffer{};
    ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (got < 0) return std::nullopt;
    return std::vector<uint8_t>(buffer.begin(), buffer.begin() + got);
  }

 private:
  static sockaddr_in loopback(uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
  }
  int fd_;
  uint16_t port_ = 0;
};

// The source connection ID of a long-header packet (the server's choice, in its replies): a
// fresh one means a fresh connection.
std::vector<uint8_t> source_connection_id(const std::vector<uint8_t>& packet) {
  if (packet.size() < 7 || (packet[0] & 0x80) == 0) return {};
  size_t dcid_length = packet[5];
  size_t scid_at = 6 + dcid_length;
  if (scid_at >= packet.size() || scid_at + 1 + packet[scid_at] > packet.size()) return {};
  auto first = packet.begin() + static_cast<std::ptrdiff_t>(scid_at + 1);
  return {first, first + packet[scid_at]};
}

// Sends the Initial to the relay and collects the source connection IDs of its replies for 200 ms.
std::vector<std::vector<uint8_t>> replies_to(moq::EventLoop& loop, const UdpPeer& probe, uint16_t relay_port,
                                             const std::vector<uint8_t>& initial) {
  probe.send_to(relay_port, initial);
  std::vector<std::vector<uint8_t>> ids;
  loop.run_until(
      [&] {
        while (auto reply = probe.receive()) ids.push_back(source_connection_id(*reply));
        return false;
      },
      200ms);
  return ids;
}

// Under AddressSanitizer freed memory waits in a quarantine (256 MB by default) before reuse,
// which would hide any bound on the relay's memory: children started meanwhile get a small one.
// (Release builds ignore ASAN_OPTIONS.)
class SmallQuarantine {
 public:
  SmallQuarantine() {
    const char* options = std::getenv("ASAN_OPTIONS");
    if (options) saved_ = options;
    std::string small = saved_ ? *saved_ + ":quarantine_size_mb=1" : "quarantine_size_mb=1";
    ::setenv("ASAN_OPTIONS", small.c_str(), 1);
  }
  ~SmallQuarantine() {
    if (saved_) {
      ::setenv("ASAN_OPTIONS", saved_->c_str(), 1);
    } else {
      ::unsetenv("ASAN_OPTIONS");
    }
  }
  SmallQuarantine(const SmallQuarantine&) = delete;
  SmallQuarantine& operator=(const SmallQuarantine&) = delete;

 private:
  std::optional<std::string> saved_;
};

// Groups of one frame of this many bytes, distinct per group.
void write_big_group(moq::TrackProducer& producer, size_t bytes) {
  auto group = producer.append_group();
  std::string payload(bytes, static_cast<char>('a' + group.sequence() % 26));
  group.write_frame(moq::Bytes(std::move(payload)));
  group.finish();
}

bool contiguous(const std::vector<std::pair<uint64_t, std::vector<std::string>>>& contents) {
  for (size_t i = 1; i < contents.size(); ++i) {
    if (contents[i].first != contents[i - 1].first + 1) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a client that sends an Initial and then nothing is forgotten after --handshake-timeout") {
  RelayProcess relay({"--handshake-timeout", "1000", "--idle-timeout", "30000"});
  moq::EventLoop loop;
  // A real client's first datagram, caught on its way: sent to a socket of ours instead.
  UdpPeer catcher;
  moq::QuicClientOptions options;
  options.tls.disable_verify = true;
  moq::QuicClient client(loop, options);
  client.connect("moqf://127.0.0.1:" + std::to_string(catcher.port()) + "/", [](auto) {}, [](const moq::Error&) {});
  std::optional<std::vector<uint8_t>> initial;
  REQUIRE(loop.run_until(
      [&] {
        if (!initial) initial = catcher.receive();
        return initial.has_value();
      },
      5s));

  UdpPeer probe;
  auto first = replies_to(loop, probe, relay.port(), *initial);
  REQUIRE_FALSE(first.empty());
  REQUIRE_FALSE(first.front().empty());
  // Within the timeout the same Initial is a duplicate for the connection the relay holds.
  auto again = replies_to(loop, probe, relay.port(), *initial);
  for (const auto& id : again) CHECK(id == first.front());

  // Past the timeout the relay has forgotten it: the same Initial starts a new connection.
  loop.run_until([] { return false; }, 1000ms);
  auto later = replies_to(loop, probe, relay.port(), *initial);
  REQUIRE_FALSE(later.empty());
  CHECK(later.front() != first.front());

  RelayClient other(loop, relay);
  CHECK(loop.run_until([&] { return other.ready(); }, 5s));
}

TEST_CASE("a QUIC connection that never sends the moq setup is closed after --handshake-timeout") {
  RelayProcess relay({"--handshake-timeout", "500", "--idle-timeout", "30000", "--max-sessions", "1"});
  moq::EventLoop loop;
  hardening::RawClient silent(loop, relay.url(), relay.fingerprint());
  REQUIRE(silent.wait_connected());
  auto connected = std::chrono::steady_clock::now();
  REQUIRE(loop.run_until([&] { return silent.closed().has_value(); }, 5s));
  // The timeout, plus scheduling slack on a loaded machine.
  CHECK(std::chrono::steady_clock::now() - connected < 500ms + 2s);

  // Its session slot is free again.
  RelayClient other(loop, relay);
  REQUIRE(loop.run_until([&] { return other.ready() || other.ended(); }, 5s));
  CHECK(other.ready());
}

TEST_CASE("subscriptions beyond --max-streams wait for a stream and are served once others end") {
  // Four bidirectional streams per peer: the session's own and three subscriptions.
  RelayProcess relay({"--max-streams", "4"});
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 5s));
  std::vector<moq::TrackProducer> tracks;
  for (int i = 0; i < 6; ++i) {
    tracks.emplace_back(track_at("streams/" + std::to_string(i)));
    publisher.session().publish(tracks.back().consume());
  }
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 6));
  std::vector<std::unique_ptr<Recorder>> recorders;
  for (int i = 0; i < 6; ++i) {
    recorders.push_back(std::make_unique<Recorder>(subscriber.session().subscribe(track_at("streams/" + std::to_string(i)))));
  }
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_subscribers", 3));
  loop.run_until([] { return false; }, 300ms);
  CHECK(metric_value(metrics_of(relay), "moq_relay_subscribers") == 3);

  // Two served subscriptions end: two waiting ones get their streams.
  recorders[0].reset();
  recorders[1].reset();
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 3));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_subscribers", 3));
  for (auto& track : tracks) write_group(track, 1);
  REQUIRE(loop.run_until(
      [&] { return recorders[2]->group_count() + recorders[3]->group_count() + recorders[4]->group_count() == 3; },
      5s));
  loop.run_until([] { return false; }, 200ms);
  CHECK(recorders[5]->group_count() == 0);
  for (size_t i = 2; i < recorders.size(); ++i) CHECK_FALSE(recorders[i]->error());
  CHECK_FALSE(subscriber.ended());
}

TEST_CASE("a subscriber that stops reading costs the relay --backlog-bytes, not what was published") {
  constexpr size_t group_bytes = 100'000;
  constexpr size_t group_count = 400;  // 40 MB, forty times the backlog
  SmallQuarantine quarantine;
  // A long idle timeout: the stalled subscriber must not be closed for its silence.
  RelayProcess relay({"--backlog-bytes", "1000000", "--cache-bytes", "1000000", "--idle-timeout", "60000"});
  pid_t relay_pid = hardening::child_named("moq-relay");
  REQUIRE(relay_pid > 0);
  StalledSubscriberSetup setup(relay, "backlog/track");
  moq::EventLoop& loop = setup.loop();
  moq::EventLoop& stalled_loop = setup.stalled_loop();
  moq::TrackProducer& producer = setup.producer();
  Recorder& fast_recorder = setup.fast_recorder();
  Recorder& stalled_recorder = setup.stalled_recorder();

  uint64_t rss_before = hardening::resident_kib(relay_pid);
  uint64_t rss_peak = rss_before;
  REQUIRE(setup.write_paced_by_fast(
      group_count,
      [&](size_t written) {
        write_big_group(producer, group_bytes);
        if (written % 20 == 0) rss_peak = std::max(rss_peak, hardening::resident_kib(relay_pid));
      },
      30s));
  rss_peak = std::max(rss_peak, hardening::resident_kib(relay_pid));
  MESSAGE("relay RSS ", rss_before, " KiB before, ", rss_peak, " KiB at most while 40 MB went through");
  REQUIRE_FALSE(fast_recorder.error());
  CHECK(fast_recorder.dropped().empty());
  CHECK(contiguous(fast_recorder.contents()));
  // The stalled subscriber's backlog and the cache (1 MB each), the fast one's groups in flight
  // and the allocator's slack; far from the 40 MB published.
  CHECK(rss_peak - rss_before < 16 * 1024);
  CHECK(metric_value(metrics_of(relay), "moq_relay_groups_reset_out_total") > 0);

  // The stalled subscriber reads again: its oldest groups were dropped and reported to it, and
  // it catches up with the latest.
  producer.finish();
  // After a long stall (seconds under the sanitizers) QUIC recovers from a backed-off timer.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!stalled_recorder.ended() && !stalled_recorder.error() && std::chrono::steady_clock::now() < deadline) {
    loop.run_until([] { return false; }, 10ms);
    stalled_loop.run_until([] { return false; }, 10ms);
  }
  CHECK(stalled_recorder.ended());
  CHECK_FALSE(stalled_recorder.error());
  CHECK_FALSE(stalled_recorder.dropped().empty());
  auto stalled_contents = stalled_recorder.contents();
  REQUIRE_FALSE(stalled_contents.empty());
  CHECK(stalled_contents.back().first == group_count - 1);
  CHECK(stalled_contents.size() + stalled_recorder.dropped().size() <= group_count);
}

TEST_CASE("a late joiner from group 0 gets what --cache-bytes holds, and the cache stays that size") {
  constexpr size_t group_bytes = 50'000;
  constexpr size_t group_count = 200;  // 10 MB through a 500 kB cache
  constexpr uint64_t cache_bytes = 500'000;
  SmallQuarantine quarantine;
  RelayProcess relay({"--cache-bytes", std::to_string(cache_bytes)});
  pid_t relay_pid = hardening::child_named("moq-relay");
  REQUIRE(relay_pid > 0);
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  RelayClient live(loop, relay);
  RelayClient late(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready() && live.ready() && late.ready(); }, 5s));
  // The publisher keeps only its latest group: what the late joiner gets beyond it is the relay's.
  moq::TrackProducer producer(track_at("cache/track"));
  publisher.session().publish(producer.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 1));
  Recorder live_recorder(live.session().subscribe(track_at("cache/track")));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 1));

  uint64_t rss_before = hardening::resident_kib(relay_pid);
  size_t written = 0;
  REQUIRE(loop.run_until(
      [&] {
        if (written < group_count && written < live_recorder.group_count() + 8) {
          write_big_group(producer, group_bytes);
          ++written;
        }
        return live_recorder.group_count() == group_count || live_recorder.error();
      },
      30s));
  uint64_t rss_after = hardening::resident_kib(relay_pid);
  MESSAGE("relay RSS ", rss_before, " KiB before, ", rss_after, " KiB after 10 MB went through");
  CHECK(rss_after - rss_before < 16 * 1024);

  Recorder late_recorder(late.session().subscribe(track_at("cache/track"), moq::GroupRange{.min = 0, .max = {}}));
  REQUIRE(loop.run_until(
      [&] {
        auto contents = late_recorder.contents();
        return (!contents.empty() && contents.back().first == group_count - 1 &&
                contents.back().second.size() == 1) ||
               late_recorder.error();
      },
      10s));
  REQUIRE_FALSE(late_recorder.error());
  auto contents = late_recorder.contents();
  MESSAGE("the late joiner got groups ", contents.front().first, "..", contents.back().first);
  CHECK(contiguous(contents));
  // The latest group always stays, and counts towards the bound.
  CHECK(contents.size() * group_bytes <= cache_bytes + group_bytes);
  CHECK(contents.size() >= cache_bytes / group_bytes - 1);
  for (const auto& [sequence, frames] : contents) {
    REQUIRE(frames.size() == 1);
    CHECK(frames[0] == std::string(group_bytes, static_cast<char>('a' + sequence % 26)));
  }
}

TEST_CASE("an announcement request beyond --max-announce-requests is refused with 11 and the session goes on") {
  RelayProcess relay({"--max-announce-requests", "1"});
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  RelayClient watcher(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready() && watcher.ready(); }, 5s));
  // Changes a request saw so far; an error ends the list.
  auto follow = [](moq::AnnouncedConsumer& announced, std::vector<moq::Announcement>& seen,
                   std::optional<uint64_t>& error) {
    try {
      for (auto next = announced.next(); next.is_ready(); next = announced.next()) seen.push_back(next.value());
    } catch (const moq::Error& e) {
      error = e.code();
    }
  };
  auto kept = watcher.session().announced(moq::Path::parse("room"));
  std::vector<moq::Announcement> kept_seen;
  std::optional<uint64_t> kept_error;
  // The first request is in place (its initial set ends with live) before the second goes out.
  REQUIRE(loop.run_until(
      [&] {
        follow(kept, kept_seen, kept_error);
        return !kept_seen.empty() || kept_error;
      },
      5s));
  REQUIRE_FALSE(kept_error);
  auto refused = watcher.session().announced(moq::Path::parse("other"));
  std::vector<moq::Announcement> refused_seen;
  std::optional<uint64_t> refusal;
  REQUIRE(loop.run_until(
      [&] {
        follow(refused, refused_seen, refusal);
        return refusal.has_value();
      },
      5s));
  CHECK(*refusal == moq::code::bounds_exceeded);
  CHECK(refused_seen.empty());

  // The request that fit still follows the room.
  moq::TrackProducer producer(track_at("room/a"));
  publisher.session().publish(producer.consume());
  REQUIRE(loop.run_until(
      [&] {
        follow(kept, kept_seen, kept_error);
        return kept_seen.back().kind == moq::Announcement::Kind::active || kept_error;
      },
      5s));
  CHECK_FALSE(kept_error);
  CHECK(kept_seen.back().name == moq::Path::parse("a"));
  CHECK_FALSE(watcher.ended());
}
