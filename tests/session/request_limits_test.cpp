// What a peer may ask of a session at once (SessionOptions::max_peer_subscriptions and
// max_peer_announce_requests): one request more is refused on its own stream, nothing else is.

#include "session_test_util.h"

using namespace session_test;
using moq::Path;

TEST_CASE("a subscription beyond max_peer_subscriptions is refused with 11 and the others go on") {
  SessionPair pair({}, options([](moq::SessionOptions& o) { o.max_peer_subscriptions = 2; }));
  moq::TrackProducer a(track_at("a"));
  moq::TrackProducer b(track_at("b"));
  moq::TrackProducer c(track_at("c"));
  for (auto* producer : {&a, &b, &c}) pair.server->publish(producer->consume());
  auto first = pair.client->subscribe(track_at("a"));
  auto second = pair.client->subscribe(track_at("b"));
  pair.run();
  auto third = pair.client->subscribe(track_at("c"));
  pair.run();
  CHECK(read_track(third).error == moq::code::bounds_exceeded);

  append_group(a, {"a0"});
  append_group(b, {"b0"});
  a.finish();
  b.finish();
  pair.run();
  auto read_first = read_track(first);
  auto read_second = read_track(second);
  CHECK(read_first.frames == std::vector<std::vector<std::string>>{{"a0"}});
  CHECK(read_second.frames == std::vector<std::vector<std::string>>{{"b0"}});
  CHECK_FALSE(read_first.error);
  CHECK_FALSE(read_second.error);
  CHECK_FALSE(pair.client->closed());
}

TEST_CASE("an announcement request beyond max_peer_announce_requests is refused with 11") {
  SessionPair pair({}, options([](moq::SessionOptions& o) { o.max_peer_announce_requests = 1; }));
  moq::TrackProducer track(track_at("room/a"));
  pair.server->publish(track.consume());
  auto kept = pair.client->announced(Path::parse("room"));
  pair.run();
  auto refused = pair.client->announced(Path::parse("other"));
  pair.run();
  std::optional<uint64_t> error;
  try {
    while (refused.next().is_ready()) {
    }
  } catch (const moq::Error& e) {
    error = e.code();
  }
  CHECK(error == moq::code::bounds_exceeded);
  auto announcement = kept.next();
  REQUIRE(announcement.is_ready());
  CHECK(announcement.value().name == Path::parse("a"));
  CHECK_FALSE(pair.client->closed());
}
