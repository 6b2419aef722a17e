#include "moq/broadcast.h"

#include <doctest/doctest.h>

#include <optional>
#include <vector>

#include "model_test_util.h"
#include "moq/error.h"

using moq::test::text;
using Kind = moq::Announcement::Kind;

namespace {

moq::Announcement next(moq::BroadcastConsumer& consumer) {
  auto announcement = consumer.next_announcement();
  REQUIRE(announcement.is_ready());
  return announcement.value();
}

moq::Path path(const char* text) { return moq::Path::parse(text); }

uint64_t error_code(auto&& call) {
  try {
    call();
  } catch (const moq::Error& e) {
    return e.code();
  }
  FAIL("no error");
  return 0;
}

}  // namespace

TEST_CASE("a broadcast creates tracks under its prefix and hands out consumers by name") {
  moq::BroadcastProducer broadcast(path("room/alice"));
  auto video = broadcast.create_track(moq::Track{.path = path("video"), .priority = 2});
  CHECK(video.track().path == path("room/alice/video"));
  CHECK(video.track().priority == 2);
  broadcast.create_track(moq::Track{.path = path("audio")});

  auto consumer = broadcast.consume();
  CHECK(consumer.prefix() == path("room/alice"));
  CHECK(consumer.track_names() == std::vector<moq::Path>{path("audio"), path("video")});
  CHECK_FALSE(consumer.get_track(path("chat")));
  auto track = consumer.get_track(path("video"));
  REQUIRE(track);
  auto group = video.append_group();
  group.write_frame(text("frame"));
  auto reader = moq::test::next_group(*track);
  CHECK(moq::test::next_frame(reader).view() == "frame");

  CHECK(error_code([&] { broadcast.create_track(moq::Track{.path = path("video")}); }) == moq::code::duplicate);
  CHECK(error_code([&] { broadcast.remove_track(path("chat")); }) == moq::code::not_found);
}

TEST_CASE("announcements: existing tracks, live, then changes") {
  moq::BroadcastProducer broadcast(path("b"));
  broadcast.create_track(moq::Track{.path = path("one")});
  broadcast.create_track(moq::Track{.path = path("two")});
  auto consumer = broadcast.consume();
  int calls = 0;
  consumer.on_change([&] { ++calls; });

  CHECK(next(consumer) == moq::Announcement{Kind::active, path("one")});
  CHECK(next(consumer) == moq::Announcement{Kind::active, path("two")});
  CHECK(next(consumer) == moq::Announcement{Kind::live, moq::Path()});
  CHECK(consumer.next_announcement().is_pending());

  broadcast.create_track(moq::Track{.path = path("three")});
  CHECK(calls == 1);
  auto copy = consumer;  // has its own position
  CHECK(next(consumer) == moq::Announcement{Kind::active, path("three")});
  broadcast.remove_track(path("one"));
  CHECK(calls == 2);
  CHECK(next(consumer) == moq::Announcement{Kind::ended, path("one")});
  CHECK(consumer.next_announcement().is_pending());

  // A track replaced under the same name between two polls is ended, then active again.
  broadcast.remove_track(path("two"));
  broadcast.create_track(moq::Track{.path = path("two")});
  CHECK(next(consumer) == moq::Announcement{Kind::ended, path("two")});
  CHECK(next(consumer) == moq::Announcement{Kind::active, path("two")});
  CHECK(consumer.next_announcement().is_pending());

  CHECK(next(copy) == moq::Announcement{Kind::ended, path("one")});
  CHECK(next(copy) == moq::Announcement{Kind::active, path("three")});
  CHECK(next(copy) == moq::Announcement{Kind::ended, path("two")});
  CHECK(next(copy) == moq::Announcement{Kind::active, path("two")});
}

TEST_CASE("removing a track cancels it unless its producer is still held") {
  moq::BroadcastProducer broadcast(path("b"));
  auto kept = broadcast.create_track(moq::Track{.path = path("kept")});
  broadcast.create_track(moq::Track{.path = path("dropped")});
  auto consumer = broadcast.consume();
  auto kept_reader = *consumer.get_track(path("kept"));
  auto dropped_reader = *consumer.get_track(path("dropped"));
  broadcast.remove_track(path("kept"));
  broadcast.remove_track(path("dropped"));
  CHECK(kept_reader.next_group().is_pending());
  CHECK(error_code([&] { dropped_reader.next_group(); }) == moq::code::cancel);
  CHECK_FALSE(consumer.get_track(path("kept")));
}

TEST_CASE("the end of a broadcast ends every track and the announcements") {
  std::optional<moq::BroadcastProducer> broadcast(path("b"));
  broadcast->create_track(moq::Track{.path = path("t")});
  auto consumer = broadcast->consume();
  auto track = *consumer.get_track(path("t"));
  CHECK(next(consumer).kind == Kind::active);
  CHECK(next(consumer).kind == Kind::live);
  // A callback may look at the broadcast while it ends.
  std::vector<size_t> seen_sizes;
  consumer.on_change([&] { seen_sizes.push_back(consumer.track_names().size()); });
  broadcast.reset();
  CHECK(seen_sizes == std::vector<size_t>{0});
  CHECK(next(consumer) == moq::Announcement{Kind::ended, path("t")});
  CHECK(consumer.next_announcement().is_end());
  CHECK_FALSE(consumer.get_track(path("t")));
  CHECK(error_code([&] { track.next_group(); }) == moq::code::cancel);
}
