#include "frame_stamp.h"

#include <ctime>

#include <vector>

namespace moq::bench {

namespace {

void put_u64(uint8_t* out, uint64_t value) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<uint8_t>(value);
    value >>= 8;
  }
}

uint64_t get_u64(const uint8_t* in) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = (value << 8) | in[i];
  return value;
}

}  // namespace

Bytes encode_stamp(const FrameStamp& stamp) {
  std::vector<uint8_t> frame(frame_stamp_size);
  put_u64(frame.data(), stamp.sent_ns);
  put_u64(frame.data() + 8, stamp.number);
  frame[16] = static_cast<uint8_t>(stamp.kind);
  return Bytes(std::move(frame));
}

std::optional<FrameStamp> read_stamp(std::span<const uint8_t> start) {
  if (start.size() < frame_stamp_size || start[16] > static_cast<uint8_t>(FrameKind::trailer)) return std::nullopt;
  return FrameStamp{get_u64(start.data()), get_u64(start.data() + 8), static_cast<FrameKind>(start[16])};
}

uint64_t wall_clock_ns() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(now.tv_nsec);
}

}  // namespace moq::bench
