// moq-relay fan-out at scale: the real binary as a child process, one publisher and 50
// subscribers as real QUIC sessions in this process. Labelled slow (skipped under sanitizers).

#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

using namespace std::chrono_literals;
using namespace moq::test;
using moq::Path;

TEST_CASE("one publisher, 50 subscribers: every frame arrives byte-identical over one upstream subscription") {
  RelayProcess relay;
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  moq::TrackProducer producer(track_at("room/alice/video"));
  REQUIRE(loop.run_until([&] { return publisher.ready(); }, 5s));
  publisher.session().publish(producer.consume());
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_tracks", 1));

  constexpr size_t subscriber_count = 50;
  std::vector<std::unique_ptr<RelayClient>> subscribers;
  for (size_t i = 0; i < subscriber_count; ++i) subscribers.push_back(std::make_unique<RelayClient>(loop, relay));
  REQUIRE(loop.run_until([&] { return all_ready(subscribers); }, 10s));
  std::vector<std::unique_ptr<Recorder>> recorders;
  for (auto& subscriber : subscribers) {
    recorders.push_back(std::make_unique<Recorder>(subscriber->session().subscribe(track_at("room/alice/video"))));
  }
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_subscribers", subscriber_count, 10s));
  CHECK(metric_value(metrics_of(relay), "moq_relay_upstream_subscriptions") == 1);

  constexpr size_t group_count = 12;
  constexpr size_t frames_per_group = 4;
  size_t written = 0;
  auto all_ended = [&] {
    for (auto& recorder : recorders) {
      if (!recorder->ended() && !recorder->error()) return false;
    }
    return true;
  };
  // Paced a little, as a live source is: a group every few milliseconds.
  REQUIRE(loop.run_until(
      [&] {
        if (written < group_count) {
          write_group(producer, frames_per_group);
          if (++written == group_count) producer.finish();
        }
        return all_ended();
      },
      30s));
  auto metrics = metrics_of(relay);
  CHECK(metric_value(metrics, "moq_relay_groups_in_total") == group_count);
  CHECK(metric_value(metrics, "moq_relay_groups_out_total") == group_count * subscriber_count);
  CHECK(metric_value(metrics, "moq_relay_upstream_subscriptions_total") == 1);
  for (auto& recorder : recorders) {
    REQUIRE_FALSE(recorder->error());
    CHECK(recorder->dropped().empty());
    auto contents = recorder->contents();
    REQUIRE(contents.size() == group_count);
    for (size_t g = 0; g < group_count; ++g) {
      CHECK(contents[g].first == g);
      REQUIRE(contents[g].second.size() == frames_per_group);
      for (size_t f = 0; f < frames_per_group; ++f) CHECK(contents[g].second[f] == frame_payload(g, f));
    }
  }
  // Everyone left: the relay dropped its upstream subscription.
  recorders.clear();
  CHECK(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 0));
}

