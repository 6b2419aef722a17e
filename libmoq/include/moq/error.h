#pragma once
// The one error type of libmoq: a protocol error code (spec "Error codes") and a message.
// libmoq reports failures by throwing moq::Error; "not yet" and "no more" are ordinary return
// values, never exceptions.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace moq {

// Codes shared by stream resets, STOP_SENDING and connection closes.
namespace code {
inline constexpr uint64_t cancel = 0;
inline constexpr uint64_t required_extension = 1;
inline constexpr uint64_t transport = 4;
inline constexpr uint64_t decode = 5;
inline constexpr uint64_t version = 9;
inline constexpr uint64_t unexpected_stream = 10;
inline constexpr uint64_t bounds_exceeded = 11;
inline constexpr uint64_t duplicate = 12;
inline constexpr uint64_t not_found = 13;
inline constexpr uint64_t wrong_size = 14;
inline constexpr uint64_t protocol_violation = 15;
inline constexpr uint64_t app_base = 64;  // application error N travels as 64 + N
}  // namespace code

// Short name of a code ("not found", "application error 3", ...), for messages.
std::string code_name(uint64_t code);

class Error : public std::runtime_error {
 public:
  Error(uint64_t code, const std::string& message);
  uint64_t code() const noexcept { return code_; }

 private:
  uint64_t code_;
};

// Stream codes (RESET_STREAM, STOP_SENDING) are carried in the WebTransport application error
// range, on raw QUIC too: wire = 0x52e4a40fa8db + c + floor(c / 0x1e).
inline constexpr uint64_t stream_code_first = 0x52e4a40fa8db;
inline constexpr uint64_t stream_code_last = 0x52e5ac983162;
uint64_t stream_code_to_wire(uint32_t code);
// Inverse of stream_code_to_wire; nullopt for a wire code outside the range or on a reserved value.
std::optional<uint32_t> stream_code_from_wire(uint64_t wire);

}  // namespace moq
