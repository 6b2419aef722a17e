#include "latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace moq::bench {

namespace {

constexpr unsigned sub_bits = 7;
constexpr uint64_t exact_limit = uint64_t{1} << sub_bits;  // 128: values below are exact
constexpr uint64_t half = exact_limit / 2;                 // sub-buckets per power of two
// Shifts 1..57 cover values up to 2^64 - 1.
constexpr size_t bucket_count = exact_limit + (64 - sub_bits) * half;

}  // namespace

LatencyHistogram::LatencyHistogram() : counts_(bucket_count, 0) {}

size_t LatencyHistogram::bucket_of(uint64_t value) {
  if (value < exact_limit) return static_cast<size_t>(value);
  unsigned shift = static_cast<unsigned>(std::bit_width(value)) - sub_bits;
  return static_cast<size_t>(exact_limit + (shift - 1) * half + ((value >> shift) - half));
}

uint64_t LatencyHistogram::bucket_floor(size_t bucket) {
  if (bucket < exact_limit) return bucket;
  size_t above = bucket - exact_limit;
  unsigned shift = static_cast<unsigned>(above / half) + 1;
  return (half + above % half) << shift;
}

void LatencyHistogram::record(uint64_t value) {
  ++counts_[bucket_of(value)];
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = std::max(max_, value);
  ++count_;
  sum_ += static_cast<double>(value);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.count_ == 0) return;
  for (size_t i = 0; i < bucket_count; ++i) counts_[i] += other.counts_[i];
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

void LatencyHistogram::clear() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  min_ = 0;
  max_ = 0;
  sum_ = 0;
}

uint64_t LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0;
  auto rank = static_cast<uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
  rank = std::max<uint64_t>(rank, 1);
  uint64_t seen = 0;
  for (size_t i = 0; i < bucket_count; ++i) {
    seen += counts_[i];
    if (seen < rank) continue;
    uint64_t floor = bucket_floor(i);
    uint64_t next = i + 1 < bucket_count ? bucket_floor(i + 1) : max_;
    uint64_t middle = floor + (next - floor) / 2;
    return std::clamp(middle, min_, max_);
  }
  return max_;
}

}  // namespace moq::bench
