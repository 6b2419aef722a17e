#include "capture_cursor.h"

namespace moq::cat {

std::span<const uint8_t> CaptureCursor::take_payload(uint64_t size) {
  size_t remaining = bytes_.size() - offset_;
  if (size > remaining) {
    throw moq::Error(moq::code::wrong_size,
                     "truncated at offset " + std::to_string(offset_) + ": need more bytes (frame payload of " +
                         std::to_string(size) + " bytes, " + std::to_string(remaining) + " present)");
  }
  auto payload = bytes_.subspan(offset_, static_cast<size_t>(size));
  offset_ += payload.size();
  return payload;
}

moq::Error CaptureCursor::malformed(std::string_view kind, const moq::Error& error) const {
  return moq::Error(error.code(), "malformed " + std::string(kind) + " at offset " + std::to_string(offset_) +
                                      ": " + error.what());
}

moq::Error CaptureCursor::truncated(std::string_view kind) const {
  return moq::Error(moq::code::decode, "truncated at offset " + std::to_string(offset_) +
                                           ": need more bytes (incomplete " + std::string(kind) + ")");
}

}  // namespace moq::cat
