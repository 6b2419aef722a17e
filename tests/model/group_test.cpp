#include "moq/group.h"

#include <doctest/doctest.h>

#include "model_test_util.h"
#include "moq/error.h"
#include "moq/track.h"

using moq::test::text;

TEST_CASE("group frames are read in order, then end after finish") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  auto consumer = track.consume();
  auto group = track.append_group();
  CHECK(group.sequence() == 0);
  auto reader = moq::test::next_group(consumer);
  CHECK(reader.sequence() == 0);
  CHECK(reader.read_frame().is_pending());
  group.write_frame(text("one"));
  group.write_frame(text("two"));
  auto copy = reader;
  CHECK(moq::test::next_frame(reader).view() == "one");
  CHECK(moq::test::next_frame(reader).view() == "two");
  CHECK(reader.read_frame().is_pending());
  group.finish();
  group.finish();
  CHECK(reader.read_frame().is_end());
  CHECK(reader.next_frame().is_end());
  // The copy reads from its own position.
  CHECK(moq::test::next_frame(copy).view() == "one");
  CHECK_THROWS_AS(group.write_frame(text("late")), moq::Error);
}

TEST_CASE("group abort and cancellation reach consumers as errors") {
  moq::TrackProducer track(moq::Track{moq::Path::parse("t")});
  auto consumer = track.consume();
  SUBCASE("abort") {
    auto group = track.append_group();
    group.write_frame(text("x"));
    auto reader = moq::test::next_group(consumer);
    group.abort(moq::code::app_base + 7);
    group.abort(moq::code::cancel);  // the first end wins
    CHECK_THROWS_AS(reader.read_frame(), moq::Error);
    try {
      reader.next_frame();
    } catch (const moq::Error& e) {
      CHECK(e.code() == moq::code::app_base + 7);
    }
    CHECK_THROWS_AS(group.write_frame(text("y")), moq::Error);
  }
  SUBCASE("last producer handle dropped") {
    std::optional<moq::GroupProducer> group = track.append_group();
    auto copy = *group;
    auto reader = moq::test::next_group(consumer);
    group.reset();
    CHECK(reader.read_frame().is_pending());
    copy = track.append_group();
    try {
      reader.read_frame();
      FAIL("no error");
    } catch (const moq::Error& e) {
      CHECK(e.code() == moq::code::cancel);
    }
  }
  SUBCASE("dropped after finish is not an error") {
    {
      auto group = track.append_group();
      group.write_frame(text("x"));
      group.finish();
    }
    auto reader = moq::test::next_group(consumer);
    CHECK(moq::test::next_frame(reader).view() == "x");
    CHECK(reader.read_frame().is_end());
  }
}
