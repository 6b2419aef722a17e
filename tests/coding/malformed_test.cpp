// Malformed input is refused with the right code: 5 for invalid values, 11 for anything over a
// limit (before the bytes arrive). Encoders refuse what the decoders would.

#include <doctest/doctest.h>

#include "moq/error.h"
#include "wire_test_util.h"

using namespace wire_test;
using namespace std::chrono_literals;

namespace {

// The code decode<T> throws for these bytes; 0 when it does not throw.
template <class T>
uint64_t decode_error(std::string_view hex) {
  std::vector<uint8_t> bytes = from_hex(hex);
  size_t consumed = 0;
  try {
    decode<T>(bytes, consumed);
  } catch (const moq::Error& error) {
    return error.code();
  }
  return 0;
}

template <class T>
uint64_t encode_error(const T& value) {
  Writer writer;
  try {
    encode(writer, value);
  } catch (const moq::Error& error) {
    return error.code();
  }
  return 0;
}

std::string varint_hex(uint64_t value) { return to_hex(encoded(value)); }

}  // namespace

TEST_CASE("invalid UTF-8 is a decode error") {
  const char* invalid[] = {
      "0180",      // lone continuation byte
      "01c3",      // truncated two-byte sequence
      "02c0af",    // overlong '/'
      "03e08080",  // overlong NUL in three bytes
      "03eda080",  // surrogate U+D800
      "04f4908080",  // U+110000
      "01ff",        // never valid
      "02c328",      // lead byte followed by ASCII
  };
  for (const char* hex : invalid) {
    CAPTURE(hex);
    CHECK(decode_error<std::string>(hex) == moq::code::decode);
  }
  CHECK(decode_error<std::string>("02c3a9") == 0);          // é
  CHECK(decode_error<std::string>("04f09f8e89") == 0);      // U+1F389
  CHECK(decode_error<moq::Path>("0201610180") == moq::code::decode);
  CHECK(encode_error(std::string("\xc3")) == moq::code::decode);
}

TEST_CASE("unknown enum values are decode errors") {
  CHECK(decode_error<GroupOrder>("02") == moq::code::decode);
  CHECK(decode_error<ControlType>("05") == moq::code::decode);
  CHECK(decode_error<ControlType>("07") == moq::code::decode);
  CHECK(decode_error<DataType>("01") == moq::code::decode);
  CHECK(decode_error<DataType>("05") == moq::code::decode);
  CHECK(decode_error<Announce>("03") == moq::code::decode);
  CHECK(decode_error<Announce>("ff") == moq::code::decode);
  CHECK(decode_error<Subscribe>("000201610162800200") == moq::code::decode);
  CHECK(encode_error(static_cast<GroupOrder>(2)) == moq::code::decode);
  CHECK(encode_error(static_cast<ControlType>(5)) == moq::code::decode);
  CHECK(encode_error(static_cast<DataType>(1)) == moq::code::decode);
  CHECK(encode_error(Announce{static_cast<AnnounceStatus>(3), {}}) == moq::code::decode);
}

TEST_CASE("a repeated extension id is a decode error") {
  CHECK(decode_error<Extensions>("02010105010106") == moq::code::decode);
  CHECK(decode_error<ClientSetup>("01c0000000ff0bad0202010105010106") == moq::code::decode);
  // A truncated second entry is not mistaken for a repeat of id 0.
  CHECK(decode_error<Extensions>("020001aa") == 0);
}

TEST_CASE("lengths and counts over a limit are refused before the bytes arrive") {
  std::string over_string = varint_hex(limits::max_string_length + 1);
  CHECK(decode_error<std::string>(over_string) == moq::code::bounds_exceeded);
  CHECK(decode_error<std::string>("c000000100000000") == moq::code::bounds_exceeded);
  CHECK(decode_error<std::string>(varint_hex(limits::max_string_length)) == 0);
  CHECK(decode_error<moq::Path>(varint_hex(limits::max_path_parts + 1)) ==
        moq::code::bounds_exceeded);
  CHECK(decode_error<moq::Path>("01" + over_string) == moq::code::bounds_exceeded);
  CHECK(decode_error<moq::Path>("ffffffffffffffff") == moq::code::bounds_exceeded);
  CHECK(decode_error<Versions>(varint_hex(limits::max_versions + 1)) ==
        moq::code::bounds_exceeded);
  CHECK(decode_error<Extensions>(varint_hex(limits::max_extensions + 1)) ==
        moq::code::bounds_exceeded);
  CHECK(decode_error<Extensions>("0101" + varint_hex(limits::max_extension_value_length + 1)) ==
        moq::code::bounds_exceeded);
  CHECK(decode_error<SubscribeUpdate>("4100") == moq::code::bounds_exceeded);
  CHECK(decode_error<SubscribeUpdate>("40ff0000000000") == 0);
}

TEST_CASE("encoders refuse values the wire cannot carry") {
  CHECK(encode_error(limits::max_varint) == 0);
  CHECK(encode_error(limits::max_varint + 1) == moq::code::bounds_exceeded);
  CHECK(encode_error(~uint64_t{0}) == moq::code::bounds_exceeded);
  CHECK(encode_error(std::optional<uint64_t>(limits::max_varint)) == moq::code::bounds_exceeded);
  CHECK(encode_error(-1ms) == moq::code::bounds_exceeded);
  CHECK(encode_error(std::chrono::milliseconds(1ll << 62)) == moq::code::bounds_exceeded);
  CHECK(encode_error(SessionInfo{0}) == moq::code::bounds_exceeded);
  CHECK(encode_error(Announce{AnnounceStatus::live, moq::Path({"x"})}) ==
        moq::code::bounds_exceeded);
  CHECK(encode_error(std::string(limits::max_string_length + 1, 'x')) ==
        moq::code::bounds_exceeded);
  CHECK(encode_error(moq::Path(std::vector<std::string>(limits::max_path_parts + 1, "x"))) ==
        moq::code::bounds_exceeded);
  CHECK(encode_error(Versions(limits::max_versions + 1, version_fork_02)) ==
        moq::code::bounds_exceeded);
  CHECK(encode_error(moq::Bytes(std::vector<uint8_t>(limits::max_extension_value_length + 1))) ==
        moq::code::bounds_exceeded);
  Extensions too_many;
  for (uint64_t id = 0; id <= limits::max_extensions; ++id) too_many[id] = moq::Bytes();
  CHECK(encode_error(too_many) == moq::code::bounds_exceeded);
  CHECK(encode_error(Group{limits::max_varint + 1, 0}) == moq::code::bounds_exceeded);
}
