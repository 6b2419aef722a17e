#include "moq/event_loop.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using moq::EventLoop;

TEST_CASE("timers fire in deadline order, ties in arming order") {
  EventLoop loop;
  std::vector<int> fired;
  EventLoop::Timer late(loop, [&] { fired.push_back(3); });
  EventLoop::Timer early(loop, [&] { fired.push_back(1); });
  EventLoop::Timer tie_first(loop, [&] { fired.push_back(2); });
  EventLoop::Timer tie_second(loop, [&] { fired.push_back(22); });
  auto base = EventLoop::Clock::now();
  late.arm_at(base + 30ms);
  tie_first.arm_at(base + 10ms);
  tie_second.arm_at(base + 10ms);
  early.arm_at(base + 1ms);
  CHECK(late.armed());
  CHECK(loop.run_until([&] { return fired.size() == 4; }, 2s));
  CHECK(fired == std::vector<int>{1, 2, 22, 3});
  CHECK_FALSE(late.armed());
  CHECK(loop.now() >= base + 30ms);
}

TEST_CASE("a timer does not fire before its deadline, even below a millisecond") {
  EventLoop loop;
  EventLoop::Clock::time_point fired_at;
  EventLoop::Timer timer(loop, [&] { fired_at = EventLoop::Clock::now(); });
  auto deadline = EventLoop::Clock::now() + 300us;
  timer.arm_at(deadline);
  CHECK(loop.run_until([&] { return !timer.armed(); }, 1s));
  CHECK(fired_at >= deadline);
  // Generous bound: with a millisecond-granular wait the loop would sleep a whole millisecond.
  CHECK(fired_at - deadline < 50ms);
}

TEST_CASE("re-arming moves the deadline and cancel disarms") {
  EventLoop loop;
  int fired = 0;
  EventLoop::Timer moved(loop, [&] { ++fired; });
  EventLoop::Timer cancelled(loop, [&] { fired += 100; });
  moved.arm_after(1h);
  moved.arm_after(1ms);
  cancelled.arm_after(2ms);
  cancelled.cancel();
  CHECK_FALSE(cancelled.armed());
  cancelled.cancel();  // cancelling twice is harmless
  EventLoop::Timer marker(loop, [] {});
  marker.arm_after(20ms);
  CHECK(loop.run_until([&] { return !marker.armed(); }, 2s));
  CHECK(fired == 1);
}

TEST_CASE("a timer re-armed from its own callback fires again on a later iteration") {
  EventLoop loop;
  int fired = 0;
  int iterations_with_fire = 0;
  std::unique_ptr<EventLoop::Timer> timer;
  timer = std::make_unique<EventLoop::Timer>(loop, [&] {
    ++fired;
    if (fired < 5) timer->arm_at(loop.now());  // already due: must not loop within this iteration
  });
  timer->arm_after(0ms);
  CHECK(loop.run_until([&] {
    ++iterations_with_fire;
    return fired == 5;
  }, 2s));
  CHECK(iterations_with_fire >= 5);
}

TEST_CASE("a callback may destroy its own timer and other timers") {
  EventLoop loop;
  std::vector<std::string> fired;
  auto self = std::make_unique<EventLoop::Timer>(loop, nullptr);
  auto other = std::make_unique<EventLoop::Timer>(loop, [&] { fired.push_back("other"); });
  std::string owned = "owned by the callback";
  self = std::make_unique<EventLoop::Timer>(loop, [&, owned] {
    self.reset();
    other.reset();
    fired.push_back(owned);
  });
  auto when = EventLoop::Clock::now() + 1ms;
  self->arm_at(when);
  other->arm_at(when);  // due in the same iteration, but destroyed before it runs
  EventLoop::Timer marker(loop, [] {});
  marker.arm_after(20ms);
  CHECK(loop.run_until([&] { return !marker.armed(); }, 2s));
  CHECK(fired == std::vector<std::string>{"owned by the callback"});
}

TEST_CASE("many timers armed and cancelled in random order keep the heap consistent") {
  EventLoop loop;
  constexpr int count = 200;
  std::vector<int> fired;
  std::vector<std::unique_ptr<EventLoop::Timer>> timers;
  auto base = EventLoop::Clock::now() + 5ms;
  for (int i = 0; i < count; ++i) {
    timers.push_back(std::make_unique<EventLoop::Timer>(loop, [&fired, i] { fired.push_back(i); }));
  }
  // Deadlines in a scrambled order, then every third cancelled and every fifth re-armed.
  for (int i = 0; i < count; ++i) timers[static_cast<size_t>((i * 37) % count)]->arm_at(base + (i * 37 % count) * 10us);
  for (int i = 0; i < count; i += 3) timers[static_cast<size_t>(i)]->cancel();
  for (int i = 0; i < count; i += 5) timers[static_cast<size_t>(i)]->arm_at(base + i * 10us);
  std::vector<int> expected;
  for (int i = 0; i < count; ++i) {
    if (i % 3 != 0 || i % 5 == 0) expected.push_back(i);
  }
  CHECK(loop.run_until([&] { return fired.size() == expected.size(); }, 2s));
  CHECK(fired == expected);
}

TEST_CASE("posted callbacks run in order on the next iteration") {
  EventLoop loop;
  std::vector<int> ran;
  loop.post([&] {
    ran.push_back(1);
    loop.post([&] { ran.push_back(3); });
  });
  loop.post([&] { ran.push_back(2); });
  CHECK(ran.empty());
  CHECK(loop.run_until([&] { return ran.size() == 2; }, 1s));
  CHECK(ran == std::vector<int>{1, 2});
  CHECK(loop.run_until([&] { return ran.size() == 3; }, 1s));
  CHECK(ran == std::vector<int>{1, 2, 3});
}

TEST_CASE("stop ends run, and run can be called again") {
  EventLoop loop;
  int rounds = 0;
  EventLoop::Timer timer(loop, [&] {
    ++rounds;
    loop.stop();
  });
  timer.arm_after(1ms);
  loop.run();
  CHECK(rounds == 1);
  loop.post([&] { loop.stop(); });
  loop.run();
  timer.arm_after(1ms);
  loop.run();
  CHECK(rounds == 2);
}

TEST_CASE("run_until gives up at the deadline and reports the predicate") {
  EventLoop loop;
  auto start = EventLoop::Clock::now();
  CHECK_FALSE(loop.run_until([] { return false; }, 20ms));
  CHECK(EventLoop::Clock::now() - start >= 20ms);
}

TEST_CASE("timer waits have sub-millisecond precision") {
  // A wait rounded up to whole milliseconds makes every 300 us timer at least 700 us late; with
  // nanosecond timeouts most are only scheduling latency late. The best of twenty tolerates a
  // loaded machine.
  EventLoop loop;
  auto best = EventLoop::Clock::duration::max();
  EventLoop::Clock::time_point deadline;
  int fired = 0;
  std::unique_ptr<EventLoop::Timer> timer;
  timer = std::make_unique<EventLoop::Timer>(loop, [&] {
    best = std::min(best, EventLoop::Clock::now() - deadline);
    if (++fired < 20) {
      deadline = EventLoop::Clock::now() + 300us;
      timer->arm_at(deadline);
    }
  });
  deadline = EventLoop::Clock::now() + 300us;
  timer->arm_at(deadline);
  CHECK(loop.run_until([&] { return fired == 20; }, 5s));
  CHECK(best >= EventLoop::Clock::duration::zero());
  CHECK(best < 500us);
}

TEST_CASE("re-arming an armed timer for the same instant moves it behind its peers") {
  EventLoop loop;
  std::string order;
  EventLoop::Timer a(loop, [&] { order += 'a'; });
  EventLoop::Timer b(loop, [&] { order += 'b'; });
  EventLoop::Timer c(loop, [&] { order += 'c'; });
  auto when = EventLoop::Clock::now() + 1ms;
  a.arm_at(when);
  b.arm_at(when);
  c.arm_at(when);
  a.arm_at(when);
  c.arm_at(when - 1us);
  CHECK(loop.run_until([&] { return order.size() == 3; }, 1s));
  CHECK(order == "cba");
}

TEST_CASE("at_iteration_end runs after the iteration's posted work, before the loop waits again") {
  EventLoop loop;
  std::vector<std::string> order;
  loop.post([&] {
    order.push_back("posted");
    loop.at_iteration_end([&] {
      order.push_back("end");
      loop.post([&] { order.push_back("posted by end"); });
    });
    loop.post([&] { order.push_back("posted by posted"); });
  });
  loop.post([&] { order.push_back("posted second"); });
  // Nothing else is due: a loop that waited before the end callbacks would sleep for the timeout.
  auto start = EventLoop::Clock::now();
  REQUIRE(loop.run_until([&] { return order.size() == 5; }, 5s));
  CHECK(EventLoop::Clock::now() - start < 1s);
  CHECK(order == std::vector<std::string>{"posted", "posted second", "end", "posted by posted", "posted by end"});
}

TEST_CASE("an end-of-iteration callback registered outside the loop runs without waiting") {
  EventLoop loop;
  bool ran = false;
  loop.at_iteration_end([&] { ran = true; });
  auto start = EventLoop::Clock::now();
  CHECK(loop.run_until([&] { return ran; }, 5s));
  CHECK(EventLoop::Clock::now() - start < 1s);
}
