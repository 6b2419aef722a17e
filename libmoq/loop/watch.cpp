#include <cassert>
#include <cerrno>
#include <cstring>
#include <string>

#include "loop/event_loop_impl.h"
#include "moq/error.h"

namespace moq {

struct EventLoop::Watch::State {
  Impl* loop;
  int fd;
  // Shared so that a callback which destroys its own watch keeps running on a live function.
  std::shared_ptr<const std::function<void(uint32_t)>> callback;
};

EventLoop::Watch::Watch(EventLoop& loop, int fd, uint32_t events,
                        std::function<void(uint32_t events)> callback)
    : state_(std::make_unique<State>(State{
          loop.impl_.get(), fd,
          std::make_shared<const std::function<void(uint32_t)>>(std::move(callback))})) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = state_.get();
  if (::epoll_ctl(loop.impl_->epoll.get(), EPOLL_CTL_ADD, fd, &event) < 0) {
    throw Error(code::transport,
                "cannot watch file descriptor " + std::to_string(fd) + ": " + std::strerror(errno));
  }
}

EventLoop::Watch::~Watch() {
  if (!state_) return;
  // Fails harmlessly when the descriptor was already closed, which also unregisters it.
  ::epoll_ctl(state_->loop->epoll.get(), EPOLL_CTL_DEL, state_->fd, nullptr);
  state_->loop->forget_pending_events(state_.get());
}

EventLoop::Watch::Watch() = default;
EventLoop::Watch::Watch(Watch&&) noexcept = default;

EventLoop::Watch& EventLoop::Watch::operator=(Watch&& other) noexcept {
  if (this != &other) {
    Watch discarded(std::move(*this));
    state_ = std::move(other.state_);
  }
  return *this;
}

void EventLoop::Watch::modify(uint32_t events) {
  assert(state_ && "modify() on an empty Watch");
  epoll_event event{};
  event.events = events;
  event.data.ptr = state_.get();
  if (::epoll_ctl(state_->loop->epoll.get(), EPOLL_CTL_MOD, state_->fd, &event) < 0) {
    throw Error(code::transport, "cannot change the watch on file descriptor " +
                                     std::to_string(state_->fd) + ": " + std::strerror(errno));
  }
}

void EventLoop::Impl::dispatch_watch(void* watch_state, uint32_t ready) {
  auto callback = static_cast<Watch::State*>(watch_state)->callback;
  (*callback)(ready);
}

}  // namespace moq
