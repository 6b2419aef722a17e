#include "moq/frame.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "model_test_util.h"
#include "moq/error.h"
#include "moq/track.h"

using moq::test::text;

namespace {

struct OneGroup {
  moq::TrackProducer track{moq::Track{moq::Path::parse("t")}};
  moq::TrackConsumer consumer = track.consume();
  moq::GroupProducer group = track.append_group();
  moq::GroupConsumer reader = moq::test::next_group(consumer);
};

void check_aborted_with(moq::GroupConsumer& reader, uint64_t code) {
  try {
    reader.read_frame();
    FAIL("read_frame did not throw");
  } catch (const moq::Error& e) {
    CHECK(e.code() == code);
  }
}

}  // namespace

TEST_CASE("a chunked frame is read chunk by chunk as it arrives") {
  OneGroup g;
  auto frame = g.group.create_frame(10);
  CHECK(frame.size() == 10);
  auto reader = g.reader.next_frame();
  REQUIRE(reader.is_ready());
  auto& chunks = reader.value();
  CHECK(chunks.size() == 10);
  CHECK(chunks.read().is_pending());
  CHECK(g.reader.read_frame().is_pending());

  auto first = text("hello");
  frame.write(first);
  CHECK(frame.remaining() == 5);
  auto got = chunks.read();
  REQUIRE(got.is_ready());
  CHECK(got.value().shares_storage_with(first));
  CHECK(chunks.read().is_pending());

  frame.write(text("world"));
  frame.finish();
  CHECK(chunks.read().value().view() == "world");
  CHECK(chunks.read().is_end());
}

TEST_CASE("a frame of many chunks keeps their order and each reader's position as it grows") {
  OneGroup g;
  auto frame = g.group.create_frame(6);
  auto joined = g.reader;
  auto early = g.reader.next_frame().value();
  auto late = early;
  frame.write(text("a"));
  CHECK(early.read().value().view() == "a");
  for (const char* chunk : {"b", "c", "d", "e"}) frame.write(text(chunk));
  CHECK(early.read().value().view() == "b");
  frame.write(text("f"));
  std::string rest;
  for (auto chunk = early.read(); chunk.is_ready(); chunk = early.read()) rest += chunk.value().view();
  CHECK(rest == "cdef");
  CHECK(late.read_all().value().view() == "abcdef");
  CHECK(moq::test::next_frame(joined).view() == "abcdef");
}

TEST_CASE("read_frame joins chunks, a single chunk is not copied") {
  OneGroup g;
  auto whole = text("single");
  g.group.write_frame(whole);
  auto chunked = g.group.create_frame(6);
  chunked.write(text("ab"));
  chunked.write(text("cd"));
  chunked.write(text("ef"));
  g.group.write_frame(moq::Bytes());
  g.group.finish();

  auto first = moq::test::next_frame(g.reader);
  CHECK(first.shares_storage_with(whole));
  CHECK(moq::test::next_frame(g.reader).view() == "abcdef");
  CHECK(moq::test::next_frame(g.reader).empty());
  CHECK(g.reader.read_frame().is_end());
}

TEST_CASE("read_all returns the rest of a frame once it is complete") {
  OneGroup g;
  auto frame = g.group.create_frame(4);
  auto reader = g.reader.next_frame().value();
  frame.write(text("ab"));
  CHECK(reader.read().value().view() == "ab");
  CHECK(reader.read_all().is_pending());
  frame.write(text("cd"));
  CHECK(reader.read_all().value().view() == "cd");
  CHECK(reader.read_all().is_end());
  CHECK(reader.read().is_end());
}

TEST_CASE("writing past a frame's size aborts the group with 14") {
  OneGroup g;
  auto frame = g.group.create_frame(3);
  frame.write(text("ab"));
  CHECK_THROWS_WITH_AS(frame.write(text("cd")), doctest::Contains("overflow"), moq::Error);
  check_aborted_with(g.reader, moq::code::wrong_size);
  // Later writes report the abort too, whatever they are.
  CHECK_THROWS_AS(g.group.write_frame(text("x")), moq::Error);
}

TEST_CASE("finishing a frame short aborts the group with 14") {
  OneGroup g;
  auto frame = g.group.create_frame(3);
  auto chunks = g.reader.next_frame().value();
  frame.write(text("ab"));
  try {
    frame.finish();
    FAIL("finish did not throw");
  } catch (const moq::Error& e) {
    CHECK(e.code() == moq::code::wrong_size);
  }
  check_aborted_with(g.reader, moq::code::wrong_size);
  CHECK_THROWS_AS(chunks.read(), moq::Error);
}

TEST_CASE("a new frame or the group's finish inside an incomplete frame is error 14") {
  SUBCASE("new frame") {
    OneGroup g;
    auto frame = g.group.create_frame(3);
    CHECK_THROWS_AS(g.group.write_frame(text("x")), moq::Error);
    check_aborted_with(g.reader, moq::code::wrong_size);
  }
  SUBCASE("group finish") {
    OneGroup g;
    auto frame = g.group.create_frame(3);
    CHECK_THROWS_AS(g.group.finish(), moq::Error);
    check_aborted_with(g.reader, moq::code::wrong_size);
  }
}

TEST_CASE("dropping an incomplete frame producer aborts the group with 14") {
  OneGroup g;
  {
    auto frame = g.group.create_frame(3);
    frame.write(text("a"));
  }
  check_aborted_with(g.reader, moq::code::wrong_size);
}

TEST_CASE("a frame completed before a group abort stays readable") {
  OneGroup g;
  auto frame = g.group.create_frame(2);
  frame.write(text("ok"));
  auto chunks = g.reader.next_frame().value();
  g.group.abort(moq::code::app_base + 1);
  CHECK(chunks.read().value().view() == "ok");
  CHECK(chunks.read().is_end());
  check_aborted_with(g.reader, moq::code::app_base + 1);
}
