#include "log_flags.h"

#include <algorithm>
#include <string>

#include <CLI/CLI.hpp>

#include "tool_failure.h"

namespace moq::tool {

void add_log_flags(CLI::App& app, LogFlags& flags) {
  auto* verbose = app.add_flag("-v,--verbose", flags.verbose,
                               "More diagnostics on stderr: -v debug, -vv trace (overrides MOQ_LOG)");
  app.add_flag("-q,--quiet", flags.quiet, "Only errors on stderr (overrides MOQ_LOG)")->excludes(verbose);
}

LogLevel resolve_log_level(const LogFlags& flags, const char* moq_log) {
  if (flags.quiet) return LogLevel::error;
  if (flags.verbose > 0) {
    int level = static_cast<int>(LogLevel::info) + flags.verbose;
    return static_cast<LogLevel>(std::min(level, static_cast<int>(LogLevel::trace)));
  }
  if (moq_log == nullptr || *moq_log == '\0') return LogLevel::info;
  if (auto level = parse_log_level(moq_log)) return *level;
  throw ToolFailure(ExitCode::usage, "MOQ_LOG=" + std::string(moq_log) +
                                         ": unknown log level (use error, warn, info, debug or trace)");
}

}  // namespace moq::tool
