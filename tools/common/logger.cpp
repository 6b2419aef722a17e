#include "logger.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace moq::tool {
namespace {

constexpr std::array<std::string_view, 5> level_names = {"error", "warn", "info", "debug", "trace"};

// "2024-12-01T12:34:56.789Z"
std::string utc_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text.data() + length, text.size() - length, ".%03dZ", static_cast<int>(millis));
  return text.data();
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view name) {
  for (size_t i = 0; i < level_names.size(); ++i) {
    if (level_names[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

std::string_view log_level_name(LogLevel level) { return level_names.at(static_cast<size_t>(level)); }

void Logger::write(LogLevel level, std::string_view message) const {
  std::string line = tool_name_ + ": ";
  if (enabled(LogLevel::debug)) line += utc_timestamp() + " ";
  line += log_level_name(level);
  line += ": ";
  line += message;
  line += '\n';
  // One write per line, so lines from several threads or processes do not interleave.
  *out_ << line << std::flush;
}

}  // namespace moq::tool
