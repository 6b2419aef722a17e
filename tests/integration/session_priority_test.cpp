// Sessions over real QUIC through a rate-limited link: track priority decides who gets the line.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "moq/track.h"
#include "quic_sessions.h"
#include "track_reader.h"

using namespace std::chrono_literals;
using moq::test::QuicSessions;
using moq::test::TrackReader;
using moq::test::track_at;

TEST_CASE("under a bottleneck the high-priority track keeps its rate and the low one starves") {
  // 250 KB/s link; the high track offers 150 KB/s, the low one 300 KB/s. With priorities the high
  // track gets all it offers; shared in proportion it would get about 83 KB/s.
  constexpr uint64_t link_rate = 250'000;
  QuicSessions sessions(moq::test::LinkLimit{link_rate, 64 * 1024});
  moq::TrackProducer high(track_at("live/high", 10));
  moq::TrackProducer low(track_at("live/low", -10));
  sessions.origin->publish(high.consume());
  sessions.origin->publish(low.consume());
  TrackReader high_reader(sessions.client_session->subscribe(track_at("live/high", 10)));
  TrackReader low_reader(sessions.client_session->subscribe(track_at("live/low", -10)));
  sessions.loop.run_until([] { return false; }, 300ms);

  // Every 10 ms: one 1,500-byte frame (a group each) on the high track and two on the low one.
  const moq::Bytes payload(std::string(1500, 'x'));
  moq::EventLoop::Timer producer(sessions.loop, [&] {
    auto write_group = [&](moq::TrackProducer& track) {
      auto group = track.append_group();
      group.write_frame(payload);
      group.finish();
    };
    write_group(high);
    write_group(low);
    write_group(low);
    producer.arm_after(10ms);
  });
  producer.arm_after(0ms);

  sessions.loop.run_until([] { return false; }, 1s);  // warm-up: congestion control settles
  uint64_t high_start = high_reader.bytes();
  uint64_t low_start = low_reader.bytes();
  constexpr double window_seconds = 3.0;
  sessions.loop.run_until([] { return false; }, 3s);
  double high_rate = static_cast<double>(high_reader.bytes() - high_start) / window_seconds;
  double low_rate = static_cast<double>(low_reader.bytes() - low_start) / window_seconds;
  MESSAGE("high " << high_rate / 1000 << " KB/s, low " << low_rate / 1000 << " KB/s, link "
                  << link_rate / 1000 << " KB/s");
  CHECK_FALSE(high_reader.failure());
  CHECK_FALSE(low_reader.failure());
  CHECK(high_rate >= 0.9 * 150'000);
  CHECK(low_rate <= 0.6 * 300'000);
  CHECK(high_rate + low_rate <= 1.05 * link_rate);
}
