// moq-sub --timeout running out while the QUIC handshake is still under way: the outcome is the
// timeout (exit 6), not a failed connection (exit 4). The real binary against a UDP port that
// never answers, so no peer is needed and the handshake can never complete.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "transport/child_process.h"

using namespace std::chrono_literals;
using moq::test::ChildProcess;

namespace {

// A UDP socket bound on 127.0.0.1 that is never read: datagrams to it are neither answered nor
// refused (a bound port sends no ICMP unreachable), as from a peer that vanished.
class SilentUdpPort {
 public:
  SilentUdpPort() : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentUdpPort() { ::close(fd_); }
  SilentUdpPort(const SilentUdpPort&) = delete;
  SilentUdpPort& operator=(const SilentUdpPort&) = delete;

  uint16_t port() const { return port_; }

 private:
  int fd_;
  uint16_t port_ = 0;
};

// A file for the child's output, removed at the end.
class OutputFile {
 public:
  OutputFile() {
    char pattern[] = "/tmp/moq-sub-timeout-XXXXXX";
    int fd = ::mkstemp(pattern);
    REQUIRE(fd >= 0);
    ::close(fd);
    path_ = pattern;
  }
  ~OutputFile() { ::unlink(path_.c_str()); }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::string& path() const { return path_; }
  std::string text() const {
    std::ostringstream text;
    text << std::ifstream(path_).rdbuf();
    return text.str();
  }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("moq-sub --timeout that runs out during the handshake exits 6 (timeout), not 4 (connection)") {
  SilentUdpPort silent;
  OutputFile output;
  auto started = std::chrono::steady_clock::now();
  // The fingerprint pins a certificate that never comes: no trust store is read. The child's
  // stdout and stderr both go to the file; with no track received, stdout stays empty.
  ChildProcess sub({MOQ_SUB_BINARY, "--timeout", "1", "--tls-fingerprint", std::string(64, '0'),
                    "moqf://127.0.0.1:" + std::to_string(silent.port()) + "/", "never/answered"},
                   output.path());
  REQUIRE(sub.started());

  // Bounded: a moq-sub still running after 10 s is killed when `sub` goes away.
  std::optional<int> status;
  while (!(status = sub.exit_status()) && std::chrono::steady_clock::now() - started < 10s) {
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE_MESSAGE(status, "moq-sub still running 10 s after --timeout 1");
  auto took = std::chrono::steady_clock::now() - started;

  // A connection failure would be 4: the handshake was still pending when the timer fired.
  CHECK(*status == 6);
  // Its own timer, not the transport's handshake limit, ended it.
  CHECK(took < 5s);
  std::string text = output.text();
  INFO("moq-sub output: ", text);
  CHECK(text.find("--timeout 1") != std::string::npos);
  CHECK(text.find("(timeout)") != std::string::npos);
}
