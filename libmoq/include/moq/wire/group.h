#pragma once
// Group stream: the header naming the subscription and group, then frames, each a size header
// followed by exactly that many payload bytes (not part of the message; see RecvBuffer::take).

#include <cstdint>

#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

struct Group {
  uint64_t subscribe = 0;
  uint64_t sequence = 0;
  friend bool operator==(const Group&, const Group&) = default;
};

struct FrameHeader {
  uint64_t size = 0;
  friend bool operator==(const FrameHeader&, const FrameHeader&) = default;
};

void encode(Writer& writer, const Group& group);
void decode(Reader& reader, Group& group);
void encode(Writer& writer, const FrameHeader& frame);
void decode(Reader& reader, FrameHeader& frame);

}  // namespace moq::wire
