#pragma once
// Diagnostic lines on stderr: "moq-relay: info: listening on [::]:4443". At debug and trace
// every line also carries a UTC timestamp, to follow timing when it matters.

#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

namespace moq::tool {

enum class LogLevel { error, warn, info, debug, trace };

// "error", "warn", "info", "debug", "trace"; nullopt for anything else.
std::optional<LogLevel> parse_log_level(std::string_view name);
std::string_view log_level_name(LogLevel level);

class Logger {
 public:
  Logger(std::string tool_name, LogLevel level, std::ostream& out)
      : tool_name_(std::move(tool_name)), level_(level), out_(&out) {}

  LogLevel level() const noexcept { return level_; }
  void set_level(LogLevel level) noexcept { level_ = level; }
  bool enabled(LogLevel level) const noexcept { return level <= level_; }

  // Writes the parts (anything with operator<<) as one line, if the level is enabled.
  template <class... Parts>
  void log(LogLevel level, const Parts&... parts) const {
    if (!enabled(level)) return;
    std::ostringstream text;
    (text << ... << parts);
    write(level, text.str());
  }
  template <class... Parts> void error(const Parts&... parts) const { log(LogLevel::error, parts...); }
  template <class... Parts> void warn(const Parts&... parts) const { log(LogLevel::warn, parts...); }
  template <class... Parts> void info(const Parts&... parts) const { log(LogLevel::info, parts...); }
  template <class... Parts> void debug(const Parts&... parts) const { log(LogLevel::debug, parts...); }
  template <class... Parts> void trace(const Parts&... parts) const { log(LogLevel::trace, parts...); }

 private:
  void write(LogLevel level, std::string_view message) const;

  std::string tool_name_;
  LogLevel level_;
  std::ostream* out_;
};

}  // namespace moq::tool
