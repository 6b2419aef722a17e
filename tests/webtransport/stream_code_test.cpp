// Stream codes between moq and WebTransport: every moq code travels as the WebTransport
// application error code the draft assigns it (first + c + floor(c / 0x1e), skipping the
// reserved 0x1f * N + 0x21 values) and reads back as itself; codes of HTTP/3 and QUIC that
// are no WebTransport application code read as 0 (cancelled).

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>

#include "moq/error.h"
#include "transport/stream_codes.h"

namespace {

bool reserved(uint64_t wire) { return wire >= 0x21 && (wire - 0x21) % 0x1f == 0; }

}  // namespace

TEST_CASE("every moq code maps into the WebTransport application range and back") {
  const uint64_t moq_codes[] = {moq::code::cancel,          moq::code::required_extension, moq::code::transport,
                                moq::code::decode,          moq::code::version,            moq::code::unexpected_stream,
                                moq::code::bounds_exceeded, moq::code::duplicate,          moq::code::not_found,
                                moq::code::wrong_size,      moq::code::protocol_violation, moq::code::app_base,
                                moq::code::app_base + 1,    moq::code::app_base + 1000};
  for (uint64_t c : moq_codes) {
    CAPTURE(c);
    uint64_t wire = moq::quic::wire_stream_code(c);
    CHECK(wire == moq::stream_code_first + c + c / 0x1e);
    CHECK(wire <= moq::stream_code_last);
    CHECK_FALSE(reserved(wire));
    CHECK(moq::quic::moq_stream_code(wire) == c);
  }
  CHECK(moq::quic::wire_stream_code(moq::code::not_found) == 0x52e4a40fa8e8);
}

TEST_CASE("the mapping skips each reserved value and covers the 32-bit range") {
  // Around every reserved value in the first blocks, and at the top of the range.
  for (uint32_t c = 0; c < 200; ++c) {
    CAPTURE(c);
    uint64_t wire = moq::stream_code_to_wire(c);
    CHECK_FALSE(reserved(wire));
    CHECK(moq::stream_code_to_wire(c + 1) == wire + (reserved(wire + 1) ? 2 : 1));
    CHECK(moq::stream_code_from_wire(wire) == c);
  }
  for (uint64_t wire = moq::stream_code_first; wire < moq::stream_code_first + 200; ++wire) {
    if (reserved(wire)) CHECK_FALSE(moq::stream_code_from_wire(wire).has_value());
  }
  CHECK(moq::stream_code_to_wire(0) == moq::stream_code_first);
  CHECK(moq::stream_code_to_wire(UINT32_MAX) == moq::stream_code_last);
  // Codes beyond 32 bits cannot travel: they are clamped to the last one.
  CHECK(moq::quic::wire_stream_code(uint64_t{1} << 40) == moq::stream_code_last);
}

TEST_CASE("HTTP/3, QPACK, WebTransport and raw QUIC codes with no moq meaning read as 0") {
  const uint64_t foreign[] = {
      0x0,         // a stream dropped unread by a raw QUIC peer
      0x33,        // H3_DATAGRAM_ERROR
      0x100,       // H3_NO_ERROR
      0x101,       // H3_GENERAL_PROTOCOL_ERROR
      0x102,       // H3_INTERNAL_ERROR
      0x104,       // H3_CLOSED_CRITICAL_STREAM
      0x10a,       // H3_MISSING_SETTINGS
      0x10b,       // H3_REQUEST_REJECTED
      0x10c,       // H3_REQUEST_CANCELLED
      0x10d,       // H3_REQUEST_INCOMPLETE
      0x110,       // H3_VERSION_FALLBACK
      0x200,       // QPACK_DECOMPRESSION_FAILED
      0x202,       // QPACK_DECODER_STREAM_ERROR
      0x170d7b68,  // WT_SESSION_GONE
      0x3994bd84,  // WT_BUFFERED_STREAM_REJECTED
      moq::stream_code_first - 1,
      moq::stream_code_last + 1,
      0x52e4a40fa8f9,  // reserved (GREASE) inside the range
      (uint64_t{1} << 62) - 1,
  };
  for (uint64_t wire : foreign) {
    CAPTURE(wire);
    CHECK_FALSE(moq::stream_code_from_wire(wire).has_value());
    CHECK(moq::quic::moq_stream_code(wire) == moq::code::cancel);
  }
}
