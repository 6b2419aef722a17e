#pragma once
// One event loop per process, on one thread: file-descriptor readiness (epoll), timers and
// deferred calls. The protocol core never does I/O itself; the transport and the tools hook
// sockets, stdin/stdout and signals in here.

#include <chrono>
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

  // A re-armable timer; disarmed when destroyed.
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
    EventLoop& loop_;
    std::function<void()> callback_;
    Clock::time_point when_{};
    uint64_t generation_ = 0;  // bumps on every arm/cancel, so stale heap entries are ignored
    bool armed_ = false;
  };

  // Watches a file descriptor for epoll events (EPOLLIN, EPOLLOUT, ...); removed when destroyed.
  class Watch {
   public:
    Watch() = default;
    Watch(EventLoop& loop, int fd, uint32_t events, std::function<void(uint32_t events)> callback);
    ~Watch();
    Watch(Watch&&) noexcept;
    Watch& operator=(Watch&&) noexcept;
    void modify(uint32_t events);

   private:
    struct State;
    std::unique_ptr<State> state_;
  };

  // Delivers a signal (SIGINT, SIGTERM, ...) as a callback on the loop (signalfd); the signal
  // is blocked for the process while the handle lives.
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
