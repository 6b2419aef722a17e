#pragma once
// The relay's counters in the Prometheus text exposition format (version 0.0.4).

#include <string>

#include "moq/relay.h"

namespace moq::relay_tool {

inline constexpr const char* metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

std::string metrics_text(const RelayStats& stats);

}  // namespace moq::relay_tool
