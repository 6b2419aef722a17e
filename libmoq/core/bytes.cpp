#include "moq/bytes.h"

#include <algorithm>

namespace moq {

Bytes::Bytes(std::vector<uint8_t> data) {
  auto owned = std::make_shared<const std::vector<uint8_t>>(std::move(data));
  data_ = owned->data();
  size_ = owned->size();
  storage_ = std::move(owned);
}

Bytes::Bytes(std::string data) {
  auto owned = std::make_shared<const std::string>(std::move(data));
  data_ = reinterpret_cast<const uint8_t*>(owned->data());
  size_ = owned->size();
  storage_ = std::move(owned);
}

Bytes Bytes::copy(std::span<const uint8_t> data) {
  return Bytes(std::vector<uint8_t>(data.begin(), data.end()));
}

Bytes Bytes::copy(std::string_view data) { return Bytes(std::string(data)); }

Bytes Bytes::slice(size_t offset, size_t len) const {
  Bytes out;
  offset = std::min(offset, size_);
  out.storage_ = storage_;
  out.data_ = data_ + offset;
  out.size_ = std::min(len, size_ - offset);
  return out;
}

}  // namespace moq
