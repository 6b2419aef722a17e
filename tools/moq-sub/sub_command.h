#pragma once
// moq-sub's command line and its run: one track of a session written to stdout, frame by frame,
// at the pace stdout takes it.

#include <cstdint>
#include <string>
#include <vector>

#include "cli_fwd.h"
#include "logger.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace moq::sub {

struct SubFlags {
  std::vector<std::string> arguments;  // URL PATH
  std::string frame = "line";
  std::string format;
  uint64_t count = 0;   // frames; 0 = no limit
  uint64_t groups = 0;  // groups; 0 = no limit
  double timeout_seconds = 0;
  std::string order = "asc";
  std::string from = "latest";  // latest, or the first group's sequence
  int priority = 0;
  bool buffered = false;
  bool reconnect = false;
  uint64_t buffer = uint64_t{64} << 20;
  TlsClientOptions tls;
  QuicOptions quic;
};

void add_sub_flags(CLI::App& app, SubFlags& flags);

// Returns when the track ended or a stop condition was met; throws for everything else.
void run_sub(const SubFlags& flags, const tool::Logger& logger);

}  // namespace moq::sub
