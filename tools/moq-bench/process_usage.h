#pragma once
// CPU time and peak memory of this process (getrusage).

namespace moq::bench {

struct ProcessUsage {
  double cpu_seconds = 0;  // user + system
  double peak_rss_kib = 0;
};

ProcessUsage process_usage();

}  // namespace moq::bench
