#pragma once
// How moq-bench shows a run, like iperf3: a line per --interval, a progress bar on a terminal,
// a summary table at the end, or one JSON object (--json) for scripts. docs/moq-bench.md
// describes every field.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_stats.h"
#include "process_usage.h"

namespace moq::bench {

// Frames and bytes over a span of time.
struct Throughput {
  uint64_t frames = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  double frames_per_second() const { return seconds > 0 ? static_cast<double>(frames) / seconds : 0; }
  double megabytes_per_second() const { return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0; }
  double megabits_per_second() const { return megabytes_per_second() * 8; }
};

// What the receiving side of a run adds up to.
struct Delivery {
  Throughput throughput;
  uint64_t expected_frames = 0;  // measured frames that should have arrived
  bool expected_known = true;    // false: some trailers did not arrive
  uint64_t dropped_groups = 0;
  uint64_t tracks_failed = 0;
  uint64_t lost_frames() const {
    return expected_frames > throughput.frames ? expected_frames - throughput.frames : 0;
  }
  double delivered_fraction() const {
    return expected_frames == 0 ? 1.0 : static_cast<double>(throughput.frames) / static_cast<double>(expected_frames);
  }
};

struct RunSummary {
  std::string role;    // "all", "pub" or "sub"
  std::string target;  // "embedded relay", "direct" or the relay's URL
  uint64_t tracks = 0;
  uint64_t subscribers = 0;
  double warmup_seconds = 0;
  double duration_seconds = 0;
  std::optional<Throughput> sent;
  std::optional<Delivery> received;
  const LatencyHistogram* latency_ns = nullptr;  // with received
  // With received: each track's measured frames; throughput over the same window.
  const std::vector<Tally>* per_track = nullptr;
  ProcessUsage usage;
  std::vector<nlohmann::json> intervals;
  std::vector<std::string> failures;  // why the run counts as failed (lost data, errors)
};

// One interval's figures; also kept for the JSON "intervals" array.
struct IntervalFigures {
  double start = 0;
  double end = 0;
  std::optional<Throughput> sent;
  std::optional<Throughput> received;
  const LatencyHistogram* latency_ns = nullptr;
  uint64_t dropped_groups = 0;
};

std::string interval_line(const IntervalFigures& figures);
nlohmann::json interval_json(const IntervalFigures& figures);

void print_summary(std::ostream& out, const RunSummary& summary);
nlohmann::json summary_json(const RunSummary& summary);

// "[#####.....]  4.0 / 10.0 s" redrawn in place on stderr, only when it is a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  ~ProgressBar() { clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void show(double elapsed, double total);
  // Erases the bar (before other output, and at the end).
  void clear();

 private:
  bool enabled_;
  bool shown_ = false;
};

}  // namespace moq::bench
