// A bottleneck link as a process, for scripts/bench (this kernel has no netem): forwards UDP
// between clients and one server through the tests' RateLimitedLink, at a rate, with a one-way
// delay, and prints the port clients should use.
//   udp_link --server-port P --rate 20Mbit --delay-ms 20 [--queue-bytes N]

#include <csignal>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "moq/event_loop.h"
#include "rate_limited_link.h"

int main(int argc, char** argv) {
  uint16_t server_port = 0;
  double megabits = 20;
  double delay_ms = 20;
  size_t queue_bytes = 100'000;
  CLI::App app{"UDP forwarder modelling a slow link (rate, one-way delay, tail-drop queue)"};
  app.add_option("--server-port", server_port, "The server on 127.0.0.1 to forward to")->required();
  app.add_option("--megabits", megabits, "Line rate in Mbit/s, each direction")->check(CLI::PositiveNumber);
  app.add_option("--delay-ms", delay_ms, "One-way delay in ms (the RTT is twice this)")->check(CLI::NonNegativeNumber);
  app.add_option("--queue-bytes", queue_bytes, "Queue in front of the line; beyond, packets are dropped");
  CLI11_PARSE(app, argc, argv);

  moq::EventLoop loop;
  moq::test::RateLimitedLink link(loop, server_port, static_cast<uint64_t>(megabits * 1e6 / 8), queue_bytes,
                                  std::chrono::microseconds(static_cast<int64_t>(delay_ms * 1000)));
  moq::EventLoop::Signal terminate(loop, SIGTERM, [&loop] { loop.stop(); });
  moq::EventLoop::Signal interrupt(loop, SIGINT, [&loop] { loop.stop(); });
  std::printf("%u\n", static_cast<unsigned>(link.port()));
  std::fflush(stdout);
  loop.run();
  std::fprintf(stderr, "udp_link: %llu packets dropped at the queue\n",
               static_cast<unsigned long long>(link.dropped_packets()));
  return 0;
}
