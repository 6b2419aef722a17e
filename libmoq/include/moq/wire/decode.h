#pragma once
// The whole wire codec, and incremental decoding of any of its types from a span.
//
//   size_t consumed;
//   if (auto subscribe = moq::wire::decode<Subscribe>(bytes, consumed)) ...
//
// decode<T> returns nullopt when the input ends before the value does ("need more bytes";
// consumed is left alone), or the value with consumed set to its encoded size. It throws
// moq::Error with code 5 for malformed input (invalid value, enum or UTF-8, repeated extension)
// and 11 for a length, count or value over a limit (see limits.h). It never reads past the value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "moq/error.h"
#include "moq/wire/announce.h"
#include "moq/wire/fetch.h"
#include "moq/wire/group.h"
#include "moq/wire/info.h"
#include "moq/wire/limits.h"
#include "moq/wire/primitives.h"
#include "moq/wire/reader.h"
#include "moq/wire/setup.h"
#include "moq/wire/stream_type.h"
#include "moq/wire/subscribe.h"
#include "moq/wire/writer.h"

namespace moq::wire {

template <class T>
std::optional<T> decode(std::span<const uint8_t> in, size_t& consumed) {
  Reader reader(in);
  T value{};
  decode(reader, value);
  if (reader.short_input()) return std::nullopt;
  consumed = reader.position();
  return value;
}

}  // namespace moq::wire
