#pragma once
// moq-bench's command line.

#include <cstdint>
#include <string>

#include "cli_fwd.h"
#include "moq/quic.h"
#include "moq/tls.h"
#include "workload.h"

namespace moq::bench {

struct BenchFlags {
  std::string url;  // a relay's moqf:// URL; empty: the embedded relay
  bool embedded = false;
  bool direct = false;
  std::string role = "all";
  std::string broadcast = "bench";
  uint64_t tracks = 1;
  uint64_t subscribers = 1;
  WorkloadText workload;
  uint64_t frames_per_group = 10;
  uint64_t frames = 0;
  double duration_seconds = 10;
  double warmup_seconds = 1;
  double interval_seconds = 1;
  double linger_seconds = 10;
  std::string window = "8Mi";
  bool json = false;
  TlsClientOptions tls;
  QuicOptions quic;
};

void add_bench_flags(CLI::App& app, BenchFlags& flags);

}  // namespace moq::bench
