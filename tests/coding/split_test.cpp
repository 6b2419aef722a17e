// Incremental decoding: a message fed one byte at a time is "need more" until its last byte
// arrives, and every truncation of a valid message is "need more", never an error.

#include <doctest/doctest.h>

#include "moq/wire/recv_buffer.h"
#include "wire_test_util.h"

using namespace wire_test;

TEST_CASE_TEMPLATE("a message fed one byte at a time decodes at its last byte", T,
                   WIRE_TEST_ALL_TYPES) {
  Random random(0xb17e);
  for (int i = 0; i < 200; ++i) {
    T original = random.make<T>();
    std::vector<uint8_t> bytes = encoded(original);
    RecvBuffer buffer;
    for (size_t k = 0; k + 1 < bytes.size(); ++k) {
      buffer.append(std::span(bytes).subspan(k, 1));
      REQUIRE_FALSE(buffer.try_decode<T>());
      CHECK(buffer.size() == k + 1);
    }
    buffer.append(std::span(bytes).last(1));
    std::optional<T> decoded = buffer.try_decode<T>();
    REQUIRE(decoded);
    CHECK(*decoded == original);
    CHECK(buffer.empty());
  }
}

TEST_CASE_TEMPLATE("every truncation needs more bytes and leaves consumed alone", T,
                   WIRE_TEST_ALL_TYPES) {
  Random random(0x7a11);
  for (int i = 0; i < 200; ++i) {
    std::vector<uint8_t> bytes = encoded(random.make<T>());
    for (size_t length = 0; length < bytes.size(); ++length) {
      size_t consumed = 12345;
      std::optional<T> decoded;
      REQUIRE_NOTHROW(decoded = decode<T>(std::span(bytes).first(length), consumed));
      CHECK_FALSE(decoded);
      CHECK(consumed == 12345);
    }
  }
}

TEST_CASE("a run of messages fed in random chunks decodes in order") {
  Random random(0xc4a1);
  for (int i = 0; i < 300; ++i) {
    std::vector<Subscribe> subscribes(1 + random.below(4));
    Writer writer;
    for (Subscribe& subscribe : subscribes) {
      subscribe = random.make<Subscribe>();
      encode(writer, subscribe);
    }
    std::span<const uint8_t> bytes = writer.view();
    RecvBuffer buffer;
    std::vector<Subscribe> decoded;
    while (!bytes.empty()) {
      size_t chunk = std::min<size_t>(bytes.size(), 1 + random.below(40));
      buffer.append(bytes.first(chunk));
      bytes = bytes.subspan(chunk);
      while (std::optional<Subscribe> next = buffer.try_decode<Subscribe>()) decoded.push_back(*next);
    }
    CHECK(decoded == subscribes);
    CHECK(buffer.empty());
  }
}
