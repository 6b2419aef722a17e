// Random values of every wire type survive encode -> decode unchanged, and decoding consumes
// exactly what was encoded even with more bytes behind it.

#include <doctest/doctest.h>

#include "wire_test_util.h"

using namespace wire_test;

TEST_CASE_TEMPLATE("random values round-trip", T, WIRE_TEST_ALL_TYPES) {
  Random random(0x5eed);
  for (int i = 0; i < 3000; ++i) {
    T original = random.make<T>();
    std::vector<uint8_t> bytes = encoded(original);
    size_t size = bytes.size();
    bytes.push_back(0x3f);  // a following message must not be read
    size_t consumed = 0;
    std::optional<T> decoded = decode<T>(bytes, consumed);
    REQUIRE(decoded);
    CHECK(*decoded == original);
    CHECK(consumed == size);
  }
}

TEST_CASE("varints use the shortest form at every boundary") {
  const std::pair<uint64_t, size_t> cases[] = {
      {0, 1},          {63, 1},         {64, 2},         {16383, 2},
      {16384, 4},      {(1ull << 30) - 1, 4},            {1ull << 30, 8},
      {limits::max_varint, 8}};
  for (const auto& [value, size] : cases) {
    uint64_t shown = value;  // doctest's message lambda cannot capture a structured binding
    CHECK_MESSAGE(encoded(value).size() == size, "value ", shown);
  }
}

TEST_CASE("decoding accepts varints longer than needed") {
  size_t consumed = 0;
  CHECK(decode<uint64_t>(from_hex("4005"), consumed) == 5u);
  CHECK(consumed == 2);
  CHECK(decode<uint64_t>(from_hex("c000000000000005"), consumed) == 5u);
  CHECK(consumed == 8);
}

TEST_CASE("optional sequence and SessionInfo edges") {
  size_t consumed = 0;
  CHECK(to_hex(encoded(std::optional<uint64_t>(limits::max_varint - 1))) == "ffffffffffffffff");
  CHECK(decode<std::optional<uint64_t>>(from_hex("ffffffffffffffff"), consumed) ==
        limits::max_varint - 1);
  CHECK(decode<SessionInfo>(from_hex("00"), consumed) == SessionInfo{});
}

TEST_CASE("extensions are encoded in ascending id order") {
  Extensions extensions{{9, moq::Bytes::copy(std::string_view("b"))},
                        {2, moq::Bytes::copy(std::string_view("a"))}};
  CHECK(to_hex(encoded(extensions)) == "02020161090162");
}
