#pragma once
// One event loop per process, on one thread: file-descriptor readiness (epoll), timers and
// deferred calls. The protocol core never does I/O itself; the transport and the tools hook
// sockets, stdin/stdout and signals in here.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace moq {

class EventLoop {
 public:
  using Clock = std::chrono::steady_clock;

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // Runs until stop() is called.
  void run();
  // Runs until predicate() is true after an iteration, or the deadline passes; returns predicate().
  bool run_until(const std::function<bool()>& predicate, Clock::duration timeout);
  void stop();

  // The time of the current iteration (cached, refreshed after each wait).
  Clock::time_point now() const;

  // Runs callback on the next iteration, after the current callbacks return.
  void post(std::function<void()> callback);
  // Runs callback at the end of this iteration, once its events, timers and posted calls are
  // done and before the loop waits again: for work that gathers what the iteration produced
  // (the datagrams its connections wrote, sent together).
  void at_iteration_end(std::function<void()> callback);

  // A re-armable timer; disarmed when destroyed. Timers, watches and signals must not outlive
  // their loop.
  class Timer {
   public:
    Timer(EventLoop& loop, std::function<void()> callback);
    ~Timer();
    Timer(const Timer&) = delete;
    Timer& operator=(const Timer&) = delete;
    void arm_at(Clock::time_point when);
    void arm_after(Clock::duration delay) { arm_at(Clock::now() + delay); }
    void cancel();
    bool armed() const;

   private:
    friend class EventLoop;
    static constexpr size_t not_queued = SIZE_MAX;
    EventLoop& loop_;
    // Shared so that a callback which destroys its own timer keeps running on a live function.
    std::shared_ptr<const std::function<void()>> callback_;
    Clock::time_point when_{};
    uint64_t sequence_ = 0;         // arming order: timers due at the same instant fire in it
    size_t heap_index_ = not_queued;  // position in the loop's timer heap, so cancel is O(log n)
  };

  // Watches a file descriptor for epoll events (EPOLLIN, EPOLLOUT, ...); removed when destroyed.
  // Destroy it before closing the descriptor: a reused descriptor number would be unwatched.
  class Watch {
   public:
    Watch();  // empty: watches nothing
    Watch(EventLoop& loop, int fd, uint32_t events, std::function<void(uint32_t events)> callback);
    ~Watch();
    Watch(Watch&&) noexcept;
    Watch& operator=(Watch&&) noexcept;
    void modify(uint32_t events);

   private:
    friend class EventLoop;
    struct State;
    std::unique_ptr<State> state_;
  };

  // Delivers a signal (SIGINT, SIGTERM, ...) as a callback on the loop (signalfd); the signal
  // is blocked for the process while the handle lives. One handle per signal at a time.
  class Signal {
   public:
    Signal(EventLoop& loop, int signo, std::function<void()> callback);
    ~Signal();
    Signal(const Signal&) = delete;
    Signal& operator=(const Signal&) = delete;

   private:
    struct State;
    std::unique_ptr<State> state_;
  };

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace moq
