// RecvBuffer: frame payload taken as it arrives, shared without copying when possible, and a
// bound on what it holds.

#include <doctest/doctest.h>

#include "moq/error.h"
#include "moq/wire/recv_buffer.h"
#include "wire_test_util.h"

using namespace wire_test;

TEST_CASE("a group stream: header, then frames taken in pieces as they arrive") {
  Writer writer;
  encode(writer, DataType::group);
  encode(writer, Group{3, 9});
  encode(writer, FrameHeader{10});
  writer.raw(moq::Bytes::copy(std::string_view("0123456789")).span());
  encode(writer, FrameHeader{2});
  writer.raw(moq::Bytes::copy(std::string_view("ab")).span());
  std::span<const uint8_t> bytes = writer.view();

  RecvBuffer buffer;
  buffer.append(bytes.first(8));  // type, group, frame header, "0123"
  CHECK(buffer.try_decode<DataType>() == DataType::group);
  CHECK(buffer.try_decode<Group>() == Group{3, 9});
  CHECK(buffer.try_decode<FrameHeader>() == FrameHeader{10});
  CHECK(buffer.take(10).view() == "0123");
  CHECK(buffer.empty());
  buffer.append(bytes.subspan(8));  // "456789", frame header, "ab"
  CHECK(buffer.take(6).view() == "456789");
  CHECK(buffer.try_decode<FrameHeader>() == FrameHeader{2});
  CHECK(buffer.take(5).view() == "ab");
  CHECK(buffer.empty());
  CHECK(buffer.take(5).empty());
  CHECK_FALSE(buffer.try_decode<FrameHeader>());
}

TEST_CASE("taking everything buffered hands over the storage") {
  RecvBuffer buffer;
  std::vector<uint8_t> bytes = from_hex("05aabbccddee");
  buffer.append(bytes);
  REQUIRE(buffer.try_decode<FrameHeader>() == FrameHeader{5});
  moq::Bytes whole = buffer.take(5);
  CHECK(to_hex(whole.span()) == "aabbccddee");
  moq::Bytes first = whole.slice(0, 2);
  CHECK(first.shares_storage_with(whole));
  // The buffer keeps working after handing its storage away.
  buffer.append(from_hex("0201610162"));
  CHECK(buffer.try_decode<moq::Path>() == moq::Path({"a", "b"}));
}

TEST_CASE("the buffer refuses to hold more than its bound") {
  RecvBuffer buffer(16);
  std::vector<uint8_t> ten(10, 0x01);
  buffer.append(ten);
  CHECK_THROWS_AS(buffer.append(ten), moq::Error);
  try {
    buffer.append(ten);
  } catch (const moq::Error& error) {
    CHECK(error.code() == moq::code::bounds_exceeded);
  }
  CHECK(buffer.size() == 10);
  CHECK(buffer.take(8).size() == 8);
  buffer.append(ten);  // fits once room was made
  CHECK(buffer.size() == 12);
}

TEST_CASE("a malformed message throws and leaves the buffer as it was") {
  RecvBuffer buffer;
  buffer.append(from_hex("07"));
  CHECK_THROWS_AS(buffer.try_decode<ControlType>(), moq::Error);
  CHECK(buffer.size() == 1);
}
