#include <unistd.h>

#include <doctest/doctest.h>

#include <string>
#include <sys/epoll.h>

#include "moq/error.h"
#include "moq/event_loop.h"

using namespace std::chrono_literals;
using moq::EventLoop;

namespace {

// Both ends of a pipe, closed at the end of the test.
struct Pipe {
  int read_end = -1;
  int write_end = -1;
  Pipe() { REQUIRE(::pipe(&read_end) == 0); }
  ~Pipe() {
    ::close(read_end);
    ::close(write_end);
  }
  void put(const std::string& text) const {
    REQUIRE(::write(write_end, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  }
  std::string take() const {
    char buffer[64];
    auto n = ::read(read_end, buffer, sizeof buffer);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
  }
};

}  // namespace

TEST_CASE("a watch reports readability of a pipe") {
  static_assert(sizeof(Pipe{}.read_end) * 2 == sizeof(int[2]));
  EventLoop loop;
  Pipe pipe;
  std::string received;
  EventLoop::Watch watch(loop, pipe.read_end, EPOLLIN, [&](uint32_t events) {
    CHECK((events & EPOLLIN) != 0);
    received += pipe.take();
  });
  CHECK_FALSE(loop.run_until([&] { return !received.empty(); }, 10ms));
  pipe.put("hello");
  CHECK(loop.run_until([&] { return received == "hello"; }, 1s));
}

TEST_CASE("modify switches the events a watch waits for") {
  EventLoop loop;
  Pipe pipe;
  int writable = 0;
  EventLoop::Watch watch(loop, pipe.write_end, 0, [&](uint32_t events) {
    CHECK((events & EPOLLOUT) != 0);
    ++writable;
  });
  CHECK_FALSE(loop.run_until([&] { return writable > 0; }, 10ms));
  watch.modify(EPOLLOUT);
  CHECK(loop.run_until([&] { return writable > 0; }, 1s));
}

TEST_CASE("a callback may destroy its own watch and a watch whose event is pending") {
  EventLoop loop;
  Pipe first, second;
  int calls = 0;
  std::unique_ptr<EventLoop::Watch> watch_first, watch_second;
  auto destroy_both = [&](uint32_t) {
    ++calls;
    watch_first.reset();
    watch_second.reset();
  };
  watch_first = std::make_unique<EventLoop::Watch>(loop, first.read_end, EPOLLIN, destroy_both);
  watch_second = std::make_unique<EventLoop::Watch>(loop, second.read_end, EPOLLIN, destroy_both);
  // Both ready before the loop waits, so both events arrive in one batch.
  first.put("x");
  second.put("y");
  CHECK(loop.run_until([&] { return calls > 0; }, 1s));
  CHECK_FALSE(loop.run_until([&] { return calls > 1; }, 20ms));
  CHECK(calls == 1);
}

TEST_CASE("watches move, and a moved-from watch is inert") {
  EventLoop loop;
  Pipe pipe;
  int calls = 0;
  EventLoop::Watch moved;
  {
    EventLoop::Watch original(loop, pipe.read_end, EPOLLIN, [&](uint32_t) {
      ++calls;
      pipe.take();
    });
    moved = std::move(original);
  }
  pipe.put("z");
  CHECK(loop.run_until([&] { return calls == 1; }, 1s));
  moved = EventLoop::Watch();
  pipe.put("z");
  CHECK_FALSE(loop.run_until([&] { return calls == 2; }, 20ms));
}

TEST_CASE("watching a descriptor that cannot be watched throws moq::Error") {
  EventLoop loop;
  CHECK_THROWS_AS(EventLoop::Watch(loop, -1, EPOLLIN, [](uint32_t) {}), moq::Error);
}
