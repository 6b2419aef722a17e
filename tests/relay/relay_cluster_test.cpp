// Three moq-relay processes in a cluster on loopback: a root and two nodes linked to it.
// Publishers and subscribers are real sessions on different nodes.

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moq/announced.h"
#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

using namespace std::chrono_literals;
using namespace moq::test;
using moq::Path;

namespace {

// A short idle timeout, so that a killed relay is noticed within a second or two.
const std::vector<std::string> quick_idle = {"--idle-timeout", "1000"};

std::vector<std::string> node_of(const RelayProcess& root) {
  std::vector<std::string> args = {"--cluster-root", root.url(), "--cluster-fingerprint", root.fingerprint()};
  args.insert(args.end(), quick_idle.begin(), quick_idle.end());
  return args;
}

bool wait_for_log(moq::EventLoop& loop, const RelayProcess& relay, const std::string& text,
                  std::chrono::milliseconds timeout = 5s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (relay.log().find(text) != std::string::npos) return true;
    loop.run_until([] { return false; }, 20ms);
  }
  return false;
}

struct Cluster {
  RelayProcess root{quick_idle};
  RelayProcess a{node_of(root)};
  RelayProcess b{node_of(root)};

  bool linked(moq::EventLoop& loop) {
    return wait_for_log(loop, a, "linked to root") && wait_for_log(loop, b, "linked to root");
  }
};

// Follows announcements under a prefix into a list.
struct AnnouncementLog {
  explicit AnnouncementLog(moq::AnnouncedConsumer consumer) : announced(std::move(consumer)) {
    announced.on_change([this] {
      try {
        for (auto next = announced.next(); next.is_ready(); next = announced.next()) seen.push_back(next.value());
      } catch (const moq::Error& failure) {
        error = failure;
      }
    });
  }
  bool has(moq::Announcement::Kind kind, const Path& name) const {
    for (const auto& each : seen) {
      if (each.kind == kind && each.name == name) return true;
    }
    return false;
  }
  moq::AnnouncedConsumer announced;
  std::vector<moq::Announcement> seen;
  std::optional<moq::Error> error;
};


// A track published on node a and followed by a subscriber on node b, its first group delivered.
// The subscriber also follows every announcement, from before the track was published.
struct LiveFeed {
  LiveFeed(moq::EventLoop& loop, Cluster& cluster, std::string_view path)
      : publisher(loop, cluster.a), subscriber(loop, cluster.b), producer(track_at(path)) {
    REQUIRE(loop.run_until([&] { return publisher.ready() && subscriber.ready(); }, 5s));
    log.emplace(subscriber.session().announced(Path{}));
    publisher.session().publish(producer.consume());
    REQUIRE(wait_for_metric(loop, cluster.b, "moq_relay_tracks", 1));
    recorder.emplace(subscriber.session().subscribe(track_at(path)));
    REQUIRE(wait_for_metric(loop, cluster.a, "moq_relay_upstream_subscriptions", 1));
    write_group(producer, 1);
    REQUIRE(loop.run_until([&] { return recorder->group_count() == 1 || recorder->error(); }, 5s));
  }
  RelayClient publisher;
  RelayClient subscriber;
  moq::TrackProducer producer;
  std::optional<AnnouncementLog> log;
  std::optional<Recorder> recorder;
};

}  // namespace

TEST_CASE("a track published on one node reaches subscribers on another through one subscription") {
  Cluster cluster;
  moq::EventLoop loop;
  REQUIRE(cluster.linked(loop));
  RelayClient publisher(loop, cluster.a);
  RelayClient first(loop, cluster.b);
  RelayClient second(loop, cluster.b);
  REQUIRE(loop.run_until([&] { return publisher.ready() && first.ready() && second.ready(); }, 5s));
  moq::TrackProducer producer(track_at("room/alice/video"));
  publisher.session().publish(producer.consume());
  // Announced on the root (by node a's link) and on node b (learned from the root).
  REQUIRE(wait_for_metric(loop, cluster.root, "moq_relay_tracks", 1));
  REQUIRE(wait_for_metric(loop, cluster.b, "moq_relay_tracks", 1));

  Recorder one(first.session().subscribe(track_at("room/alice/video")));
  Recorder two(second.session().subscribe(track_at("room/alice/video")));
  REQUIRE(wait_for_metric(loop, cluster.b, "moq_relay_subscribers", 2));
  REQUIRE(wait_for_metric(loop, cluster.a, "moq_relay_upstream_subscriptions", 1));
  write_group(producer, 3);
  REQUIRE(loop.run_until([&] { return (one.group_count() == 1 && two.group_count() == 1) || one.error() || two.error(); }, 5s));
  // One group at a time: a relay serves the newest group first, so a burst could overtake.
  for (size_t group = 1; group < 5; ++group) {
    write_group(producer, 2);
    REQUIRE(loop.run_until(
        [&] { return (one.group_count() > group && two.group_count() > group) || one.error() || two.error(); }, 5s));
  }
  REQUIRE_FALSE(one.error());
  REQUIRE_FALSE(two.error());

  std::vector<std::pair<uint64_t, std::vector<std::string>>> expected = {
      {0, {frame_payload(0, 0), frame_payload(0, 1), frame_payload(0, 2)}}};
  for (uint64_t group = 1; group < 5; ++group) {
    expected.push_back({group, {frame_payload(group, 0), frame_payload(group, 1)}});
  }
  // Each group exactly once, byte for byte (the last frames may still be on their way).
  CHECK(loop.run_until([&] { return one.contents() == expected && two.contents() == expected; }, 5s));
  CHECK(one.group_count() == expected.size());
  CHECK(two.group_count() == expected.size());
  // One relay-to-relay subscription per hop: node b on the root, the root on node a.
  CHECK(metric_value(metrics_of(cluster.b), "moq_relay_upstream_subscriptions") == 1u);
  CHECK(metric_value(metrics_of(cluster.root), "moq_relay_upstream_subscriptions") == 1u);
  CHECK(metric_value(metrics_of(cluster.root), "moq_relay_subscribers") == 1u);
  CHECK(metric_value(metrics_of(cluster.a), "moq_relay_upstream_subscriptions") == 1u);
}

TEST_CASE("announcements cross the cluster and leave with their publisher") {
  Cluster cluster;
  moq::EventLoop loop;
  REQUIRE(cluster.linked(loop));
  RelayClient publisher(loop, cluster.a);
  RelayClient watcher(loop, cluster.b);
  REQUIRE(loop.run_until([&] { return publisher.ready() && watcher.ready(); }, 5s));
  AnnouncementLog log(watcher.session().announced(Path::parse("room")));
  moq::TrackProducer producer(track_at("room/carol/audio"));
  publisher.session().publish(producer.consume());
  REQUIRE(loop.run_until([&] { return log.has(moq::Announcement::Kind::active, Path::parse("carol/audio")); }, 5s));

  publisher.drop();
  REQUIRE(loop.run_until([&] { return log.has(moq::Announcement::Kind::ended, Path::parse("carol/audio")); }, 5s));
  CHECK(wait_for_metric(loop, cluster.root, "moq_relay_tracks", 0));
  CHECK(wait_for_metric(loop, cluster.b, "moq_relay_tracks", 0));
  // Nothing echoed back: node a never took its own track for the root's.
  CHECK(cluster.a.log().find("refused") == std::string::npos);
  CHECK(cluster.b.log().find("refused") == std::string::npos);
}

TEST_CASE("when the root dies, subscribers on a node get an error and the node retries") {
  Cluster cluster;
  moq::EventLoop loop;
  REQUIRE(cluster.linked(loop));
  LiveFeed feed(loop, cluster, "live/feed");
  auto& recorder = *feed.recorder;

  REQUIRE(cluster.root.signal_and_wait(SIGKILL, 2s));
  REQUIRE(loop.run_until([&] { return recorder.error() || recorder.ended(); }, 8s));
  REQUIRE(recorder.error());
  CHECK(recorder.error()->code() == moq::code::transport);
  CHECK(loop.run_until([&] { return feed.log->has(moq::Announcement::Kind::ended, Path::parse("live/feed")); }, 5s));
  CHECK(wait_for_log(loop, cluster.b, "retrying in"));
  CHECK_FALSE(feed.subscriber.ended());
  CHECK_FALSE(feed.log->error);
}

TEST_CASE("when the publisher's node dies, subscribers on another node get an error") {
  Cluster cluster;
  moq::EventLoop loop;
  REQUIRE(cluster.linked(loop));
  LiveFeed feed(loop, cluster, "live/other");
  auto& recorder = *feed.recorder;

  REQUIRE(cluster.a.signal_and_wait(SIGKILL, 2s));
  REQUIRE(loop.run_until([&] { return recorder.error() || recorder.ended(); }, 8s));
  REQUIRE(recorder.error());
  CHECK(recorder.error()->code() == moq::code::transport);
  CHECK(wait_for_metric(loop, cluster.b, "moq_relay_tracks", 0));
}
