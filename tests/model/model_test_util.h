#pragma once
// Helpers shared by the model tests: taking items out of polls, and a clock tests can move.

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <variant>

#include "moq/bytes.h"
#include "moq/track.h"

namespace moq::test {

inline Bytes text(const std::string& s) { return Bytes::copy(std::string_view(s)); }

// The next item of a consumer, which must be a group.
inline GroupConsumer next_group(TrackConsumer& consumer) {
  auto item = consumer.next_group();
  REQUIRE(item.is_ready());
  auto* group = std::get_if<GroupConsumer>(&item.value());
  REQUIRE(group != nullptr);
  return *group;
}

// The next item of a consumer, which must be a drop report.
inline GroupsDropped next_drop(TrackConsumer& consumer) {
  auto item = consumer.next_group();
  REQUIRE(item.is_ready());
  auto* dropped = std::get_if<GroupsDropped>(&item.value());
  REQUIRE(dropped != nullptr);
  return *dropped;
}

// The next whole frame of a group, which must be there.
inline Bytes next_frame(GroupConsumer& group) {
  auto frame = group.read_frame();
  REQUIRE(frame.is_ready());
  return frame.value();
}

class FakeClock {
 public:
  std::chrono::steady_clock::time_point now() const { return now_; }
  void advance(std::chrono::milliseconds by) { now_ += by; }
  TrackOptions::Clock source() {
    return [this] { return now_; };
  }

 private:
  std::chrono::steady_clock::time_point now_{std::chrono::seconds(1000)};
};

}  // namespace moq::test
