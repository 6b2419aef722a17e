#pragma once
// Fetch stream request: one past group, from a frame index on.

#include <cstdint>

#include "moq/path.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

struct Fetch {
  Path path;
  int8_t priority = 0;
  uint64_t group = 0;
  uint64_t offset = 0;  // frame index within the group
  friend bool operator==(const Fetch&, const Fetch&) = default;
};

void encode(Writer& writer, const Fetch& fetch);
void decode(Reader& reader, Fetch& fetch);

}  // namespace moq::wire
