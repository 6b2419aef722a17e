#pragma once
// Where moq-pub starts a new group (--group): after every N frames, after N bytes, every N
// milliseconds, at each frame matching a regular expression, or never.

#include <chrono>
#include <cstdint>
#include <optional>
#include <regex>
#include <string_view>

#include "moq/bytes.h"

namespace moq::pub {

struct Grouping {
  enum class Kind { every, bytes, ms, match, never };
  Kind kind = Kind::every;
  uint64_t count = 1;
  std::optional<std::regex> pattern;
};

// "every:N", "bytes:N", "ms:N", "match:REGEX" (ECMAScript), "never". Throws ToolFailure(usage).
Grouping parse_grouping(std::string_view text);

// Follows the frames of the current group.
class Grouper {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Grouper(Grouping grouping) : grouping_(std::move(grouping)) {}

  // Whether frame must open a new group (the current one, if any, is finished first).
  bool starts_group(const Bytes& frame, Clock::time_point now) const;
  // Records frame as written; returns whether the group is complete after it.
  bool add(const Bytes& frame, Clock::time_point now);
  // The current group was finished.
  void reset() { frames_ = 0, bytes_ = 0, open_ = false; }

 private:
  Grouping grouping_;
  bool open_ = false;
  uint64_t frames_ = 0;
  uint64_t bytes_ = 0;
  Clock::time_point started_{};
};

}  // namespace moq::pub
