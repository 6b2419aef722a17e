// Sessions over real QUIC: delivery at scale.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

#include "moq/track.h"
#include "quic_sessions.h"
#include "track_reader.h"

using namespace std::chrono_literals;
using moq::test::QuicSessions;
using moq::test::TrackReader;
using moq::test::track_at;

TEST_CASE("10,000 groups arrive over loopback QUIC in order, none lost") {
  // Ascending order, as for piping: oldest groups first. (Descending order sends the newest
  // first, and a burst bigger than the backlog bounds then drops the oldest, as live media wants.)
  QuicSessions sessions;
  moq::Track bulk = track_at("bulk/groups");
  bulk.group_order = moq::GroupOrder::ascending;
  moq::TrackProducer track(bulk);
  sessions.origin->publish(track.consume());
  TrackReader reader(sessions.client_session->subscribe(bulk));
  REQUIRE(sessions.loop.run_until([&] { return sessions.server_session && sessions.server_session->ready(); }, 5s));
  sessions.loop.run_until([] { return false; }, 200ms);  // the subscription is in place

  constexpr uint64_t groups = 10'000;
  uint64_t written = 0;
  // Writes in bursts on the loop, so the transport interleaves them with acknowledgements.
  moq::EventLoop::Timer writer(sessions.loop, [&] {
    for (int burst = 0; burst < 200 && written < groups; ++burst, ++written) {
      auto group = track.append_group();
      group.write_frame(moq::Bytes(std::string("group ") + std::to_string(written)));
      group.finish();
    }
    if (written < groups) {
      writer.arm_after(1ms);
    } else {
      track.finish();
    }
  });
  writer.arm_after(0ms);
  REQUIRE(sessions.loop.run_until([&] { return reader.ended() || reader.failure(); }, 60s));
  CHECK_FALSE(reader.failure());
  CHECK(reader.dropped_groups() == 0);
  CHECK(reader.frames() == groups);
  std::vector<uint64_t> expected(groups);
  std::iota(expected.begin(), expected.end(), reader.group_sequences().empty() ? 0 : reader.group_sequences()[0]);
  CHECK(reader.group_sequences() == expected);
}
