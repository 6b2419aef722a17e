#include "moq/wire/primitives.h"

#include <string>
#include <utility>
#include <vector>

#include "moq/error.h"
#include "moq/wire/limits.h"
#include "limit_check.h"
#include "utf8.h"

namespace moq::wire {

namespace {

// A varint length, checked against limit before anything is read or allocated, then the bytes.
std::span<const uint8_t> read_sized(Reader& reader, size_t limit, const char* what) {
  uint64_t length = reader.varint();
  check_limit(length, limit, what);
  return reader.raw(length);
}

std::span<const uint8_t> as_bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

void check_group_order(uint64_t value) {
  if (value > static_cast<uint64_t>(GroupOrder::descending)) {
    throw Error(code::decode, "invalid group order " + std::to_string(value));
  }
}

}  // namespace

void encode(Writer& writer, uint64_t value) { writer.varint(value); }
void decode(Reader& reader, uint64_t& value) { value = reader.varint(); }

void encode(Writer& writer, int8_t priority) {
  writer.u8(static_cast<uint8_t>(priority + 128));
}
void decode(Reader& reader, int8_t& priority) {
  priority = static_cast<int8_t>(int{reader.u8()} - 128);
}

void encode(Writer& writer, std::chrono::milliseconds duration) {
  if (duration.count() < 0) {
    throw Error(code::bounds_exceeded, "negative duration " + std::to_string(duration.count()) + "ms");
  }
  writer.varint(static_cast<uint64_t>(duration.count()));
}
void decode(Reader& reader, std::chrono::milliseconds& duration) {
  // A varint is below 2^62, so it always fits the signed representation.
  duration = std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(reader.varint()));
}

void encode(Writer& writer, const std::optional<uint64_t>& sequence) {
  if (!sequence) {
    writer.varint(0);
    return;
  }
  if (*sequence >= limits::max_varint) {
    throw Error(code::bounds_exceeded, "sequence too large: " + std::to_string(*sequence));
  }
  writer.varint(*sequence + 1);
}
void decode(Reader& reader, std::optional<uint64_t>& sequence) {
  uint64_t value = reader.varint();
  sequence = value == 0 ? std::nullopt : std::optional<uint64_t>(value - 1);
}

void encode(Writer& writer, const std::string& text) {
  check_limit(text.size(), limits::max_string_length, "string length");
  if (!is_valid_utf8(as_bytes(text))) throw Error(code::decode, "string is not valid UTF-8");
  writer.varint(text.size());
  writer.raw(as_bytes(text));
}
void decode(Reader& reader, std::string& text) {
  std::span<const uint8_t> data = read_sized(reader, limits::max_string_length, "string length");
  if (!is_valid_utf8(data)) throw Error(code::decode, "string is not valid UTF-8");
  text.assign(data.begin(), data.end());
}

void encode(Writer& writer, const Bytes& data) {
  check_limit(data.size(), limits::max_extension_value_length, "bytes length");
  writer.varint(data.size());
  writer.raw(data.span());
}
void decode(Reader& reader, Bytes& data) {
  data = Bytes::copy(read_sized(reader, limits::max_extension_value_length, "bytes length"));
}

void encode(Writer& writer, const Path& path) {
  check_limit(path.size(), limits::max_path_parts, "path parts");
  writer.varint(path.size());
  for (const std::string& part : path.parts()) encode(writer, part);
}
void decode(Reader& reader, Path& path) {
  uint64_t count = reader.varint();
  check_limit(count, limits::max_path_parts, "path parts");
  std::vector<std::string> parts(count);
  for (std::string& part : parts) decode(reader, part);
  path = Path(std::move(parts));
}

void encode(Writer& writer, GroupOrder order) {
  check_group_order(static_cast<uint64_t>(order));
  writer.varint(static_cast<uint64_t>(order));
}
void decode(Reader& reader, GroupOrder& order) {
  uint64_t value = reader.varint();
  check_group_order(value);
  order = static_cast<GroupOrder>(value);
}

}  // namespace moq::wire
