#pragma once
// A latency histogram in the style of HdrHistogram: values are counted in log-spaced buckets,
// each power of two split into 64 linear sub-buckets, so any recorded value is known to within
// 1/64 (1.6 %) while the whole uint64 range fits in a few thousand counters. Values below 128
// are exact. Histograms of different subscribers or intervals merge by adding counts.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace moq::bench {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void record(uint64_t value);
  void merge(const LatencyHistogram& other);
  void clear();

  uint64_t count() const noexcept { return count_; }
  // 0 when empty.
  uint64_t min() const noexcept { return count_ == 0 ? 0 : min_; }
  uint64_t max() const noexcept { return max_; }
  double mean() const noexcept { return count_ == 0 ? 0 : sum_ / static_cast<double>(count_); }
  // The value at or below which the fraction q (0..1) of the recorded values lie: the middle of
  // that value's bucket, clamped to [min, max]. 0 when empty.
  uint64_t percentile(double q) const;

  // The bucket a value falls in, and the smallest value of a bucket (exposed for tests).
  static size_t bucket_of(uint64_t value);
  static uint64_t bucket_floor(size_t bucket);

 private:
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  uint64_t min_ = 0;
  uint64_t max_ = 0;
  double sum_ = 0;
};

}  // namespace moq::bench
