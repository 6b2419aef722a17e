#include <doctest/doctest.h>

#include <random>

#include "tool_failure.h"
#include "workload.h"

using namespace moq::bench;
using moq::tool::ToolFailure;

TEST_CASE("byte counts take decimal and binary suffixes") {
  CHECK(parse_byte_count("1000", "--x") == 1000);
  CHECK(parse_byte_count("64K", "--x") == 64'000);
  CHECK(parse_byte_count("1Mi", "--x") == 1'048'576);
  CHECK(parse_byte_count("2.5G", "--x") == 2'500'000'000);
  CHECK(parse_byte_count("4KiB", "--x") == 4096);
  CHECK_THROWS_AS(parse_byte_count("", "--x"), ToolFailure);
  CHECK_THROWS_AS(parse_byte_count("12Q", "--x"), ToolFailure);
  CHECK_THROWS_AS(parse_byte_count("-5", "--x"), ToolFailure);
  CHECK_THROWS_AS(parse_byte_count("1.5", "--x"), ToolFailure);
}

TEST_CASE("frame sizes: fixed or uniform, never below the stamp") {
  FrameSizes fixed = parse_frame_sizes("1Mi");
  CHECK(fixed.min == 1'048'576);
  CHECK(fixed.max == 1'048'576);
  FrameSizes spread = parse_frame_sizes("uniform:100-1000");
  CHECK(spread.min == 100);
  CHECK(spread.max == 1000);
  CHECK(spread.mean() == doctest::Approx(550));
  std::mt19937_64 random(7);
  for (int i = 0; i < 1000; ++i) {
    uint64_t size = spread.sample(random);
    CHECK(size >= 100);
    CHECK(size <= 1000);
  }
  CHECK_THROWS_AS(parse_frame_sizes("16"), ToolFailure);
  CHECK_THROWS_AS(parse_frame_sizes("uniform:1000-100"), ToolFailure);
  CHECK_THROWS_AS(parse_frame_sizes("uniform:100"), ToolFailure);
  CHECK_THROWS_AS(parse_frame_sizes("normal:100-200"), ToolFailure);
}

TEST_CASE("rates in frames, bytes or bits per second") {
  FrameSizes kilobyte{1000, 1000};
  CHECK(parse_rate("0", kilobyte).unlimited());
  CHECK(parse_rate("250", kilobyte).frames_per_second == doctest::Approx(250));
  CHECK(parse_rate("10M", kilobyte).frames_per_second == doctest::Approx(10'000));
  CHECK(parse_rate("10MB", kilobyte).frames_per_second == doctest::Approx(10'000));
  CHECK(parse_rate("20Mbit", kilobyte).frames_per_second == doctest::Approx(2'500));
  CHECK(parse_rate("8Kbps", kilobyte).frames_per_second == doctest::Approx(1));
  CHECK_THROWS_AS(parse_rate("fast", kilobyte), ToolFailure);
  CHECK_THROWS_AS(parse_rate("10Mbyte", kilobyte), ToolFailure);
}

TEST_CASE("list-valued flags go to tracks in turn") {
  WorkloadText text;
  text.frame_size = "1000,uniform:100-200";
  text.rate = "10,0";
  text.priority = "5,-1,0";
  text.order = "desc";
  text.expires = "0,500";
  auto tracks = parse_workload(text, 4);
  REQUIRE(tracks.size() == 4);
  CHECK(tracks[0].sizes.max == 1000);
  CHECK(tracks[1].sizes.min == 100);
  CHECK(tracks[2].sizes.max == 1000);
  CHECK(tracks[0].rate.frames_per_second == doctest::Approx(10));
  CHECK(tracks[1].rate.unlimited());
  CHECK(tracks[0].priority == 5);
  CHECK(tracks[1].priority == -1);
  CHECK(tracks[3].priority == 5);
  CHECK(tracks[2].order == moq::GroupOrder::descending);
  CHECK(tracks[1].expires.count() == 500);
  CHECK(tracks[2].expires.count() == 0);
}

TEST_CASE("bad list values name their flag") {
  WorkloadText text;
  text.priority = "200";
  CHECK_THROWS_WITH_AS(parse_workload(text, 1), doctest::Contains("--priority"), ToolFailure);
  text = {};
  text.order = "up";
  CHECK_THROWS_WITH_AS(parse_workload(text, 1), doctest::Contains("--order"), ToolFailure);
  text = {};
  text.expires = "soon";
  CHECK_THROWS_WITH_AS(parse_workload(text, 1), doctest::Contains("--expires"), ToolFailure);
  CHECK(split_list("a,,b") == std::vector<std::string>{"a", "", "b"});
}
