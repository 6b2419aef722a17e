#pragma once
// The logging flags every tool takes (-v, -q) and how they combine with MOQ_LOG.

#include "cli_fwd.h"
#include "logger.h"

namespace moq::tool {

struct LogFlags {
  int verbose = 0;  // number of -v
  bool quiet = false;
};

// Adds -v/--verbose (repeatable) and -q/--quiet.
void add_log_flags(CLI::App& app, LogFlags& flags);

// Flags win over the MOQ_LOG value (moq_log, null when unset), which wins over the default
// info: -q is error, -v debug, -vv trace. Throws ToolFailure (usage) for an unknown MOQ_LOG.
LogLevel resolve_log_level(const LogFlags& flags, const char* moq_log);

}  // namespace moq::tool
