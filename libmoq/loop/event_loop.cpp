#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "loop/event_loop_impl.h"
#include "moq/error.h"

namespace moq {

namespace {

[[noreturn]] void throw_system(const char* what) {
  throw Error(code::transport, std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

EventLoop::Impl::Impl() : epoll(::epoll_create1(EPOLL_CLOEXEC)), now(Clock::now()) {
  if (epoll.get() < 0) throw_system("epoll_create1");
}

int EventLoop::Impl::wait(Clock::time_point deadline) {
  bool forever = deadline == Clock::time_point::max();
  auto current = Clock::now();
  auto remaining = deadline > current ? deadline - current : Clock::duration::zero();
  int count;
  if (use_pwait2) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(remaining).count();
    timespec timeout{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    count = ::epoll_pwait2(epoll.get(), events.data(), static_cast<int>(events.size()),
                           forever ? nullptr : &timeout, nullptr);
    if (count < 0 && errno == ENOSYS) {
      use_pwait2 = false;
      return wait(deadline);
    }
  } else {
    // Rounded up: waking a little late beats spinning until a sub-millisecond deadline.
    auto ms = std::chrono::ceil<std::chrono::milliseconds>(remaining).count();
    count = ::epoll_wait(epoll.get(), events.data(), static_cast<int>(events.size()),
                         forever ? -1 : static_cast<int>(std::min<int64_t>(ms, INT32_MAX)));
  }
  if (count < 0) {
    if (errno == EINTR) return 0;
    throw_system("epoll_wait");
  }
  return count;
}

void EventLoop::Impl::run_once(Clock::time_point deadline) {
  if (!posted.empty() || !at_end.empty()) {
    deadline = Clock::time_point::min();
  } else if (!timers.empty() && timers.front()->when_ < deadline) {
    deadline = timers.front()->when_;
  }
  event_count = wait(deadline);
  now = Clock::now();
  for (event_next = 0; event_next < event_count; ++event_next) {
    const epoll_event& event = events[static_cast<size_t>(event_next)];
    if (event.data.ptr != nullptr) dispatch_watch(event.data.ptr, event.events);
  }
  event_count = 0;
  fire_due_timers();
  run_posted();
  auto end_callbacks = std::move(at_end);
  at_end.clear();
  for (auto& callback : end_callbacks) callback();
}

void EventLoop::Impl::forget_pending_events(const void* watch_state) {
  for (int i = event_next + 1; i < event_count; ++i) {
    auto& event = events[static_cast<size_t>(i)];
    if (event.data.ptr == watch_state) event.data.ptr = nullptr;
  }
}

void EventLoop::Impl::run_posted() {
  // Work posted by these callbacks waits for the next iteration, so a callback that re-posts
  // itself cannot starve I/O.
  auto batch = std::move(posted);
  posted.clear();
  for (auto& callback : batch) callback();
}

EventLoop::EventLoop() : impl_(std::make_unique<Impl>()) {}
EventLoop::~EventLoop() = default;

void EventLoop::run() {
  while (!impl_->stopping) impl_->run_once(Clock::time_point::max());
  impl_->stopping = false;
}

bool EventLoop::run_until(const std::function<bool()>& predicate, Clock::duration timeout) {
  auto deadline = Clock::now() + timeout;
  while (!impl_->stopping && !predicate() && Clock::now() < deadline) impl_->run_once(deadline);
  impl_->stopping = false;
  return predicate();
}

void EventLoop::stop() { impl_->stopping = true; }

EventLoop::Clock::time_point EventLoop::now() const { return impl_->now; }

void EventLoop::post(std::function<void()> callback) { impl_->posted.push_back(std::move(callback)); }

void EventLoop::at_iteration_end(std::function<void()> callback) {
  impl_->at_end.push_back(std::move(callback));
}

}  // namespace moq
