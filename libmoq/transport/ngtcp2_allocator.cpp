#include "transport/ngtcp2_allocator.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace moq::quic {

namespace {

// Blocks larger than a page may have pages ngtcp2 never touches: those are mapped on their
// own. Zeroed (calloc) blocks stay on the heap: ngtcp2 uses calloc for what it initialises
// whole (the connection itself, hash tables), and the heap packs those tighter than pages.
constexpr size_t largest_heap_block = 4096;

// In front of every block: how it was obtained, so that free and realloc can undo it. 16 bytes
// keep the block aligned as malloc's are.
struct alignas(16) Header {
  size_t size;
  bool mapped;
};

void* block_of(Header* header) { return header + 1; }
Header* header_of(void* block) { return static_cast<Header*>(block) - 1; }

void* allocate(size_t size, bool zeroed) {
  if (size > SIZE_MAX - sizeof(Header)) return nullptr;
  const size_t total = sizeof(Header) + size;
  const bool mapped = !zeroed && size > largest_heap_block;
  void* memory = nullptr;
  if (mapped) {
    memory = mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (memory == MAP_FAILED) return nullptr;
  } else {
    memory = zeroed ? std::calloc(1, total) : std::malloc(total);
    if (memory == nullptr) return nullptr;
  }
  auto* header = static_cast<Header*>(memory);
  header->size = size;
  header->mapped = mapped;
  return block_of(header);
}

void release(void* block) {
  if (block == nullptr) return;
  Header* header = header_of(block);
  if (header->mapped)
    munmap(header, sizeof(Header) + header->size);
  else
    std::free(header);
}

void* on_malloc(size_t size, void*) { return allocate(size, false); }

void on_free(void* block, void*) { release(block); }

void* on_calloc(size_t count, size_t size, void*) {
  if (size != 0 && count > SIZE_MAX / size) return nullptr;
  return allocate(count * size, true);
}

void* on_realloc(void* block, size_t size, void*) {
  if (block == nullptr) return allocate(size, false);
  Header* header = header_of(block);
  if (!header->mapped && size <= largest_heap_block && size <= SIZE_MAX - sizeof(Header)) {
    auto* moved = static_cast<Header*>(std::realloc(header, sizeof(Header) + size));
    if (moved == nullptr) return nullptr;
    moved->size = size;
    return block_of(moved);
  }
  void* copy = allocate(size, false);
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, block, std::min(size, header->size));
  release(block);
  return copy;
}

}  // namespace

Ngtcp2Allocator::Ngtcp2Allocator() : mem_{nullptr, on_malloc, on_free, on_calloc, on_realloc} {}

}  // namespace moq::quic
