#pragma once
// The real moq-relay binary as a child process on 127.0.0.1 with an ephemeral port, its stderr in
// a temporary file. The child is killed on every path out of a test (and if the test dies).

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace moq::test {

class RelayProcess {
 public:
  // Starts moq-relay --bind 127.0.0.1:0 --tls-generate ... --metrics 127.0.0.1:0 plus extra_args,
  // and waits for its "listening on" line.
  explicit RelayProcess(std::vector<std::string> extra_args = {});
  ~RelayProcess();
  RelayProcess(const RelayProcess&) = delete;
  RelayProcess& operator=(const RelayProcess&) = delete;

  uint16_t port() const { return port_; }
  uint16_t metrics_port() const { return metrics_port_; }
  const std::string& fingerprint() const { return fingerprint_; }
  std::string url() const { return "moqf://127.0.0.1:" + std::to_string(port_) + "/"; }
  // Everything the relay wrote to stderr so far.
  std::string log() const;

  // Sends the signal and waits up to timeout for the exit status; nullopt if it did not exit.
  std::optional<int> signal_and_wait(int signo, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  std::string log_path_;
  uint16_t port_ = 0;
  uint16_t metrics_port_ = 0;
  std::string fingerprint_;
};

// GET http://127.0.0.1:port/path over a blocking TCP socket (2 s limit); the whole response
// (status line, headers, body), or "" on failure.
std::string http_get(uint16_t port, const std::string& path);

// The value of a metric line "name value" in Prometheus text; nullopt if absent.
std::optional<uint64_t> metric_value(const std::string& text, const std::string& name);

}  // namespace moq::test
