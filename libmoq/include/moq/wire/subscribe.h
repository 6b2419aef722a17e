#pragma once
// Subscribe stream messages: the subscription, its later updates, and the publisher's reports
// of dropped groups. (The publisher's first reply is an Info, see info.h.)

#include <chrono>
#include <cstdint>
#include <optional>

#include "moq/path.h"
#include "moq/wire/primitives.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

struct Subscribe {
  uint64_t id = 0;
  Path path;
  int8_t priority = 0;
  GroupOrder group_order = GroupOrder::descending;
  std::chrono::milliseconds group_expires{0};
  std::optional<uint64_t> group_min;
  std::optional<uint64_t> group_max;
  friend bool operator==(const Subscribe&, const Subscribe&) = default;
};

// Encoded the way the 0.8.0 decoder reads it: priority as a varint holding value + 128 (above
// 255 is code 11), then order, expires, min, max. (The 0.8.0 encoder leaves out expires.)
struct SubscribeUpdate {
  int8_t priority = 0;
  GroupOrder group_order = GroupOrder::descending;
  std::chrono::milliseconds group_expires{0};
  std::optional<uint64_t> group_min;
  std::optional<uint64_t> group_max;
  friend bool operator==(const SubscribeUpdate&, const SubscribeUpdate&) = default;
};

// Groups sequence .. sequence + count were dropped, for the reason in code.
struct GroupDrop {
  uint64_t sequence = 0;
  uint64_t count = 0;
  uint64_t code = 0;
  friend bool operator==(const GroupDrop&, const GroupDrop&) = default;
};

void encode(Writer& writer, const Subscribe& subscribe);
void decode(Reader& reader, Subscribe& subscribe);
void encode(Writer& writer, const SubscribeUpdate& update);
void decode(Reader& reader, SubscribeUpdate& update);
void encode(Writer& writer, const GroupDrop& drop);
void decode(Reader& reader, GroupDrop& drop);

}  // namespace moq::wire
