#pragma once
// Stream error codes between moq and the wire (RESET_STREAM, STOP_SENDING): moq codes travel in
// the WebTransport application range, on raw QUIC too (spec "Error codes").

#include <algorithm>
#include <cstdint>

#include "moq/error.h"

namespace moq::quic {

inline uint64_t wire_stream_code(uint64_t code) {
  return stream_code_to_wire(static_cast<uint32_t>(std::min<uint64_t>(code, UINT32_MAX)));
}

// A code outside the mapped range (e.g. a raw 0 from a stream dropped unread) reads as 0.
inline uint64_t moq_stream_code(uint64_t wire) { return stream_code_from_wire(wire).value_or(0); }

}  // namespace moq::quic
