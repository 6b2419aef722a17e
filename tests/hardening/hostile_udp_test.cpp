// 100,000 random datagrams at the relay's port while a publisher and a subscriber run through
// it: the relay must stay up, keep the session flowing and not log per bad packet.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <random>

#include "moq/event_loop.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

using namespace std::chrono_literals;
using namespace moq::test;

namespace {

// Sends random datagrams from its own UDP socket; a third look like QUIC Initial packets (long
// header, version 1, a plausible size) so that they get past the first checks.
class Flood {
 public:
  explicit Flood(uint16_t port) : socket_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    REQUIRE(socket_ >= 0);
    target_.sin_family = AF_INET;
    target_.sin_port = htons(port);
    target_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  ~Flood() { ::close(socket_); }
  Flood(const Flood&) = delete;
  Flood& operator=(const Flood&) = delete;

  void send(size_t count) {
    std::array<uint8_t, 1400> packet{};
    for (size_t i = 0; i < count; ++i) {
      size_t size = 1 + random_() % packet.size();
      for (size_t b = 0; b < size; ++b) packet[b] = static_cast<uint8_t>(random_());
      if (sent_ % 3 == 0) {
        size = std::max<size_t>(size, 1200);
        packet[0] = static_cast<uint8_t>(0xc0 | (packet[0] & 0x0f));
        packet[1] = 0, packet[2] = 0, packet[3] = 0, packet[4] = 1;
      }
      // Loopback may drop when the relay's buffer is full: that is part of the test, not a failure.
      ::sendto(socket_, packet.data(), size, 0, reinterpret_cast<const sockaddr*>(&target_), sizeof target_);
      ++sent_;
    }
  }
  size_t sent() const { return sent_; }

 private:
  int socket_;
  sockaddr_in target_{};
  std::mt19937 random_{20261123};
  size_t sent_ = 0;
};

size_t lines_of(const std::string& text) { return static_cast<size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("random datagrams at the relay do not disturb a running session") {
  RelayProcess relay;
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 10s));
  moq::TrackProducer producer(track_at("flood/t"));
  publisher.session().publish(producer.consume());
  Recorder recorder(subscriber.session().subscribe(track_at("flood/t")));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 1, 10s));
  size_t log_lines_before = lines_of(relay.log());

  // 100 datagrams every 5 ms (at most 20,000 a second) and a group every 20 ms.
  constexpr size_t total = 100'000;
  Flood flood(relay.port());
  moq::EventLoop::Timer flooding(loop, [&] {
    flood.send(100);
    if (flood.sent() < total) flooding.arm_after(5ms);
  });
  flooding.arm_after(0ms);
  size_t groups_written = 0;
  while (flood.sent() < total) {
    write_group(producer, 1);
    ++groups_written;
    loop.run_until([] { return false; }, 20ms);
  }
  write_group(producer, 1);
  ++groups_written;
  // Every group written during the flood arrives (none had to be dropped on a healthy link).
  CHECK(loop.run_until([&] { return recorder.group_count() + recorder.dropped().size() >= groups_written || recorder.error(); }, 20s));
  CHECK_FALSE(recorder.error());
  CHECK(recorder.group_count() >= groups_written / 2);
  CHECK_FALSE(publisher.ended());
  CHECK_FALSE(subscriber.ended());
  CHECK(metric_value(metrics_of(relay), "moq_relay_sessions") == 2);
  // Bad packets are not logged one by one.
  CHECK(lines_of(relay.log()) - log_lines_before < 100);
}
