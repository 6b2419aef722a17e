#include "workload.h"

#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "tool_failure.h"

namespace moq::bench {

namespace {

using tool::ExitCode;
using tool::ToolFailure;

[[noreturn]] void refuse(std::string_view flag, std::string_view text, std::string_view expected) {
  throw ToolFailure(ExitCode::usage, std::string(flag) + " " + std::string(text) + ": expected " + std::string(expected));
}

// A non-negative decimal number at the start of text; the rest is left in text.
std::optional<double> take_number(std::string_view& text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (error != std::errc() || !std::isfinite(value) || value < 0) return std::nullopt;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return value;
}

// The multiplier of a K/M/G suffix (Ki/Mi/Gi binary) at the start of text, consumed.
double take_multiplier(std::string_view& text) {
  if (text.empty()) return 1;
  double base = 0;
  switch (text.front()) {
    case 'k': case 'K': base = 1e3; break;
    case 'm': case 'M': base = 1e6; break;
    case 'g': case 'G': base = 1e9; break;
    default: return 1;
  }
  text.remove_prefix(1);
  if (!text.empty() && text.front() == 'i') {
    text.remove_prefix(1);
    return base == 1e3 ? 1024.0 : base == 1e6 ? 1048576.0 : 1073741824.0;
  }
  return base;
}

std::optional<uint64_t> byte_count(std::string_view text) {
  auto number = take_number(text);
  if (!number) return std::nullopt;
  double value = *number * take_multiplier(text);
  if (text == "B") text.remove_prefix(1);
  if (!text.empty() || value >= 1.8e19 || value != std::floor(value)) return std::nullopt;
  return static_cast<uint64_t>(value);
}

template <class T>
const T& for_track(const std::vector<T>& values, uint64_t track) {
  return values[track % values.size()];
}

}  // namespace

uint64_t parse_byte_count(std::string_view text, std::string_view flag) {
  auto value = byte_count(text);
  if (!value) refuse(flag, text, "a byte count such as 1000, 64K or 1Mi");
  return *value;
}

uint64_t FrameSizes::sample(std::mt19937_64& random) const {
  if (min == max) return min;
  return std::uniform_int_distribution<uint64_t>(min, max)(random);
}

FrameSizes parse_frame_sizes(std::string_view text) {
  constexpr std::string_view flag = "--frame-size";
  constexpr std::string_view expected = "a size (1000, 64K, 1Mi) or uniform:MIN-MAX";
  FrameSizes sizes;
  if (text.starts_with("uniform:")) {
    std::string_view range = text.substr(8);
    auto dash = range.find('-');
    if (dash == std::string_view::npos) refuse(flag, text, expected);
    auto low = byte_count(range.substr(0, dash));
    auto high = byte_count(range.substr(dash + 1));
    if (!low || !high || *low > *high) refuse(flag, text, expected);
    sizes = {*low, *high};
  } else {
    auto size = byte_count(text);
    if (!size) refuse(flag, text, expected);
    sizes = {*size, *size};
  }
  // Every frame starts with its stamp.
  if (sizes.min < frame_stamp_size) {
    refuse(flag, text, "at least " + std::to_string(frame_stamp_size) + " bytes (the frame's time stamp)");
  }
  return sizes;
}

Rate parse_rate(std::string_view text, const FrameSizes& sizes) {
  constexpr std::string_view expected = "frames/s (1000), bytes/s (10M) or bits/s (20Mbit); 0 = unlimited";
  std::string_view rest = text;
  auto number = take_number(rest);
  if (!number) refuse("--rate", text, expected);
  if (rest.empty()) return Rate{*number};
  double multiplier = take_multiplier(rest);
  double bytes_per_second = 0;
  if (rest.empty() || rest == "B") {
    bytes_per_second = *number * multiplier;
  } else if (rest == "bit" || rest == "bps") {
    bytes_per_second = *number * multiplier / 8;
  } else {
    refuse("--rate", text, expected);
  }
  return Rate{bytes_per_second / sizes.mean()};
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> parts;
  for (;;) {
    auto comma = text.find(',');
    parts.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return parts;
}

std::vector<TrackWorkload> parse_workload(const WorkloadText& text, uint64_t tracks) {
  std::vector<FrameSizes> sizes;
  for (const auto& part : split_list(text.frame_size)) sizes.push_back(parse_frame_sizes(part));
  auto rates = split_list(text.rate);
  std::vector<int8_t> priorities;
  for (const auto& part : split_list(text.priority)) {
    int value = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size() || value < -128 || value > 127) {
      refuse("--priority", part, "-128..127");
    }
    priorities.push_back(static_cast<int8_t>(value));
  }
  std::vector<GroupOrder> orders;
  for (const auto& part : split_list(text.order)) {
    if (part != "asc" && part != "desc") refuse("--order", part, "asc or desc");
    orders.push_back(part == "asc" ? GroupOrder::ascending : GroupOrder::descending);
  }
  std::vector<std::chrono::milliseconds> expiries;
  for (const auto& part : split_list(text.expires)) {
    uint64_t value = 0;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size()) refuse("--expires", part, "milliseconds");
    expiries.emplace_back(value);
  }
  std::vector<TrackWorkload> workload;
  for (uint64_t track = 0; track < tracks; ++track) {
    const FrameSizes& track_sizes = for_track(sizes, track);
    workload.push_back({.sizes = track_sizes,
                        .rate = parse_rate(for_track(rates, track), track_sizes),
                        .priority = for_track(priorities, track),
                        .order = for_track(orders, track),
                        .expires = for_track(expiries, track)});
  }
  return workload;
}

}  // namespace moq::bench
