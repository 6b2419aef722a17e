// A control (bidirectional) stream: its type, then the messages of that stream type in order,
// the opener's first, then the responder's.

#include "fuzz_check.h"

using namespace moq::wire;
using moq_fuzz::decode_checked;
using moq_fuzz::decode_each;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::span<const uint8_t> data(bytes, size);
  std::optional<ControlType> type = decode_checked<ControlType>(data);
  if (!type) return 0;
  switch (*type) {
    case ControlType::session:
      if (decode_checked<ClientSetup>(data)) decode_checked<ServerSetup>(data);
      break;
    case ControlType::announce:
      if (decode_checked<AnnouncePlease>(data)) decode_each<Announce>(data);
      break;
    case ControlType::subscribe:
      if (decode_checked<Subscribe>(data) && decode_checked<Info>(data)) {
        decode_each<GroupDrop>(data);
      }
      break;
    case ControlType::fetch:
      if (decode_checked<Fetch>(data)) moq_fuzz::skip_frames(data);
      break;
    case ControlType::info:
      if (decode_checked<InfoRequest>(data)) decode_checked<Info>(data);
      break;
  }
  return 0;
}
