#pragma once
// Immutable, reference-counted byte buffers. Payload is written once and shared: copies and
// slices of a Bytes point at the same storage, which is freed when the last holder lets go
// (for data on the wire, when the peer has acknowledged it).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace moq {

class Bytes {
 public:
  Bytes() = default;
  explicit Bytes(std::vector<uint8_t> data);
  explicit Bytes(std::string data);
  static Bytes copy(std::span<const uint8_t> data);
  static Bytes copy(std::string_view data);

  const uint8_t* data() const noexcept { return data_; }
  size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::span<const uint8_t> span() const noexcept { return {data_, size_}; }
  std::string_view view() const noexcept {
    return {reinterpret_cast<const char*>(data_), size_};
  }
  // A part of this buffer sharing its storage; len is clamped to what is there.
  Bytes slice(size_t offset, size_t len = SIZE_MAX) const;
  // Whether two values hold the same storage (fan-out sharing), not just equal bytes.
  bool shares_storage_with(const Bytes& other) const noexcept {
    return storage_ && storage_ == other.storage_;
  }

  friend bool operator==(const Bytes& a, const Bytes& b) noexcept {
    return a.view() == b.view();
  }

 private:
  std::shared_ptr<const void> storage_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace moq
