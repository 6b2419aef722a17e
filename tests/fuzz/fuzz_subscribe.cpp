// Subscribe messages, one after another.

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::span<const uint8_t> data(bytes, size);
  moq_fuzz::decode_each<moq::wire::Subscribe>(data);
  return 0;
}
