// The allocator connections give ngtcp2: heap and mapped blocks keep their contents through
// realloc in either direction, calloc zeroes, and overflowing sizes fail instead of wrapping.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>

#include "transport/ngtcp2_allocator.h"

namespace {

bool filled_with(const void* block, size_t size, uint8_t value) {
  const auto* bytes = static_cast<const uint8_t*>(block);
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != value) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("ngtcp2 allocator: small and large blocks, realloc across the mapping threshold") {
  moq::quic::Ngtcp2Allocator allocator;
  const ngtcp2_mem* mem = allocator.get();

  void* small = mem->malloc(100, mem->user_data);
  REQUIRE(small != nullptr);
  std::memset(small, 0xab, 100);
  // Grown past a page: moved to its own mapping, contents kept.
  void* large = mem->realloc(small, 64 * 1024, mem->user_data);
  REQUIRE(large != nullptr);
  CHECK(filled_with(large, 100, 0xab));
  std::memset(large, 0xcd, 64 * 1024);
  // Shrunk back: the first bytes survive.
  void* shrunk = mem->realloc(large, 200, mem->user_data);
  REQUIRE(shrunk != nullptr);
  CHECK(filled_with(shrunk, 200, 0xcd));
  mem->free(shrunk, mem->user_data);
  mem->free(nullptr, mem->user_data);
}

TEST_CASE("ngtcp2 allocator: calloc zeroes, and overflowing requests fail") {
  moq::quic::Ngtcp2Allocator allocator;
  const ngtcp2_mem* mem = allocator.get();

  for (size_t size : {size_t{16}, size_t{32 * 1024}}) {
    void* block = mem->calloc(size / 8, 8, mem->user_data);
    REQUIRE(block != nullptr);
    CHECK(filled_with(block, size, 0));
    mem->free(block, mem->user_data);
  }
  CHECK(mem->calloc(SIZE_MAX / 2, 4, mem->user_data) == nullptr);
  CHECK(mem->malloc(SIZE_MAX - 8, mem->user_data) == nullptr);

  void* fresh = mem->realloc(nullptr, 10000, mem->user_data);
  REQUIRE(fresh != nullptr);
  std::memset(fresh, 1, 10000);
  mem->free(fresh, mem->user_data);
}
