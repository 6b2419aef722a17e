#pragma once
// One moq-bench run: sets up the relay (embedded or given) or the direct server, the publisher
// and the subscribers as the role says, drives them on one event loop, reports, and fails
// (ToolFailure) when data that should have arrived did not.

#include "bench_flags.h"
#include "logger.h"

namespace moq::bench {

void run_bench(const BenchFlags& flags, const tool::Logger& logger);

}  // namespace moq::bench
