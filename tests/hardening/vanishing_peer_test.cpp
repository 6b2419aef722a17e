// Peers that vanish without a word (SIGKILL): the relay notices within its idle timeout, ends
// the publisher's tracks for their subscribers with an error, and frees a subscriber's state.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "moq/event_loop.h"
#include "relay_client.h"
#include "relay_process.h"
#include "relay_test_util.h"

using namespace std::chrono_literals;
using namespace moq::test;

namespace {

// A tool binary as a child whose stdin is a pipe we hold (so a publisher never sees EOF), killed
// with SIGKILL by the test or at the end.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[0], STDIN_FILENO);
      int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      std::vector<char*> argv;
      for (auto& arg : args) argv.push_back(arg.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[0]);
    stdin_ = fds[1];
  }
  ~Child() {
    kill();
    ::close(stdin_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void write_line(const std::string& line) {
    std::string text = line + "\n";
    CHECK(::write(stdin_, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  }
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
};

std::vector<std::string> tool(const char* binary, const RelayProcess& relay, const char* path) {
  return {binary, "--tls-fingerprint", relay.fingerprint(), relay.url(), path};
}

}  // namespace

TEST_CASE("a killed publisher's subscribers see their track end with an error within the idle timeout") {
  RelayProcess relay({"--idle-timeout", "1000"});
  moq::EventLoop loop;
  Child publisher(tool(MOQ_PUB_BINARY, relay, "gone/pub"));
  RelayClient subscriber(loop, relay);
  REQUIRE(loop.run_until([&] { return subscriber.ready(); }, 10s));
  Recorder recorder(subscriber.session().subscribe(track_at("gone/pub")));
  // Lines until one arrives: the publisher and the relay's subscription come up meanwhile.
  for (int line = 0; line < 100 && recorder.group_count() == 0; ++line) {
    publisher.write_line("line " + std::to_string(line));
    loop.run_until([&] { return recorder.group_count() > 0; }, 100ms);
  }
  REQUIRE(recorder.group_count() > 0);

  publisher.kill();
  auto killed = std::chrono::steady_clock::now();
  REQUIRE(loop.run_until([&] { return recorder.error() || recorder.ended(); }, 10s));
  CHECK(recorder.error());
  // The idle timeout, plus scheduling slack on a loaded machine.
  CHECK(std::chrono::steady_clock::now() - killed < 1000ms + 4s);
  CHECK(wait_for_metric(loop, relay, "moq_relay_tracks", 0));
  CHECK_FALSE(subscriber.ended());
}

TEST_CASE("a killed subscriber's state on the relay is freed") {
  RelayProcess relay({"--idle-timeout", "1000"});
  moq::EventLoop loop;
  RelayClient publisher(loop, relay);
  REQUIRE(loop.run_until([&] { return publisher.ready(); }, 10s));
  moq::TrackProducer producer(track_at("gone/sub"));
  publisher.session().publish(producer.consume());
  Child subscriber(tool(MOQ_SUB_BINARY, relay, "gone/sub"));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_subscribers", 1, 10s));
  REQUIRE(wait_for_metric(loop, relay, "moq_relay_sessions", 2, 10s));

  subscriber.kill();
  // Groups keep coming: the relay writes to the dead subscriber until it times out.
  moq::EventLoop::Timer writing(loop, [&] {
    write_group(producer, 1);
    writing.arm_after(50ms);
  });
  writing.arm_after(0ms);
  CHECK(wait_for_metric(loop, relay, "moq_relay_subscribers", 0, 6s));
  CHECK(wait_for_metric(loop, relay, "moq_relay_sessions", 1, 6s));
  CHECK(wait_for_metric(loop, relay, "moq_relay_upstream_subscriptions", 0, 6s));
}
