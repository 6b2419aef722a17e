#include "moq/wire/announce.h"

#include <string>

#include "moq/error.h"
#include "moq/wire/primitives.h"

namespace moq::wire {

void encode(Writer& writer, const AnnouncePlease& request) { encode(writer, request.prefix); }
void decode(Reader& reader, AnnouncePlease& request) { decode(reader, request.prefix); }

void encode(Writer& writer, const Announce& announce) {
  switch (announce.status) {
    case AnnounceStatus::ended:
    case AnnounceStatus::active:
      writer.u8(static_cast<uint8_t>(announce.status));
      encode(writer, announce.suffix);
      return;
    case AnnounceStatus::live:
      if (!announce.suffix.empty()) {
        throw Error(code::bounds_exceeded, "a live announce carries no suffix");
      }
      writer.u8(static_cast<uint8_t>(announce.status));
      return;
  }
  throw Error(code::decode,
              "invalid announce status " + std::to_string(static_cast<int>(announce.status)));
}

void decode(Reader& reader, Announce& announce) {
  uint8_t status = reader.u8();
  switch (static_cast<AnnounceStatus>(status)) {
    case AnnounceStatus::ended:
    case AnnounceStatus::active:
      announce.status = static_cast<AnnounceStatus>(status);
      decode(reader, announce.suffix);
      return;
    case AnnounceStatus::live:
      announce.status = AnnounceStatus::live;
      announce.suffix = Path();
      return;
  }
  throw Error(code::decode, "invalid announce status " + std::to_string(status));
}

}  // namespace moq::wire
