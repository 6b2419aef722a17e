#include "moq/track.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "model_test_util.h"
#include "moq/error.h"

using moq::test::text;

namespace {

moq::Track track_named(const char* path) { return moq::Track{moq::Path::parse(path)}; }

void write_group(moq::TrackProducer& track, const std::string& payload) {
  auto group = track.append_group();
  group.write_frame(text(payload));
  group.finish();
}

uint64_t abort_code_of(moq::TrackConsumer& consumer) {
  try {
    consumer.next_group();
  } catch (const moq::Error& e) {
    return e.code();
  }
  FAIL("next_group did not throw");
  return 0;
}

}  // namespace

TEST_CASE("track defaults") {
  moq::TrackProducer track(track_named("a/b"));
  CHECK(track.track().path == moq::Path::parse("a/b"));
  CHECK(track.track().priority == 0);
  CHECK(track.track().group_order == moq::GroupOrder::descending);
  CHECK(track.track().group_expires.count() == 0);
  CHECK(static_cast<int>(moq::GroupOrder::ascending) == 0);
  CHECK(static_cast<int>(moq::GroupOrder::descending) == 1);
  CHECK_FALSE(track.latest_sequence());
  CHECK_THROWS_AS(moq::TrackProducer(track_named("x"), moq::TrackOptions{.cache_groups = 0}), moq::Error);
}

TEST_CASE("a consumer joins at the latest group, or the first to come") {
  moq::TrackProducer track(track_named("t"));
  auto early = track.consume();
  CHECK(early.next_group().is_pending());
  write_group(track, "g0");
  write_group(track, "g1");
  write_group(track, "g2");
  CHECK(track.latest_sequence() == 2);

  auto late = track.consume();
  CHECK(late.latest_sequence() == 2);
  CHECK(moq::test::next_group(late).sequence() == 2);
  CHECK(late.next_group().is_pending());

  // The early consumer still gets everything from the first group on.
  for (uint64_t sequence = 0; sequence < 3; ++sequence) {
    CHECK(moq::test::next_group(early).sequence() == sequence);
  }
  CHECK(early.next_group().is_pending());
}

TEST_CASE("fan-out: every consumer reads every group, payload shared not copied") {
  moq::TrackProducer track(track_named("t"));
  std::vector<moq::TrackConsumer> consumers;
  for (int i = 0; i < 20; ++i) {
    consumers.push_back(track.consume());
  }
  std::vector<moq::Bytes> sent;
  for (int g = 0; g < 5; ++g) {
    auto group = track.append_group();
    for (int f = 0; f < 3; ++f) {
      sent.push_back(text("payload " + std::to_string(g) + "/" + std::to_string(f)));
      group.write_frame(sent.back());
    }
    group.finish();
  }
  track.finish();
  // A copy made now reads from the copied position, independently.
  consumers.push_back(consumers.front());
  for (auto& consumer : consumers) {
    size_t index = 0;
    for (int g = 0; g < 5; ++g) {
      auto group = moq::test::next_group(consumer);
      CHECK(group.sequence() == static_cast<uint64_t>(g));
      for (int f = 0; f < 3; ++f) {
        CHECK(moq::test::next_frame(group).shares_storage_with(sent[index++]));
      }
      CHECK(group.read_frame().is_end());
    }
    CHECK(consumer.next_group().is_end());
  }
}

TEST_CASE("a consumer that keeps up loses nothing over 10,000 groups") {
  moq::TrackProducer track(track_named("t"));
  auto consumer = track.consume();
  uint64_t received = 0;
  for (uint64_t sequence = 0; sequence < 10000; ++sequence) {
    auto group = track.append_group();
    group.write_frame(text(std::to_string(sequence)));
    // Reading the group while it is still open: the consumer is never more than one behind.
    auto reader = moq::test::next_group(consumer);
    CHECK(reader.sequence() == sequence);
    group.finish();
    CHECK(moq::test::next_frame(reader).view() == std::to_string(sequence));
    ++received;
  }
  track.finish();
  CHECK(consumer.next_group().is_end());
  CHECK(received == 10000);
  CHECK(track.cached_groups() == 1);
}

TEST_CASE("get_group serves cached groups only") {
  moq::TrackProducer track(track_named("t"), moq::TrackOptions{.cache_groups = 3});
  for (int g = 0; g < 5; ++g) {
    write_group(track, std::to_string(g));
  }
  auto consumer = track.consume();
  CHECK_FALSE(consumer.get_group(1));
  auto group = consumer.get_group(2);
  REQUIRE(group);
  CHECK(moq::test::next_frame(*group).view() == "2");
  CHECK(consumer.get_group(4));
  CHECK_FALSE(consumer.get_group(5));
}

TEST_CASE("subscribe with a range: start at a cached group, stop after max") {
  moq::TrackProducer track(track_named("t"), moq::TrackOptions{.cache_groups = 10});
  for (int g = 0; g < 5; ++g) {
    write_group(track, std::to_string(g));
  }
  auto consumer = track.consume();
  SUBCASE("min cached") {
    auto ranged = consumer.subscribe({.min = 1, .max = 3});
    CHECK(moq::test::next_group(ranged).sequence() == 1);
    CHECK(moq::test::next_group(ranged).sequence() == 2);
    CHECK(moq::test::next_group(ranged).sequence() == 3);
    CHECK(ranged.next_group().is_end());
  }
  SUBCASE("min in the future") {
    auto ranged = consumer.subscribe({.min = 7, .max = std::nullopt});
    CHECK(ranged.next_group().is_pending());
    write_group(track, "g5");
    CHECK(ranged.next_group().is_pending());
    track.create_group(7);
    CHECK(moq::test::next_group(ranged).sequence() == 7);
  }
  SUBCASE("max not yet reached waits; passing it ends") {
    auto ranged = track.consume({.min = std::nullopt, .max = 6});
    CHECK(moq::test::next_group(ranged).sequence() == 4);
    CHECK(ranged.next_group().is_pending());
    track.create_group(7);
    CHECK(ranged.next_group().is_end());
  }
}

TEST_CASE("relay sequences: gaps, late groups and duplicates") {
  moq::TrackProducer track(track_named("t"), moq::TrackOptions{.cache_groups = 10});
  auto consumer = track.consume();
  track.create_group(5);
  track.create_group(8);
  CHECK(moq::test::next_group(consumer).sequence() == 5);
  CHECK(moq::test::next_group(consumer).sequence() == 8);
  // A group older than one already returned is still delivered, after it arrives.
  track.create_group(6);
  CHECK(moq::test::next_group(consumer).sequence() == 6);
  CHECK(consumer.next_group().is_pending());
  CHECK(track.latest_sequence() == 8);
  // A consumer that joined at 8 does not get older groups arriving later.
  auto joined = track.consume();
  track.create_group(7);
  CHECK(moq::test::next_group(joined).sequence() == 8);
  CHECK(joined.next_group().is_pending());
  CHECK(moq::test::next_group(consumer).sequence() == 7);
  try {
    track.create_group(6);
    FAIL("duplicate accepted");
  } catch (const moq::Error& e) {
    CHECK(e.code() == moq::code::duplicate);
  }
  CHECK(track.append_group().sequence() == 9);
}

TEST_CASE("finish ends consumers after the last group, abort throws at once") {
  moq::TrackProducer track(track_named("t"));
  auto consumer = track.consume();
  write_group(track, "last");
  SUBCASE("finish") {
    track.finish();
    track.finish();
    CHECK(moq::test::next_group(consumer).sequence() == 0);
    CHECK(consumer.next_group().is_end());
    CHECK_THROWS_AS(track.append_group(), moq::Error);
    track.abort(moq::code::app_base);
    CHECK(consumer.next_group().is_end());
  }
  SUBCASE("abort") {
    track.abort(moq::code::app_base + 2);
    CHECK(abort_code_of(consumer) == moq::code::app_base + 2);
    try {
      track.append_group();
      FAIL("append after abort");
    } catch (const moq::Error& e) {
      CHECK(e.code() == moq::code::app_base + 2);
    }
    CHECK_THROWS_AS(track.finish(), moq::Error);
  }
  SUBCASE("dropping the last producer handle cancels") {
    auto other = consumer;
    {
      moq::TrackProducer copy = track;
      track = moq::TrackProducer(track_named("other"));
      CHECK(moq::test::next_group(other).sequence() == 0);
    }
    CHECK(abort_code_of(consumer) == moq::code::cancel);
  }
}

TEST_CASE("the producer learns when the last consumer goes") {
  moq::TrackProducer track(track_named("t"));
  int unused = 0;
  track.on_unused([&] { ++unused; });
  CHECK(track.consumer_count() == 0);
  std::optional<moq::TrackConsumer> first = track.consume();
  std::optional<moq::TrackConsumer> second = *first;
  CHECK(track.consumer_count() == 2);
  first.reset();
  CHECK(unused == 0);
  second.reset();
  CHECK(unused == 1);
  CHECK(track.consumer_count() == 0);
  auto again = track.consume();
  CHECK(track.consumer_count() == 1);
}
