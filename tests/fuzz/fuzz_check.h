#pragma once
// Shared checks of the fuzz targets. Every decoded value must re-encode without error to bytes
// that decode to the same value, every strict prefix of a complete message must be "need more"
// (never an error), and decoders may only fail with moq::Error code 5 or 11. Any other outcome
// aborts, which libFuzzer reports as a crash.

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>

#include "moq/error.h"
#include "moq/wire/decode.h"

namespace moq_fuzz {

inline void require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
  }
}

inline void require_decode_code(const moq::Error& error) {
  require(error.code() == moq::code::decode || error.code() == moq::code::bounds_exceeded,
          "decoder failed with a code other than 5 or 11");
}

// Longest message whose prefixes are all re-decoded (quadratic, so bounded).
inline constexpr size_t max_prefix_checked = 512;

// Decodes a T from the front of data and advances past it; nullopt when data is incomplete or
// malformed (the caller stops either way).
template <class T>
std::optional<T> decode_checked(std::span<const uint8_t>& data) {
  using namespace moq::wire;
  size_t consumed = 0;
  std::optional<T> value;
  try {
    value = decode<T>(data, consumed);
  } catch (const moq::Error& error) {
    require_decode_code(error);
    return std::nullopt;
  }
  if (!value) return std::nullopt;
  require(consumed > 0 && consumed <= data.size(), "consumed out of range");

  Writer writer;
  encode(writer, *value);
  require(writer.size() <= consumed, "re-encoding is longer than the input");
  size_t reconsumed = 0;
  std::optional<T> again = decode<T>(writer.view(), reconsumed);
  require(again && *again == *value, "re-encoded value decodes differently");
  require(reconsumed == writer.size(), "re-encoded value not consumed exactly");

  if (consumed <= max_prefix_checked) {
    for (size_t length = 0; length < consumed; ++length) {
      size_t untouched = 0;
      require(!decode<T>(data.first(length), untouched), "a strict prefix decoded");
    }
  }
  data = data.subspan(consumed);
  return value;
}

// Decodes T after T until the data ends or is malformed.
template <class T>
void decode_each(std::span<const uint8_t>& data) {
  while (decode_checked<T>(data)) {
  }
}

// Frames of a group or fetch stream: a size, then that many payload bytes skipped.
inline void skip_frames(std::span<const uint8_t>& data) {
  while (std::optional<moq::wire::FrameHeader> frame = decode_checked<moq::wire::FrameHeader>(data)) {
    if (frame->size > data.size()) return;
    data = data.subspan(frame->size);
  }
}

}  // namespace moq_fuzz
