#pragma once
// The loop's state, shared by the files that implement the loop, its timers, watches and signals.

#include <sys/epoll.h>

#include <array>
#include <functional>
#include <vector>

#include "loop/unique_fd.h"
#include "moq/event_loop.h"

namespace moq {

struct EventLoop::Impl {
  Impl();

  UniqueFd epoll;
  bool stopping = false;
  bool use_pwait2 = true;  // cleared when the kernel lacks epoll_pwait2
  Clock::time_point now;

  // Binary min-heap on (when, sequence); each timer knows its index, so removal is O(log n).
  std::vector<Timer*> timers;
  uint64_t next_sequence = 0;

  std::vector<std::function<void()>> posted;
  std::vector<std::function<void()>> at_end;

  // The batch of readiness events being dispatched. A watch removed mid-batch blanks its
  // remaining entries, so no event reaches a destroyed watch.
  std::array<epoll_event, 64> events{};
  int event_count = 0;
  int event_next = 0;

  void run_once(Clock::time_point deadline);
  // Waits for readiness up to the deadline (time_point::max() = no limit); returns the event count.
  int wait(Clock::time_point deadline);
  void fire_due_timers();
  void run_posted();
  void dispatch_watch(void* watch_state, uint32_t ready);  // in watch.cpp
  void forget_pending_events(const void* watch_state);

  void heap_insert(Timer* timer);
  void heap_remove(Timer* timer);
  bool heap_before(const Timer* a, const Timer* b) const;
  void heap_place(size_t index, Timer* timer);
  void heap_sift_up(size_t index);
  void heap_sift_down(size_t index);
};

}  // namespace moq
