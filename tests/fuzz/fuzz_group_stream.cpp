// A group (unidirectional) stream: its data type, the Group header, then frames.

#include "fuzz_check.h"

using namespace moq::wire;
using moq_fuzz::decode_checked;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::span<const uint8_t> data(bytes, size);
  if (decode_checked<DataType>(data) && decode_checked<Group>(data)) moq_fuzz::skip_frames(data);
  return 0;
}
