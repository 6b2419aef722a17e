#include "moq/error.h"

namespace moq {

std::string code_name(uint64_t c) {
  switch (c) {
    case code::cancel: return "cancelled";
    case code::required_extension: return "required extension missing";
    case code::transport: return "transport error";
    case code::decode: return "decode error";
    case code::version: return "no common version";
    case code::unexpected_stream: return "unexpected stream type";
    case code::bounds_exceeded: return "value out of bounds";
    case code::duplicate: return "duplicate";
    case code::not_found: return "not found";
    case code::wrong_size: return "frame size mismatch";
    case code::protocol_violation: return "protocol violation";
    default: break;
  }
  if (c >= code::app_base) return "application error " + std::to_string(c - code::app_base);
  return "error " + std::to_string(c);
}

Error::Error(uint64_t c, const std::string& message) : std::runtime_error(message), code_(c) {}

uint64_t stream_code_to_wire(uint32_t c) { return stream_code_first + c + c / 0x1e; }

std::optional<uint32_t> stream_code_from_wire(uint64_t wire) {
  if (wire < stream_code_first || wire > stream_code_last) return std::nullopt;
  if ((wire - 0x21) % 0x1f == 0) return std::nullopt;
  uint64_t shifted = wire - stream_code_first;
  return static_cast<uint32_t>(shifted - shifted / 0x1f);
}

}  // namespace moq
