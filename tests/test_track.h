#pragma once
// The track most tests need: default properties at a path, optionally a priority.

#include <cstdint>
#include <string_view>

#include "moq/path.h"
#include "moq/track.h"

namespace moq::test {

inline Track track_at(std::string_view path, int8_t priority = 0) {
  Track track;
  track.path = Path::parse(path);
  track.priority = priority;
  return track;
}

}  // namespace moq::test
