#pragma once
// What moq-bench sends, parsed from its flags: frame sizes (fixed or a distribution), rates
// (frames/s, bytes/s or bits/s) and the per-track values of list-valued flags. Parsing failures
// throw ToolFailure(usage) naming the flag and what was expected.

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "frame_stamp.h"
#include "moq/track.h"

namespace moq::bench {

// "1000", "64K" (10^3), "1Mi" (2^20), "2.5G", each optionally ending in "B".
uint64_t parse_byte_count(std::string_view text, std::string_view flag);

// Sizes drawn uniformly from [min, max]; a fixed size has min == max.
struct FrameSizes {
  uint64_t min = 1000;
  uint64_t max = 1000;
  double mean() const { return (static_cast<double>(min) + static_cast<double>(max)) / 2; }
  uint64_t sample(std::mt19937_64& random) const;
};
// "1000", "1Mi" or "uniform:100-1000".
FrameSizes parse_frame_sizes(std::string_view text);

// Frames per second of one track; 0 = as fast as the subscribers take them.
struct Rate {
  double frames_per_second = 0;
  bool unlimited() const { return frames_per_second <= 0; }
};
// "0" (unlimited), "1000" (frames/s), "10M" (bytes/s, with the K/M/G suffixes of
// parse_byte_count) or "20Mbit" (bits/s). Byte and bit rates become frames/s at the frame
// sizes' mean.
Rate parse_rate(std::string_view text, const FrameSizes& sizes);

// "a,b,c" -> {"a","b","c"}; values are given to tracks in turn (track i gets i mod count).
std::vector<std::string> split_list(std::string_view text);

// One published track's workload.
struct TrackWorkload {
  FrameSizes sizes;
  Rate rate;
  int8_t priority = 0;
  GroupOrder order = GroupOrder::ascending;
  std::chrono::milliseconds expires{0};
};

// The flags' text for each list-valued setting (comma-separated, given to tracks in turn).
struct WorkloadText {
  std::string frame_size = "1000";
  std::string rate = "100";
  std::string priority = "0";
  std::string order = "asc";
  std::string expires = "0";
};
std::vector<TrackWorkload> parse_workload(const WorkloadText& text, uint64_t tracks);

}  // namespace moq::bench
