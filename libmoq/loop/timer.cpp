#include "loop/event_loop_impl.h"

namespace moq {

EventLoop::Timer::Timer(EventLoop& loop, std::function<void()> callback)
    : loop_(loop), callback_(std::make_shared<const std::function<void()>>(std::move(callback))) {}

EventLoop::Timer::~Timer() { cancel(); }

void EventLoop::Timer::arm_at(Clock::time_point when) {
  Impl& impl = *loop_.impl_;
  bool later = when >= when_;  // an equal deadline re-armed now sorts after its peers
  when_ = when;
  sequence_ = impl.next_sequence++;
  if (heap_index_ == not_queued) {
    impl.heap_insert(this);
  } else if (later) {
    impl.heap_sift_down(heap_index_);
  } else {
    impl.heap_sift_up(heap_index_);
  }
}

void EventLoop::Timer::cancel() {
  if (heap_index_ != not_queued) loop_.impl_->heap_remove(this);
}

bool EventLoop::Timer::armed() const { return heap_index_ != not_queued; }

void EventLoop::Impl::fire_due_timers() {
  // Timers armed by these callbacks wait for the next iteration even when already due, so a
  // callback that re-arms itself for "now" cannot keep this loop from returning.
  uint64_t armed_before = next_sequence;
  while (!timers.empty() && timers.front()->when_ <= now && timers.front()->sequence_ < armed_before) {
    Timer* timer = timers.front();
    heap_remove(timer);
    auto callback = timer->callback_;  // the callback may destroy the timer
    (*callback)();
  }
}

bool EventLoop::Impl::heap_before(const Timer* a, const Timer* b) const {
  return a->when_ < b->when_ || (a->when_ == b->when_ && a->sequence_ < b->sequence_);
}

void EventLoop::Impl::heap_place(size_t index, Timer* timer) {
  timers[index] = timer;
  timer->heap_index_ = index;
}

void EventLoop::Impl::heap_insert(Timer* timer) {
  timers.push_back(timer);
  timer->heap_index_ = timers.size() - 1;
  heap_sift_up(timers.size() - 1);
}

void EventLoop::Impl::heap_remove(Timer* timer) {
  size_t index = timer->heap_index_;
  timer->heap_index_ = Timer::not_queued;
  Timer* last = timers.back();
  timers.pop_back();
  if (index == timers.size()) return;
  heap_place(index, last);
  if (index > 0 && heap_before(last, timers[(index - 1) / 2])) {
    heap_sift_up(index);
  } else {
    heap_sift_down(index);
  }
}

void EventLoop::Impl::heap_sift_up(size_t index) {
  Timer* timer = timers[index];
  while (index > 0) {
    size_t parent = (index - 1) / 2;
    if (!heap_before(timer, timers[parent])) break;
    heap_place(index, timers[parent]);
    index = parent;
  }
  heap_place(index, timer);
}

void EventLoop::Impl::heap_sift_down(size_t index) {
  Timer* timer = timers[index];
  size_t size = timers.size();
  while (true) {
    size_t child = 2 * index + 1;
    if (child >= size) break;
    if (child + 1 < size && heap_before(timers[child + 1], timers[child])) ++child;
    if (!heap_before(timers[child], timer)) break;
    heap_place(index, timers[child]);
    index = child;
  }
  heap_place(index, timer);
}

}  // namespace moq
