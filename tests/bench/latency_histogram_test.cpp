#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "latency_histogram.h"

using moq::bench::LatencyHistogram;

TEST_CASE("an empty histogram reports zeros") {
  LatencyHistogram histogram;
  CHECK(histogram.count() == 0);
  CHECK(histogram.min() == 0);
  CHECK(histogram.max() == 0);
  CHECK(histogram.percentile(0.5) == 0);
}

TEST_CASE("small values are exact") {
  LatencyHistogram histogram;
  for (uint64_t value = 0; value < 100; ++value) histogram.record(value);
  CHECK(histogram.count() == 100);
  CHECK(histogram.min() == 0);
  CHECK(histogram.max() == 99);
  CHECK(histogram.percentile(0.5) == 49);
  CHECK(histogram.percentile(0.99) == 98);
  CHECK(histogram.percentile(1.0) == 99);
  CHECK(histogram.mean() == doctest::Approx(49.5));
}

TEST_CASE("buckets are contiguous and each holds its floor") {
  uint64_t previous_floor = 0;
  for (size_t bucket = 1; bucket < 3000; ++bucket) {
    uint64_t floor = LatencyHistogram::bucket_floor(bucket);
    CHECK(floor > previous_floor);
    CHECK(LatencyHistogram::bucket_of(floor) == bucket);
    CHECK(LatencyHistogram::bucket_of(floor - 1) == bucket - 1);
    previous_floor = floor;
  }
  CHECK(LatencyHistogram::bucket_of(std::numeric_limits<uint64_t>::max()) > 3000);
}

TEST_CASE("large values are known to within 1/64") {
  for (uint64_t value : {1000ull, 123'456ull, 2'000'000ull, 987'654'321ull, 1ull << 50}) {
    LatencyHistogram histogram;
    histogram.record(value);
    histogram.record(value * 2);
    uint64_t median = histogram.percentile(0.5);
    CHECK(median >= value);
    CHECK(static_cast<double>(median - value) <= static_cast<double>(value) / 64);
  }
}

TEST_CASE("percentiles of a uniform spread") {
  LatencyHistogram histogram;
  for (uint64_t micros = 1; micros <= 10'000; ++micros) histogram.record(micros * 1000);
  auto near = [](uint64_t value, double expected) {
    return doctest::Approx(expected).epsilon(0.02) == static_cast<double>(value);
  };
  CHECK(near(histogram.percentile(0.5), 5e6));
  CHECK(near(histogram.percentile(0.9), 9e6));
  CHECK(near(histogram.percentile(0.99), 9.9e6));
  CHECK(near(histogram.percentile(0.999), 9.99e6));
  CHECK(histogram.min() == 1000);
  CHECK(histogram.max() == 10'000'000);
}

TEST_CASE("merge adds counts and keeps the extremes") {
  LatencyHistogram low;
  LatencyHistogram high;
  for (int i = 0; i < 90; ++i) low.record(10);
  for (int i = 0; i < 10; ++i) high.record(1'000'000);
  low.merge(high);
  CHECK(low.count() == 100);
  CHECK(low.min() == 10);
  CHECK(low.max() == 1'000'000);
  CHECK(low.percentile(0.9) == 10);
  CHECK(low.percentile(0.91) >= 990'000);
  low.clear();
  CHECK(low.count() == 0);
  CHECK(low.percentile(0.5) == 0);
}
