#pragma once
// How moq-cat's live modes show frames: arrival times and a short preview of a payload.

#include <chrono>
#include <cstdint>
#include <string>

#include "moq/bytes.h"

namespace moq::cat {

// 12:34:56.789 (UTC).
std::string clock_time(std::chrono::system_clock::time_point when);
// text "..." when the first limit bytes are printable (newlines and tabs shown as spaces), else
// hex; "..." after it when the payload is longer.
std::string preview(const Bytes& payload, uint64_t limit);

}  // namespace moq::cat
