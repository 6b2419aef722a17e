#pragma once
// HTTP/3 framing as WebTransport needs it (RFC 9114, RFC 9297, draft-ietf-webtrans-http3):
// frames and capsules (both type-length-value), SETTINGS, stream types and the
// CLOSE_WEBTRANSPORT_SESSION capsule. Pure encoding, no I/O.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "moq/bytes.h"

namespace moq::h3 {

namespace frame {
inline constexpr uint64_t data = 0x00;
inline constexpr uint64_t headers = 0x01;
inline constexpr uint64_t settings = 0x04;
}  // namespace frame

namespace stream_type {
inline constexpr uint64_t control = 0x00;
inline constexpr uint64_t qpack_encoder = 0x02;
inline constexpr uint64_t qpack_decoder = 0x03;
inline constexpr uint64_t webtransport = 0x54;  // unidirectional WebTransport stream
}  // namespace stream_type

// First varint of a bidirectional WebTransport stream (in place of a frame type).
inline constexpr uint64_t webtransport_bidi_signal = 0x41;

namespace setting {
inline constexpr uint64_t enable_connect_protocol = 0x08;
inline constexpr uint64_t h3_datagram = 0x33;
inline constexpr uint64_t h3_datagram_draft04 = 0xffd277;
inline constexpr uint64_t enable_webtransport = 0x2b603742;       // draft-02
inline constexpr uint64_t webtransport_max_sessions = 0xc671706a;  // draft-07
}  // namespace setting

namespace capsule {
inline constexpr uint64_t close_webtransport_session = 0x2843;
}

// QUIC max_datagram_frame_size for h3 connections. Datagrams are never sent, but browsers
// refuse WebTransport unless the peer can take them.
inline constexpr uint64_t max_datagram_frame_size = 65536;

// Application close code of an HTTP/3 connection closed without error.
inline constexpr uint64_t h3_no_error = 0x100;

using Settings = std::vector<std::pair<uint64_t, uint64_t>>;

// What both our client and our server announce: extended CONNECT, HTTP datagrams (RFC and
// draft-04 ids) and WebTransport draft-02 and draft-07, one session per connection.
Settings webtransport_settings();
std::optional<uint64_t> setting_value(const Settings& settings, uint64_t id);

// Type, length, payload: the shape of HTTP/3 frames and of capsules alike.
Bytes encode_tlv(uint64_t type, std::span<const uint8_t> payload);
Bytes encode_settings_payload(const Settings& settings);
// Throws moq::Error(code::decode) on a truncated or repeated setting.
Settings decode_settings_payload(std::span<const uint8_t> payload);

// The capsule, inside a DATA frame as the CONNECT stream carries it.
Bytes encode_close_session(uint32_t code, std::string_view reason);
struct CloseSession {
  uint32_t code = 0;
  std::string reason;
};
// Throws moq::Error(code::decode) if the payload is shorter than the code.
CloseSession decode_close_session(std::span<const uint8_t> payload);

struct Tlv {
  uint64_t type = 0;
  std::vector<uint8_t> payload;
};

// Splits a byte stream into frames or capsules as the bytes arrive.
class TlvParser {
 public:
  explicit TlvParser(size_t max_payload) : max_payload_(max_payload) {}
  void push(std::span<const uint8_t> data) { buffer_.insert(buffer_.end(), data.begin(), data.end()); }
  // The next complete item, or nullopt until more bytes arrive. Throws moq::Error
  // (code::bounds_exceeded) for a payload longer than max_payload.
  std::optional<Tlv> next();
  // The bytes not parsed yet; the parser is empty afterwards.
  std::vector<uint8_t> take_rest() { return std::exchange(buffer_, {}); }

 private:
  size_t max_payload_;
  std::vector<uint8_t> buffer_;
};

// The varint at offset in data and the offset after it, or nullopt if it is not complete yet.
struct VarintAt {
  uint64_t value = 0;
  size_t end = 0;
};
std::optional<VarintAt> peek_varint(std::span<const uint8_t> data, size_t offset);

}  // namespace moq::h3
