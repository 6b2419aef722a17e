// moq-bench: measure MoQ Transfork throughput, latency and loss through a relay or directly.

#include "bench_flags.h"
#include "bench_run.h"
#include "help_examples.h"
#include "tool.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-bench", "Measure MoQ Transfork (wire version 2) throughput, latency and loss");
  moq::bench::BenchFlags flags;
  moq::bench::add_bench_flags(tool.cli(), flags);
  tool.add_tls_client_flags(flags.tls);
  tool.add_quic_flags(flags.quic);
  tool.set_examples({
      {"moq-bench", "One publisher and one subscriber through an embedded relay, 100 frames/s of 1000 bytes, 10 s."},
      {"moq-bench --subscribers 100 --rate 60 --frame-size 4K --frames-per-group 60",
       "Fan-out of a 60 frames/s track to 100 subscribers, with latency percentiles."},
      {"moq-bench --direct --rate 0 --frame-size 1Mi --frames 954 --json", "Bulk 1 GB without a relay, as JSON."},
      {"moq-bench --role sub --subscribers 400 --tls-fingerprint $FP moqf://relay:4443",
       "Only subscribers, against a relay another process (moq-bench --role pub) publishes to."},
  });
  return tool.run(argc, argv, [&] { moq::bench::run_bench(flags, tool.logger()); });
}
