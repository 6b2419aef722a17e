// Publishing and subscribing between two of our sessions: frames, joining, ends and errors,
// de-duplication, info and fetch.

#include "moq/broadcast.h"
#include "session_test_util.h"

using namespace session_test;
using moq::Path;

namespace {

// An origin that counts the track lookups the session makes (one per network subscription).
struct CountingOrigin : moq::Origin {
  std::shared_ptr<moq::LocalOrigin> local = std::make_shared<moq::LocalOrigin>();
  int lookups = 0;
  std::optional<moq::TrackConsumer> track(const Path& path, moq::GroupRange range) override {
    ++lookups;
    return local->track(path, range);
  }
  moq::AnnouncedConsumer announced(const Path& prefix) override { return local->announced(prefix); }
};

}  // namespace

TEST_CASE("frames published on one side reach a subscriber on the other") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("room/alice/video"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("room/alice/video"));
  pair.run();

  auto group = producer.append_group();
  group.write_frame(text("hello"));
  auto frame = group.create_frame(10);
  frame.write(text("01234"));
  frame.write(text("56789"));
  group.write_frame(text(""));
  group.finish();
  pair.run();

  auto reading = read_track(consumer);
  CHECK(reading.sequences == std::vector<uint64_t>{0});
  REQUIRE(reading.frames.size() == 1);
  CHECK(reading.frames[0] == std::vector<std::string>{"hello", "0123456789", ""});
  CHECK_FALSE(reading.ended);
  CHECK_FALSE(reading.error);
}

TEST_CASE("frame chunks are delivered as they arrive") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("a"));
  pair.run();
  auto group = producer.append_group();
  auto frame = group.create_frame(6);
  frame.write(text("abc"));
  pair.run();

  auto item = consumer.next_group();
  REQUIRE(item.is_ready());
  auto& received = std::get<moq::GroupConsumer>(item.value());
  auto next = received.next_frame();
  REQUIRE(next.is_ready());
  auto chunk = next.value().read();
  REQUIRE(chunk.is_ready());
  CHECK(chunk.value().view() == "abc");
  CHECK(next.value().read().is_pending());
  frame.write(text("def"));
  pair.run();
  chunk = next.value().read();
  REQUIRE(chunk.is_ready());
  CHECK(chunk.value().view() == "def");
}

TEST_CASE("a subscriber joins at the latest group and follows") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  for (int i = 0; i < 3; ++i) {
    auto group = producer.append_group();
    group.write_frame(text(label("g", i)));
    group.finish();
  }
  auto consumer = pair.client->subscribe(track_at("a"));
  pair.run();
  auto group = producer.append_group();
  group.write_frame(text("g3"));
  group.finish();
  pair.run();
  auto reading = read_track(consumer);
  CHECK(reading.sequences == std::vector<uint64_t>{2, 3});
  CHECK(reading.frames == std::vector<std::vector<std::string>>{{"g2"}, {"g3"}});
}

TEST_CASE("the end of a track ends the subscription cleanly") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("a"));
  pair.run();
  auto group = producer.append_group();
  group.write_frame(text("last"));
  group.finish();
  producer.finish();
  pair.run();
  auto reading = read_track(consumer);
  CHECK(reading.frames == std::vector<std::vector<std::string>>{{"last"}});
  CHECK(reading.ended);
  CHECK_FALSE(reading.error);
}

TEST_CASE("a track abort reaches the subscriber with its code") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("a"));
  pair.run();
  producer.abort(moq::code::app_base + 7);
  pair.run();
  CHECK(read_track(consumer).error == moq::code::app_base + 7);
}

TEST_CASE("subscribing to an unknown path fails with 13") {
  SessionPair pair;
  auto consumer = pair.client->subscribe(track_at("nobody/here"));
  pair.run();
  CHECK(read_track(consumer).error == moq::code::not_found);
  // The session itself goes on.
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  auto working = pair.client->subscribe(track_at("a"));
  pair.run();
  append_group(producer, {"x"});
  pair.run();
  CHECK(read_track(working).sequences == std::vector<uint64_t>{0});
}

TEST_CASE("two local subscriptions share one network subscription, which ends with the last") {
  auto origin = std::make_shared<CountingOrigin>();
  SessionPair pair({}, options([&](auto& o) { o.origin = origin; }));
  moq::TrackProducer producer(track_at("a"));
  origin->local->publish(producer.consume());
  size_t consumers_before = producer.consumer_count();

  std::optional<moq::TrackConsumer> first = pair.client->subscribe(track_at("a"));
  std::optional<moq::TrackConsumer> second = pair.client->subscribe(track_at("a"));
  pair.run();
  CHECK(origin->lookups == 1);
  CHECK(producer.consumer_count() == consumers_before + 1);

  auto group = producer.append_group();
  group.write_frame(text("shared"));
  group.finish();
  pair.run();
  CHECK(read_track(*first).frames == std::vector<std::vector<std::string>>{{"shared"}});
  CHECK(read_track(*second).frames == std::vector<std::vector<std::string>>{{"shared"}});

  first.reset();
  pair.run();
  CHECK(producer.consumer_count() == consumers_before + 1);
  second.reset();
  pair.run();
  CHECK(producer.consumer_count() == consumers_before);

  // A new subscription after that is a new network subscription.
  auto third = pair.client->subscribe(track_at("a"));
  pair.run();
  CHECK(origin->lookups == 2);
}

TEST_CASE("publishing on an external origin's session is refused") {
  SessionPair pair({}, options([&](auto& o) { o.origin = std::make_shared<CountingOrigin>(); }));
  moq::TrackProducer producer(track_at("a"));
  CHECK_THROWS_AS(pair.server->publish(producer.consume()), moq::Error);
}

TEST_CASE("tracks of a published broadcast are served under its prefix") {
  SessionPair pair;
  moq::BroadcastProducer broadcast(Path::parse("room/alice"));
  auto video = broadcast.create_track(track_at("video"));
  pair.server->publish(broadcast.consume());
  auto consumer = pair.client->subscribe(track_at("room/alice/video"));
  pair.run();
  append_group(video, {"frame"});
  pair.run();
  CHECK(read_track(consumer).frames == std::vector<std::vector<std::string>>{{"frame"}});
}

TEST_CASE("info reports the publisher's track, or 13") {
  SessionPair pair;
  moq::Track track = track_at("a/b");
  track.priority = -1;
  track.group_order = moq::GroupOrder::ascending;
  track.group_expires = std::chrono::milliseconds(1500);
  moq::TrackProducer producer(track);
  pair.server->publish(producer.consume());
  for (int i = 0; i < 301; ++i) producer.append_group().finish();

  std::optional<moq::TrackInfo> info;
  std::optional<moq::Error> failure;
  pair.client->info(Path::parse("a/b"), [&](const moq::TrackInfo& i) { info = i; },
                    [&](const moq::Error& e) { failure = e; });
  pair.run();
  REQUIRE(info);
  CHECK_FALSE(failure);
  CHECK(info->track.path == Path::parse("a/b"));
  CHECK(info->track.priority == -1);
  CHECK(info->track.group_order == moq::GroupOrder::ascending);
  CHECK(info->track.group_expires == std::chrono::milliseconds(1500));
  CHECK(info->latest_group == 300);

  info.reset();
  pair.client->info(Path::parse("x"), [&](const moq::TrackInfo& i) { info = i; },
                    [&](const moq::Error& e) { failure = e; });
  pair.run();
  CHECK_FALSE(info);
  REQUIRE(failure);
  CHECK(failure->code() == moq::code::not_found);
}

TEST_CASE("fetch serves a cached group from a frame index, or 13") {
  SessionPair pair;
  moq::TrackOptions cache;
  cache.cache_groups = 4;
  moq::TrackProducer producer(track_at("a"), cache);
  pair.server->publish(producer.consume());
  for (int g = 0; g < 3; ++g) {
    auto group = producer.append_group();
    for (int f = 0; f < 3; ++f) group.write_frame(text(label(std::to_string(g) + ".", f)));
    group.finish();
  }
  auto fetched = pair.client->fetch(Path::parse("a"), 1, 1);
  auto missing = pair.client->fetch(Path::parse("a"), 9);
  pair.run();
  CHECK(fetched.sequence() == 1);
  bool ended = false;
  CHECK(read_group(fetched, nullptr, &ended) == std::vector<std::string>{"1.1", "1.2"});
  CHECK(ended);
  std::optional<uint64_t> error;
  CHECK(read_group(missing, &error).empty());
  CHECK(error == moq::code::not_found);
}

TEST_CASE("closing the session fails the subscriptions with the close code") {
  SessionPair pair;
  moq::TrackProducer producer(track_at("a"));
  pair.server->publish(producer.consume());
  auto consumer = pair.client->subscribe(track_at("a"));
  pair.run();
  pair.server->close(moq::code::app_base + 1, "going away");
  pair.run();
  CHECK(read_track(consumer).error == moq::code::app_base + 1);
  auto late = pair.client->subscribe(track_at("a"));
  CHECK(read_track(late).error == moq::code::app_base + 1);
}

TEST_CASE("both sides may publish and subscribe on one session") {
  SessionPair pair;
  moq::TrackProducer from_client(track_at("up"));
  moq::TrackProducer from_server(track_at("down"));
  pair.client->publish(from_client.consume());
  pair.server->publish(from_server.consume());
  auto up = pair.server->subscribe(track_at("up"));
  auto down = pair.client->subscribe(track_at("down"));
  pair.run();
  append_group(from_client, {"u"});
  append_group(from_server, {"d"});
  pair.run();
  CHECK(read_track(up).frames == std::vector<std::vector<std::string>>{{"u"}});
  CHECK(read_track(down).frames == std::vector<std::vector<std::string>>{{"d"}});
}
