#pragma once
// Appends wire encodings to an owned buffer; finish() hands it over as shared Bytes.
// If an encode() throws, the writer holds a partial message and must be discarded.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "moq/bytes.h"

namespace moq::wire {

class Writer {
 public:
  // QUIC varint in its shortest form; throws moq::Error code 11 for values >= 2^62.
  void varint(uint64_t value);
  void u8(uint8_t value);
  // Raw bytes, no length prefix.
  void raw(std::span<const uint8_t> data);

  size_t size() const noexcept { return out_.size(); }
  std::span<const uint8_t> view() const noexcept { return out_; }
  // The bytes written so far; the writer is empty afterwards.
  Bytes finish();

 private:
  std::vector<uint8_t> out_;
};

}  // namespace moq::wire
