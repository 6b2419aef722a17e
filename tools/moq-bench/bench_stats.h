#pragma once
// What a run counts, on the sending and on the receiving side, in total and for the current
// --interval (which the report takes and clears).

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "latency_histogram.h"

namespace moq::bench {

// Frames (not trailers): measured ones in the totals, all in the current interval.
struct Tally {
  uint64_t frames = 0;
  uint64_t bytes = 0;
  uint64_t dropped_groups = 0;
  LatencyHistogram latency_ns;  // receiving side only

  void clear() {
    frames = bytes = dropped_groups = 0;
    latency_ns.clear();
  }
};

struct SendStats {
  Tally total;
  Tally interval;
};

struct ReceiveStats {
  Tally total;
  std::vector<Tally> per_track;  // measured frames by track index, summed over subscribers
  Tally interval;
  uint64_t expected_frames = 0;  // the sum of the trailers' counts
  uint64_t trailers = 0;         // tracks whose trailer arrived
  uint64_t tracks_ended = 0;     // subscriptions that ended cleanly
  uint64_t tracks_failed = 0;    // subscriptions that ended with an error
  uint64_t malformed_frames = 0;
  std::string first_error;       // why the first failed subscription failed
  // The measured window: the first measured frame's send time to the last one's arrival.
  uint64_t first_sent_ns = std::numeric_limits<uint64_t>::max();
  uint64_t last_received_ns = 0;
};

}  // namespace moq::bench
