// Caching, eviction, expiry and drop reporting: a slow consumer skips exactly the groups that
// were evicted or expired before it reached them, is told so, and loses nothing else.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "model_test_util.h"
#include "moq/track.h"
#include "test_track.h"

using moq::test::text;
using namespace std::chrono_literals;

namespace {

void write_group(moq::TrackProducer& track, size_t bytes) {
  auto group = track.append_group();
  group.write_frame(moq::Bytes(std::string(bytes, 'x')));
  group.finish();
}

}  // namespace

TEST_CASE("a consumer behind within its backlog loses nothing, even with the default cache") {
  moq::TrackProducer track(moq::test::track_at("t"));
  auto consumer = track.consume();
  for (int g = 0; g < 50; ++g) {
    write_group(track, 10);
  }
  CHECK(track.cached_groups() == 50);
  for (uint64_t sequence = 0; sequence < 50; ++sequence) {
    CHECK(moq::test::next_group(consumer).sequence() == sequence);
  }
  CHECK(consumer.next_group().is_pending());
  // Once read, the groups are no longer needed: only the latest stays cached.
  write_group(track, 10);
  CHECK(track.cached_groups() == 1);
}

TEST_CASE("without consumers the cache keeps the configured number of groups") {
  moq::TrackProducer track(moq::test::track_at("t"), moq::TrackOptions{.cache_groups = 4});
  for (int g = 0; g < 10; ++g) {
    write_group(track, 10);
    CHECK(track.cached_groups() <= 4);
  }
  auto consumer = track.consume();
  for (uint64_t sequence = 0; sequence < 10; ++sequence) {
    CHECK(consumer.get_group(sequence).has_value() == (sequence >= 6));
  }
}

TEST_CASE("without consumers the cache byte bound holds, the latest group is always kept") {
  moq::TrackProducer track(moq::test::track_at("t"), moq::TrackOptions{.cache_groups = 100, .cache_bytes = 1000});
  for (int g = 0; g < 20; ++g) {
    auto group = track.append_group();
    CHECK(track.cached_bytes() <= 1000);
    group.write_frame(moq::Bytes(std::string(300, 'x')));
    group.finish();
  }
  CHECK(track.cached_groups() == 4);
  write_group(track, 5000);
  CHECK(track.latest_sequence() == 20);
  auto consumer = track.consume();
  CHECK(track.cached_groups() == 1);
  CHECK(moq::test::next_group(consumer).sequence() == 20);
}

TEST_CASE("cached_bytes counts exactly what the cached groups hold, as they grow and leave") {
  moq::TrackProducer track(moq::test::track_at("t"), moq::TrackOptions{.cache_groups = 2});
  auto first = track.append_group();
  first.write_frame(moq::Bytes(std::string(100, 'x')));
  CHECK(track.cached_bytes() == 100);
  auto second = track.append_group();
  second.write_frame(moq::Bytes(std::string(20, 'x')));
  // A group still written to after it was cached counts as it grows.
  first.write_frame(moq::Bytes(std::string(5, 'x')));
  CHECK(track.cached_bytes() == 125);
  write_group(track, 7);
  // The oldest left the cache; its later frames no longer count.
  CHECK(track.cached_groups() == 2);
  first.write_frame(moq::Bytes(std::string(1000, 'x')));
  CHECK(track.cached_bytes() == 27);
}

TEST_CASE("a stalled consumer skips exactly the groups beyond its backlog count") {
  moq::TrackProducer track(moq::test::track_at("t"), moq::TrackOptions{.backlog_groups = 3});
  auto stalled = track.consume();
  auto keeping_up = track.consume();
  for (uint64_t sequence = 0; sequence < 10; ++sequence) {
    write_group(track, 10);
    CHECK(moq::test::next_group(keeping_up).sequence() == sequence);
  }
  CHECK(moq::test::next_drop(stalled) == moq::GroupsDropped{0, 7});
  CHECK(moq::test::next_group(stalled).sequence() == 7);
  CHECK(moq::test::next_group(stalled).sequence() == 8);
  CHECK(moq::test::next_group(stalled).sequence() == 9);
  CHECK(stalled.next_group().is_pending());
  CHECK(keeping_up.next_group().is_pending());
  CHECK(track.cached_groups() == 1);
}

TEST_CASE("a stalled consumer skips exactly the groups beyond its backlog bytes") {
  moq::TrackProducer track(moq::test::track_at("t"), moq::TrackOptions{.backlog_bytes = 250});
  auto stalled = track.consume();
  for (int g = 0; g < 10; ++g) {
    write_group(track, 100);
  }
  CHECK(moq::test::next_drop(stalled) == moq::GroupsDropped{0, 8});
  CHECK(moq::test::next_group(stalled).sequence() == 8);
  CHECK(moq::test::next_group(stalled).sequence() == 9);
  CHECK(stalled.next_group().is_pending());
}

TEST_CASE("a consumer never skips the newest group it waits for, however large") {
  moq::TrackProducer track(moq::test::track_at("t"), moq::TrackOptions{.backlog_bytes = 100});
  auto stalled = track.consume();
  write_group(track, 500);
  CHECK(moq::test::next_group(stalled).sequence() == 0);
  write_group(track, 500);
  write_group(track, 500);
  CHECK(moq::test::next_drop(stalled) == moq::GroupsDropped{1, 1});
  CHECK(moq::test::next_group(stalled).sequence() == 2);
}

TEST_CASE("groups expired together are reported once, as one range, before what remains") {
  moq::test::FakeClock clock;
  moq::TrackProducer track(moq::Track{moq::Path::parse("t"), 0, moq::GroupOrder::descending, 100ms},
                           moq::TrackOptions{.clock = clock.source()});
  auto stalled = track.consume();
  write_group(track, 1);  // 0, superseded at +0
  write_group(track, 1);  // 1, superseded at +0
  write_group(track, 1);  // 2, superseded at +50
  clock.advance(50ms);
  write_group(track, 1);  // 3, superseded at +60
  clock.advance(10ms);
  write_group(track, 1);  // 4, the latest
  clock.advance(45ms);    // +105: 0 and 1 have expired, 2 and 3 not yet
  CHECK(moq::test::next_drop(stalled) == moq::GroupsDropped{0, 2});
  CHECK(moq::test::next_group(stalled).sequence() == 2);
  CHECK(moq::test::next_group(stalled).sequence() == 3);
  CHECK(moq::test::next_group(stalled).sequence() == 4);
  CHECK(stalled.next_group().is_pending());
}

TEST_CASE("expiry: a group expires group_expires after a newer one, the latest never does") {
  moq::test::FakeClock clock;
  moq::TrackProducer track(moq::Track{moq::Path::parse("t"), 0, moq::GroupOrder::descending, 100ms},
                           moq::TrackOptions{.cache_groups = 10, .clock = clock.source()});
  auto stalled = track.consume();
  auto reader = track.consume();
  write_group(track, 10);  // 0
  auto held = moq::test::next_group(reader);
  write_group(track, 10);  // 1: 0 is superseded now
  CHECK(moq::test::next_group(reader).sequence() == 1);
  clock.advance(99ms);
  CHECK(stalled.get_group(0).has_value());
  clock.advance(1ms);
  CHECK_FALSE(stalled.get_group(0).has_value());
  CHECK(moq::test::next_drop(stalled) == moq::GroupsDropped{0, 1});
  CHECK(moq::test::next_group(stalled).sequence() == 1);
  // The consumer that already had group 0 keeps reading it after its eviction.
  CHECK(moq::test::next_frame(held).size() == 10);
  CHECK(reader.next_group().is_pending());
  clock.advance(1h);
  CHECK(track.cached_groups() == 1);
  auto joiner = track.consume();
  CHECK(moq::test::next_group(joiner).sequence() == 1);
}

TEST_CASE("memory stays bounded with a stalled consumer") {
  constexpr uint64_t group_bytes = 300;
  const moq::TrackOptions options{.cache_groups = 100, .cache_bytes = 1000, .backlog_groups = 1000,
                                  .backlog_bytes = 2000};
  moq::TrackProducer track(moq::test::track_at("t"), options);
  auto stalled = track.consume();
  for (int g = 0; g < 200; ++g) {
    auto group = track.append_group();
    CHECK(track.cached_bytes() <= options.backlog_bytes + group_bytes);
    group.write_frame(moq::Bytes(std::string(group_bytes, 'x')));
    group.finish();
  }
  auto first = moq::test::next_drop(stalled);
  CHECK(first.first == 0);
  uint64_t seen = first.count;
  while (true) {
    auto item = stalled.next_group();
    if (!item.is_ready()) {
      break;
    }
    auto& group = std::get<moq::GroupConsumer>(item.value());
    CHECK(group.sequence() == seen);
    ++seen;
  }
  CHECK(seen == 200);
}
