#include "bench_flags.h"

#include <CLI/CLI.hpp>

namespace moq::bench {

void add_bench_flags(CLI::App& app, BenchFlags& flags) {
  auto* url = app.add_option("URL", flags.url, "A relay to run through (moqf://host:port); default: an embedded one");
  auto* embedded = app.add_flag("--embedded", flags.embedded,
                                "Run a relay inside this process on 127.0.0.1 (the default without URL)")
                       ->excludes(url);
  app.add_flag("--direct", flags.direct, "No relay: the publisher serves the subscribers itself")
      ->excludes(url)
      ->excludes(embedded);
  app.add_option("--role", flags.role, "What this process runs: all, or only the publisher or the subscribers (needs URL)")
      ->check(CLI::IsMember({"all", "pub", "sub"}))
      ->option_text("all|pub|sub (default all)");
  app.add_option("--broadcast", flags.broadcast, "Path prefix of the tracks (PREFIX/0, PREFIX/1, ...)")
      ->option_text("PATH (default bench)");

  const char* workload = "Workload (comma-separated lists go to tracks in turn)";
  app.add_option("--tracks", flags.tracks, "Tracks published")->check(CLI::PositiveNumber)->option_text("N (default 1)")->group(workload);
  app.add_option("--subscribers", flags.subscribers, "Subscribers, each to every track")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 1)")
      ->group(workload);
  app.add_option("--frame-size", flags.workload.frame_size, "Frame size in bytes (at least 17), or uniform:MIN-MAX")
      ->option_text("SIZE (default 1000)")
      ->group(workload);
  app.add_option("--frames-per-group", flags.frames_per_group, "Frames in each group (one QUIC stream per group)")
      ->check(CLI::PositiveNumber)
      ->option_text("N (default 10)")
      ->group(workload);
  app.add_option("--rate", flags.workload.rate,
                 "Per track: frames/s (100), bytes/s (10M) or bits/s (20Mbit); 0 = as fast as the subscribers take them")
      ->option_text("RATE (default 100)")
      ->group(workload);
  app.add_option("--priority", flags.workload.priority, "Track and subscription priority, -128..127")
      ->option_text("N (default 0)")
      ->group(workload);
  app.add_option("--order", flags.workload.order, "Group order: asc or desc")->option_text("ORDER (default asc)")->group(workload);
  app.add_option("--expires", flags.workload.expires, "Groups expire this long after a newer one; 0 never")
      ->option_text("MS (default 0)")
      ->group(workload);
  app.add_option("--duration", flags.duration_seconds, "Seconds measured")
      ->check(CLI::PositiveNumber)
      ->option_text("SEC (default 10)")
      ->group(workload);
  app.add_option("--warmup", flags.warmup_seconds, "Seconds sent first and not measured")
      ->check(CLI::NonNegativeNumber)
      ->option_text("SEC (default 1)")
      ->group(workload);
  app.add_option("--frames", flags.frames, "End the measured phase after N frames per track (--duration still bounds it)")
      ->check(CLI::PositiveNumber)
      ->option_text("N")
      ->group(workload);
  app.add_option("--window", flags.window, "At rate 0, bytes the publisher may be ahead of its slowest receiver")
      ->option_text("BYTES (default 8Mi)")
      ->group(workload);

  const char* output = "Output";
  app.add_option("--interval", flags.interval_seconds, "Seconds between report lines; 0 none")
      ->check(CLI::NonNegativeNumber)
      ->option_text("SEC (default 1)")
      ->group(output);
  app.add_flag("--json", flags.json, "Print one JSON object at the end instead of text")->group(output);
  app.add_option("--linger", flags.linger_seconds, "After the publisher ends, how long to wait for the subscribers")
      ->check(CLI::NonNegativeNumber)
      ->option_text("SEC (default 10)")
      ->group(output);
}

}  // namespace moq::bench
