#pragma once
// The first bytes of every frame moq-bench sends: when the publisher wrote it (CLOCK_REALTIME,
// so that processes on hosts with synchronised clocks can measure latency), its number within
// the track, and what it is. The rest of the frame is filler.

#include <cstdint>
#include <optional>
#include <span>

#include "moq/bytes.h"

namespace moq::bench {

enum class FrameKind : uint8_t {
  warmup = 0,    // sent during --warmup: delivered but not measured
  measured = 1,  // counted in throughput, latency and loss
  trailer = 2,   // the track's last frame, alone in the last group: number = measured frames sent
};

struct FrameStamp {
  uint64_t sent_ns = 0;
  uint64_t number = 0;
  FrameKind kind = FrameKind::measured;
};

inline constexpr size_t frame_stamp_size = 17;

// The stamp's frame_stamp_size bytes, which start the frame (the publisher sends a shared
// filler buffer after them, so frames cost no copy).
Bytes encode_stamp(const FrameStamp& stamp);
// The stamp at the start of a frame; nullopt if it is too short or of an unknown kind.
std::optional<FrameStamp> read_stamp(std::span<const uint8_t> start);

// Nanoseconds of CLOCK_REALTIME.
uint64_t wall_clock_ns();

}  // namespace moq::bench
