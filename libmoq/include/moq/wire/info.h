#pragma once
// Track information: the reply that opens a subscribe stream, and the info stream's exchange.

#include <chrono>
#include <cstdint>

#include "moq/path.h"
#include "moq/wire/primitives.h"
#include "moq/wire/reader.h"
#include "moq/wire/writer.h"

namespace moq::wire {

struct Info {
  int8_t priority = 0;
  GroupOrder group_order = GroupOrder::descending;
  std::chrono::milliseconds group_expires{0};
  uint64_t group_latest = 0;  // 0 also when there is no group yet
  friend bool operator==(const Info&, const Info&) = default;
};

struct InfoRequest {
  Path path;
  friend bool operator==(const InfoRequest&, const InfoRequest&) = default;
};

void encode(Writer& writer, const Info& info);
void decode(Reader& reader, Info& info);
void encode(Writer& writer, const InfoRequest& request);
void decode(Reader& reader, InfoRequest& request);

}  // namespace moq::wire
