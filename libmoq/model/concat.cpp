#include "model/concat.h"

#include <cstdint>
#include <vector>

namespace moq::detail {

Bytes concat(std::span<const Bytes> chunks) {
  if (chunks.empty()) {
    return Bytes();
  }
  if (chunks.size() == 1) {
    return chunks.front();
  }
  size_t total = 0;
  for (const Bytes& chunk : chunks) {
    total += chunk.size();
  }
  std::vector<uint8_t> joined;
  joined.reserve(total);
  for (const Bytes& chunk : chunks) {
    joined.insert(joined.end(), chunk.data(), chunk.data() + chunk.size());
  }
  return Bytes(std::move(joined));
}

}  // namespace moq::detail
