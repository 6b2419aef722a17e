// One short run of the real moq-bench binary: the JSON it prints, and its exit status.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

namespace {

struct Outcome {
  int status = -1;
  std::string output;
};

Outcome run(const std::string& arguments) {
  std::string command = std::string(MOQ_BENCH) + " " + arguments + " 2>/dev/null";
  Outcome outcome;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) outcome.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  outcome.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return outcome;
}

}  // namespace

TEST_CASE("moq-bench through its embedded relay reports every frame delivered") {
  Outcome outcome = run("--json --duration 1 --warmup 0.2 --subscribers 2 --tracks 2 --rate 200 --frame-size 500");
  INFO(outcome.output);
  CHECK(outcome.status == 0);
  auto json = nlohmann::json::parse(outcome.output);
  CHECK(json["ok"] == true);
  CHECK(json["role"] == "all");
  CHECK(json["target"] == "embedded relay");
  uint64_t sent = json["sent"]["frames"];
  CHECK(sent >= 300);  // about 200 frames/s on each of 2 tracks for 1 s
  CHECK(json["received"]["frames"] == sent * 2);
  CHECK(json["expected_frames"] == sent * 2);
  CHECK(json["lost_frames"] == 0);
  CHECK(json["delivered_fraction"] == 1.0);
  CHECK(json["dropped_groups"] == 0);
  CHECK(json["latency_us"]["count"] == sent * 2);
  CHECK(json["latency_us"]["min"] > 0);
  CHECK(json["latency_us"]["p50"] <= json["latency_us"]["p99"]);
  CHECK(json["latency_us"]["p99"] <= json["latency_us"]["max"]);
  CHECK(json["received"]["megabits_per_second"] > 0);
  CHECK(json["cpu_seconds"] > 0);
  CHECK(json["peak_rss_kib"] > 0);
  CHECK(json["intervals"].size() >= 1);
}

TEST_CASE("moq-bench direct at unlimited rate delivers everything") {
  Outcome outcome = run("--json --direct --rate 0 --frame-size 64K --frames 200 --duration 10 --warmup 0");
  INFO(outcome.output);
  CHECK(outcome.status == 0);
  auto json = nlohmann::json::parse(outcome.output);
  CHECK(json["target"] == "direct");
  CHECK(json["sent"]["frames"] == 200);
  CHECK(json["received"]["frames"] == 200);
  CHECK(json["received"]["bytes"] == 200 * 64'000);
}

TEST_CASE("moq-bench refuses a bad workload with the usage status") {
  Outcome outcome = run("--frame-size 10");
  CHECK(outcome.status == 1);
  outcome = run("--role sub");
  CHECK(outcome.status == 1);
}
