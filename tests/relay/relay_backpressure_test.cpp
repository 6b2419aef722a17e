// Back-pressure through moq-relay: when every subscriber of a track is behind, the relay stops
// returning flow-control credit to the publisher instead of dropping the subscribers' groups.

#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

using namespace std::chrono_literals;
using namespace moq::test;

namespace {

constexpr size_t group_bytes = 64 * 1024;

std::string payload_of(uint64_t sequence, size_t size) { return std::string(size, static_cast<char>('a' + sequence % 26)); }

void write_whole_group(moq::TrackProducer& producer, size_t size) {
  auto group = producer.append_group();
  group.write_frame(moq::Bytes(payload_of(group.sequence(), size)));
  group.finish();
}

// Turns the publisher's loop most of the time and the subscriber's a little in every turn,
// until done() or the timeout.
bool run_with_slow_reader(moq::EventLoop& loop, moq::EventLoop& slow_loop, const std::function<bool()>& done,
                          std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    loop.run_until(done, 9ms);
    slow_loop.run_until(done, 1ms);
  }
  return true;
}

// Publishes group_count groups of one frame_bytes frame each through a relay with the given
// --backlog-bytes to one subscriber whose loop turns a tenth of the time (the first group once
// the relay's subscription reached the publisher, as one written before would not be
// delivered, then the rest all at once), and checks that every group arrives whole.
void check_bulk_reaches_slow_subscriber(const std::string& backlog_bytes, size_t group_count, size_t frame_bytes) {
  RelayProcess relay({"--backlog-bytes", backlog_bytes});
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready(); }, 5s));
  moq::TrackProducer producer(track_at("bulk/track"));
  publisher.session().publish(producer.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 1));

  moq::EventLoop slow_loop;
  RelayClient subscriber(slow_loop, relay);
  REQUIRE(slow_loop.run_until([&] { return subscriber.ready(); }, 5s));
  Recorder recorder(subscriber.session().subscribe(track_at("bulk/track")));
  REQUIRE(run_with_slow_reader(
      loop, slow_loop, [&] { return metric_value(metrics_of(relay), "moq_relay_upstream_subscriptions") == 1; }, 5s));
  write_whole_group(producer, frame_bytes);
  REQUIRE(run_with_slow_reader(loop, slow_loop, [&] { return recorder.group_count() == 1; }, 5s));
  for (size_t g = 1; g < group_count; ++g) write_whole_group(producer, frame_bytes);
  producer.finish();
  REQUIRE(run_with_slow_reader(loop, slow_loop, [&] { return recorder.ended() || recorder.error().has_value(); },
                               30s));

  if (recorder.error()) FAIL("the subscription failed with " << recorder.error()->code() << "\n" << relay.log());
  CHECK(recorder.dropped().empty());
  auto contents = recorder.contents();
  REQUIRE(contents.size() == group_count);
  for (size_t g = 0; g < group_count; ++g) {
    CHECK(contents[g].first == g);
    CHECK(contents[g].second == std::vector<std::string>{payload_of(g, frame_bytes)});
  }
  CHECK(metric_value(metrics_of(relay), "moq_relay_groups_reset_out_total") == 0);
}

}  // namespace

TEST_CASE("bulk at full speed through the relay to one slow subscriber arrives whole: the publisher is held back") {
  // 4 MiB at once, four times the relay's backlog towards its only subscriber. Without
  // back-pressure the relay takes everything at once and drops the oldest groups of that backlog.
  check_bulk_reaches_slow_subscriber("1000000", 64, group_bytes);
}

TEST_CASE("frames larger than a stream's receive buffer, held back for a slow subscriber, arrive whole") {
  // A paused group stream hands over all it held at once when it resumes: more than the 1 MiB
  // a group stream's parser buffers, which once failed the group (reset towards the subscriber).
  // The backlog has room for two of them: the subscriber is behind, not dropped.
  check_bulk_reaches_slow_subscriber("4000000", 8, 3 * 1024 * 1024 / 2);
}
