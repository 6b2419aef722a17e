#pragma once
// Announce stream messages: the discoverer's request and the publisher's announcements.

#include <cstdint>

#include "moq/path.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

struct AnnouncePlease {
  Path prefix;
  friend bool operator==(const AnnouncePlease&, const AnnouncePlease&) = default;
};

// A u8 on the wire; any other value is code 5. The 0.8.0 decoder rejects live.
enum class AnnounceStatus : uint8_t { ended = 0, active = 1, live = 2 };

// Active and ended carry the suffix (the track is prefix ++ suffix); live has no payload, so a
// live announce with a suffix cannot be encoded (code 11).
struct Announce {
  AnnounceStatus status = AnnounceStatus::active;
  Path suffix;
  friend bool operator==(const Announce&, const Announce&) = default;
};

void encode(Writer& writer, const AnnouncePlease& request);
void decode(Reader& reader, AnnouncePlease& request);
void encode(Writer& writer, const Announce& announce);
void decode(Reader& reader, Announce& announce);

}  // namespace moq::wire
