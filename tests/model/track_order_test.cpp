// Drop reports from the producer (a received GroupDrop) and strict sequence order (a network
// subscription, whose groups are created in whatever order their streams arrive).
#include <doctest/doctest.h>

#include <functional>

#include "model_test_util.h"
#include "moq/error.h"
#include "moq/track.h"
#include "test_track.h"

using moq::GroupsDropped;
using moq::test::next_drop;
using moq::test::next_group;

namespace {

moq::TrackOptions strict(size_t backlog_groups = 64) {
  moq::TrackOptions options;
  options.strict_order = true;
  options.backlog_groups = backlog_groups;
  return options;
}

void create(moq::TrackProducer& track, uint64_t sequence) { track.create_group(sequence).finish(); }

uint64_t error_code(const std::function<void()>& action) {
  try {
    action();
  } catch (const moq::Error& error) {
    return error.code();
  }
  FAIL("no error thrown");
  return 0;
}

}  // namespace

TEST_CASE("dropped groups are reported in sequence position, with their code") {
  moq::TrackProducer track(moq::test::track_at("t"));
  auto consumer = track.consume();
  create(track, 0);
  create(track, 3);
  // Group 3 is cached but not yet returned: it is reported instead of returned.
  track.drop_groups(1, 3, 13);
  CHECK(next_group(consumer).sequence() == 0);
  CHECK(next_drop(consumer) == GroupsDropped{1, 3, 13});
  CHECK(consumer.next_group().is_pending());
  create(track, 4);
  CHECK(next_group(consumer).sequence() == 4);
  // Ranges already passed are not reported again; a new range after them is.
  track.drop_groups(2, 4, 13);
  CHECK(next_drop(consumer) == GroupsDropped{5, 1, 13});
  CHECK(error_code([&] { track.drop_groups(7, 0, 0); }) == moq::code::bounds_exceeded);
  track.finish();
  CHECK(error_code([&] { track.drop_groups(7, 1, 0); }) == moq::code::protocol_violation);
}

TEST_CASE("adjacent drops merge only when their codes agree") {
  moq::TrackProducer track(moq::test::track_at("t"), strict());
  track.set_start(0);
  auto consumer = track.consume();
  track.drop_groups(0, 2, 13);
  track.drop_groups(2, 1, 13);
  track.drop_groups(3, 1, 64);
  CHECK(next_drop(consumer) == GroupsDropped{0, 3, 13});
  CHECK(next_drop(consumer) == GroupsDropped{3, 1, 64});
  CHECK(consumer.next_group().is_pending());
}

TEST_CASE("strict order: consumers wait for the start, then get every group in order") {
  moq::TrackProducer track(moq::test::track_at("t"), strict());
  auto early = track.consume();
  // Groups overtake the start: held, not returned.
  create(track, 5);
  create(track, 3);
  create(track, 1);
  CHECK(early.next_group().is_pending());
  auto copy = early;
  track.set_start(2);
  create(track, 2);
  create(track, 4);
  for (auto* consumer : {&early, &copy}) {
    for (uint64_t sequence = 2; sequence <= 5; ++sequence) {
      CHECK(next_group(*consumer).sequence() == sequence);
    }
    CHECK(consumer->next_group().is_pending());
  }
  // A joiner starts at the newest group; a group older than it never reaches it.
  auto joiner = track.consume();
  create(track, 7);
  CHECK(next_group(joiner).sequence() == 5);
  CHECK(joiner.next_group().is_pending());
  create(track, 6);
  CHECK(next_group(joiner).sequence() == 6);
  CHECK(next_group(joiner).sequence() == 7);
  CHECK(next_group(early).sequence() == 6);
}

TEST_CASE("strict order: a joiner before any group starts at the start, not at the first to come") {
  moq::TrackProducer track(moq::test::track_at("t"), strict());
  track.set_start(0);
  auto consumer = track.consume();
  for (uint64_t sequence : {3, 2, 1, 0}) create(track, sequence);
  for (uint64_t sequence = 0; sequence <= 3; ++sequence) {
    CHECK(next_group(consumer).sequence() == sequence);
  }
}

TEST_CASE("strict order: a missing group is waited for, then given up when the backlog is full") {
  moq::TrackProducer track(moq::test::track_at("t"), strict(3));
  track.set_start(0);
  auto consumer = track.consume();
  create(track, 1);
  create(track, 2);
  CHECK(consumer.next_group().is_pending());
  // Three waiting behind the missing group 0 make four: over the bound of 3.
  create(track, 3);
  CHECK(next_drop(consumer) == GroupsDropped{0, 1, moq::code::cancel});
  // Too late now: not delivered.
  create(track, 0);
  for (uint64_t sequence = 1; sequence <= 3; ++sequence) {
    CHECK(next_group(consumer).sequence() == sequence);
  }
  CHECK(consumer.next_group().is_pending());

  SUBCASE("a gap of several groups is given up at once") {
    for (uint64_t sequence : {7, 8, 9}) create(track, sequence);
    CHECK(next_drop(consumer) == GroupsDropped{4, 3, moq::code::cancel});
    CHECK(next_group(consumer).sequence() == 7);
  }
  SUBCASE("a drop report ends the wait at once") {
    create(track, 5);
    CHECK(consumer.next_group().is_pending());
    track.drop_groups(4, 1, 13);
    CHECK(next_drop(consumer) == GroupsDropped{4, 1, 13});
    CHECK(next_group(consumer).sequence() == 5);
  }
}

TEST_CASE("strict order: the track's end reports the gaps left") {
  moq::TrackProducer track(moq::test::track_at("t"), strict());
  track.set_start(0);
  auto consumer = track.consume();
  create(track, 0);
  create(track, 3);
  track.drop_groups(5, 1, 13);
  CHECK(next_group(consumer).sequence() == 0);
  CHECK(consumer.next_group().is_pending());
  track.finish();
  CHECK(next_drop(consumer) == GroupsDropped{1, 2, moq::code::cancel});
  CHECK(next_group(consumer).sequence() == 3);
  CHECK(next_drop(consumer) == GroupsDropped{4, 1, moq::code::cancel});
  CHECK(next_drop(consumer) == GroupsDropped{5, 1, 13});
  CHECK(consumer.next_group().is_end());
}

TEST_CASE("strict order: while waiting for the start the backlog bound forgets the oldest groups") {
  moq::TrackProducer track(moq::test::track_at("t"), strict(2));
  auto consumer = track.consume();
  for (uint64_t sequence : {5, 6, 7}) create(track, sequence);
  CHECK(track.cached_groups() == 2);
  track.set_start(4);
  CHECK(next_drop(consumer) == GroupsDropped{4, 2, moq::code::cancel});
  CHECK(next_group(consumer).sequence() == 6);
  CHECK(next_group(consumer).sequence() == 7);
}

TEST_CASE("strict order: misuse is refused") {
  moq::TrackProducer plain(moq::test::track_at("t"));
  CHECK(error_code([&] { plain.set_start(0); }) == moq::code::protocol_violation);
  moq::TrackProducer ordered(moq::test::track_at("t"), strict());
  CHECK(error_code([&] { ordered.drop_groups(0, 1, 0); }) == moq::code::protocol_violation);
  ordered.set_start(0);
  CHECK(error_code([&] { ordered.set_start(1); }) == moq::code::protocol_violation);
}

TEST_CASE("strict order: a range ends after its max; a track finished before its start ends") {
  moq::TrackProducer track(moq::test::track_at("t"), strict());
  auto unstarted = track.consume();
  auto ranged = track.consume(moq::GroupRange{.min = 1, .max = 2});
  create(track, 3);
  create(track, 2);
  CHECK(ranged.next_group().is_pending());  // group 1 is missing
  create(track, 1);
  CHECK(next_group(ranged).sequence() == 1);
  CHECK(next_group(ranged).sequence() == 2);
  CHECK(ranged.next_group().is_end());
  track.finish();
  CHECK(unstarted.next_group().is_end());
}
