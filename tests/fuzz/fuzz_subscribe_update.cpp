// SubscribeUpdate messages, as a subscriber sends them after its Subscribe.

#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::span<const uint8_t> data(bytes, size);
  moq_fuzz::decode_each<moq::wire::SubscribeUpdate>(data);
  return 0;
}
