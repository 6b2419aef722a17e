#pragma once
// The QUIC flags of every tool: the congestion controller and qlog output.
//
//   --congestion cubic|bbr|reno, --qlog-dir DIR

#include "cli_fwd.h"
#include "moq/quic.h"

namespace moq::tool {

void add_quic_flags(CLI::App& app, moq::QuicOptions& options);

}  // namespace moq::tool
