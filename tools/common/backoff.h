#pragma once
// Delays between reconnection attempts: 100 ms, doubling up to 5 s; reset once connected.

#include <chrono>

namespace moq::tool {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;
  static constexpr Duration first{100};
  static constexpr Duration limit{5000};

  // The delay before the next attempt.
  Duration next() {
    Duration delay = current_;
    current_ = current_ * 2 > limit ? limit : current_ * 2;
    return delay;
  }
  void reset() { current_ = first; }

 private:
  Duration current_ = first;
};

}  // namespace moq::tool
