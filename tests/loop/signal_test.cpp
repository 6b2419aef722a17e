#include <signal.h>

#include <doctest/doctest.h>

#include <memory>

#include "moq/event_loop.h"

using namespace std::chrono_literals;
using moq::EventLoop;

namespace {

bool blocked(int signo) {
  sigset_t current;
  sigprocmask(SIG_BLOCK, nullptr, &current);
  return sigismember(&current, signo) == 1;
}

}  // namespace

TEST_CASE("a signal arrives as a callback on the loop and is blocked while handled") {
  EventLoop loop;
  int received = 0;
  {
    EventLoop::Signal signal(loop, SIGUSR1, [&] { ++received; });
    CHECK(blocked(SIGUSR1));
    REQUIRE(::raise(SIGUSR1) == 0);
    CHECK(loop.run_until([&] { return received == 1; }, 1s));
  }
  CHECK_FALSE(blocked(SIGUSR1));
}

TEST_CASE("a signal callback may destroy its own handle") {
  EventLoop loop;
  int received = 0;
  std::unique_ptr<EventLoop::Signal> signal;
  signal = std::make_unique<EventLoop::Signal>(loop, SIGUSR2, [&] {
    ++received;
    signal.reset();
  });
  REQUIRE(::raise(SIGUSR2) == 0);
  CHECK(loop.run_until([&] { return received == 1; }, 1s));
  CHECK(signal == nullptr);
  CHECK_FALSE(blocked(SIGUSR2));
}
