#include "bench_report.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace moq::bench {

namespace {

constexpr int bar_width = 30;

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

double milliseconds(uint64_t nanoseconds) { return static_cast<double>(nanoseconds) / 1e6; }

nlohmann::json throughput_json(const Throughput& throughput) {
  return {{"frames", throughput.frames},
          {"bytes", throughput.bytes},
          {"seconds", throughput.seconds},
          {"frames_per_second", throughput.frames_per_second()},
          {"megabytes_per_second", throughput.megabytes_per_second()},
          {"megabits_per_second", throughput.megabits_per_second()}};
}

nlohmann::json latency_json(const LatencyHistogram& latency) {
  auto us = [](uint64_t nanoseconds) { return static_cast<double>(nanoseconds) / 1e3; };
  return {{"count", latency.count()},         {"min", us(latency.min())},
          {"p50", us(latency.percentile(0.5))}, {"p90", us(latency.percentile(0.9))},
          {"p99", us(latency.percentile(0.99))}, {"p999", us(latency.percentile(0.999))},
          {"max", us(latency.max())},           {"mean", latency.mean() / 1e3}};
}

}  // namespace

std::string interval_line(const IntervalFigures& figures) {
  char span[48];
  std::snprintf(span, sizeof span, "[%6.2f-%6.2f s]", figures.start, figures.end);
  std::string line = span;
  if (figures.sent) line += "  sent " + format("%9.0f", figures.sent->frames_per_second()) + " frames/s";
  if (figures.received) {
    const Throughput& received = *figures.received;
    line += "  received " + format("%9.0f", received.frames_per_second()) + " frames/s " +
            format("%9.2f", received.megabytes_per_second()) + " MB/s " +
            format("%9.2f", received.megabits_per_second()) + " Mbit/s";
    if (figures.latency_ns != nullptr && figures.latency_ns->count() > 0) {
      line += "  latency p50 " + format("%.3f", milliseconds(figures.latency_ns->percentile(0.5))) + " p99 " +
              format("%.3f", milliseconds(figures.latency_ns->percentile(0.99))) + " ms";
    }
    line += "  dropped groups " + std::to_string(figures.dropped_groups);
  }
  return line;
}

nlohmann::json interval_json(const IntervalFigures& figures) {
  nlohmann::json json = {{"start", figures.start}, {"end", figures.end}};
  if (figures.sent) json["sent"] = throughput_json(*figures.sent);
  if (figures.received) {
    json["received"] = throughput_json(*figures.received);
    json["dropped_groups"] = figures.dropped_groups;
    if (figures.latency_ns != nullptr) json["latency_us"] = latency_json(*figures.latency_ns);
  }
  return json;
}

void print_summary(std::ostream& out, const RunSummary& summary) {
  char line[256];
  out << "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n";
  std::snprintf(line, sizeof line, "moq-bench %s: %llu track(s), %llu subscriber(s), %s, %.1f s measured after %.1f s warm-up\n",
                summary.role.c_str(), static_cast<unsigned long long>(summary.tracks),
                static_cast<unsigned long long>(summary.subscribers), summary.target.c_str(), summary.duration_seconds,
                summary.warmup_seconds);
  out << line;
  std::snprintf(line, sizeof line, "%-10s %12s %14s %12s %10s %10s\n", "", "frames", "bytes", "frames/s", "MB/s", "Mbit/s");
  out << line;
  auto row = [&](const char* name, const Throughput& throughput) {
    std::snprintf(line, sizeof line, "%-10s %12llu %14llu %12.0f %10.2f %10.2f\n", name,
                  static_cast<unsigned long long>(throughput.frames), static_cast<unsigned long long>(throughput.bytes),
                  throughput.frames_per_second(), throughput.megabytes_per_second(), throughput.megabits_per_second());
    out << line;
  };
  if (summary.sent) row("sent", *summary.sent);
  if (summary.received) {
    const Delivery& received = *summary.received;
    row("received", received.throughput);
    if (summary.latency_ns != nullptr) {
      const LatencyHistogram& latency = *summary.latency_ns;
      std::snprintf(line, sizeof line, "latency ms   min %.3f  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n",
                    milliseconds(latency.min()), milliseconds(latency.percentile(0.5)),
                    milliseconds(latency.percentile(0.9)), milliseconds(latency.percentile(0.99)),
                    milliseconds(latency.percentile(0.999)), milliseconds(latency.max()));
      out << line;
    }
    if (summary.per_track != nullptr && summary.per_track->size() > 1) {
      for (size_t i = 0; i < summary.per_track->size(); ++i) {
        const Tally& track = (*summary.per_track)[i];
        Throughput throughput{track.frames, track.bytes, received.throughput.seconds};
        std::snprintf(line, sizeof line, "  track %-3zu %10llu %14llu %12.0f %10.2f %10.2f  p50 %.3f p99 %.3f ms, dropped groups %llu\n",
                      i, static_cast<unsigned long long>(track.frames), static_cast<unsigned long long>(track.bytes),
                      throughput.frames_per_second(), throughput.megabytes_per_second(),
                      throughput.megabits_per_second(), milliseconds(track.latency_ns.percentile(0.5)),
                      milliseconds(track.latency_ns.percentile(0.99)),
                      static_cast<unsigned long long>(track.dropped_groups));
        out << line;
      }
    }
    std::snprintf(line, sizeof line, "delivered  %.4f %% of %llu%s, lost frames %llu, dropped groups %llu\n",
                  received.delivered_fraction() * 100, static_cast<unsigned long long>(received.expected_frames),
                  received.expected_known ? "" : " (some trailers missing)",
                  static_cast<unsigned long long>(received.lost_frames()),
                  static_cast<unsigned long long>(received.dropped_groups));
    out << line;
  }
  std::snprintf(line, sizeof line, "process    CPU %.2f s, peak RSS %.1f MiB\n", summary.usage.cpu_seconds,
                summary.usage.peak_rss_kib / 1024);
  out << line;
  for (const std::string& failure : summary.failures) out << "FAILED: " << failure << "\n";
  out << std::flush;
}

nlohmann::json summary_json(const RunSummary& summary) {
  nlohmann::json json = {{"role", summary.role},
                         {"target", summary.target},
                         {"tracks", summary.tracks},
                         {"subscribers", summary.subscribers},
                         {"warmup_seconds", summary.warmup_seconds},
                         {"duration_seconds", summary.duration_seconds},
                         {"cpu_seconds", summary.usage.cpu_seconds},
                         {"peak_rss_kib", summary.usage.peak_rss_kib},
                         {"intervals", summary.intervals},
                         {"failures", summary.failures},
                         {"ok", summary.failures.empty()}};
  if (summary.sent) json["sent"] = throughput_json(*summary.sent);
  if (summary.received) {
    const Delivery& received = *summary.received;
    json["received"] = throughput_json(received.throughput);
    json["expected_frames"] = received.expected_frames;
    json["expected_known"] = received.expected_known;
    json["lost_frames"] = received.lost_frames();
    json["delivered_fraction"] = received.delivered_fraction();
    json["dropped_groups"] = received.dropped_groups;
    json["tracks_failed"] = received.tracks_failed;
    if (summary.latency_ns != nullptr) json["latency_us"] = latency_json(*summary.latency_ns);
    if (summary.per_track != nullptr) {
      nlohmann::json tracks = nlohmann::json::array();
      for (const Tally& track : *summary.per_track) {
        nlohmann::json entry = throughput_json(Throughput{track.frames, track.bytes, received.throughput.seconds});
        entry["dropped_groups"] = track.dropped_groups;
        entry["latency_us"] = latency_json(track.latency_ns);
        tracks.push_back(std::move(entry));
      }
      json["per_track"] = std::move(tracks);
    }
  }
  return json;
}

void ProgressBar::show(double elapsed, double total) {
  if (!enabled_) return;
  double fraction = total > 0 ? std::clamp(elapsed / total, 0.0, 1.0) : 1.0;
  int filled = static_cast<int>(fraction * bar_width);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(bar_width - filled), '.');
  char line[96];
  std::snprintf(line, sizeof line, "\r[%s] %5.1f / %.1f s", bar.c_str(), elapsed, total);
  std::cerr << line << std::flush;
  shown_ = true;
}

void ProgressBar::clear() {
  if (!shown_) return;
  std::cerr << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace moq::bench
