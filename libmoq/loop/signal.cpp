#include <csignal>
#include <sys/signalfd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "loop/event_loop_impl.h"
#include "moq/error.h"

namespace moq {

struct EventLoop::Signal::State {
  int signo;
  bool was_blocked;  // restored on destruction, so a handle leaves the mask as it found it
  UniqueFd fd;
  std::shared_ptr<const std::function<void()>> callback;
  Watch watch;
};

EventLoop::Signal::Signal(EventLoop& loop, int signo, std::function<void()> callback)
    : state_(std::make_unique<State>()) {
  state_->signo = signo;
  state_->callback = std::make_shared<const std::function<void()>>(std::move(callback));
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signo);
  state_->fd = UniqueFd(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (state_->fd.get() < 0) {
    throw Error(code::transport, "cannot watch signal " + std::to_string(signo) + ": " + std::strerror(errno));
  }
  State* state = state_.get();
  state_->watch = Watch(loop, state_->fd.get(), EPOLLIN, [state](uint32_t) {
    signalfd_siginfo info;
    bool delivered = false;
    while (::read(state->fd.get(), &info, sizeof info) == static_cast<ssize_t>(sizeof info)) delivered = true;
    if (!delivered) return;
    auto callback = state->callback;  // the callback may destroy this handle
    (*callback)();
  });
  // Blocked so the signal queues for the signalfd instead of running its default action.
  sigset_t previous;
  if (::sigprocmask(SIG_BLOCK, &set, &previous) < 0) {
    throw Error(code::transport, "cannot block signal " + std::to_string(signo) + ": " + std::strerror(errno));
  }
  state_->was_blocked = sigismember(&previous, signo) == 1;
}

EventLoop::Signal::~Signal() {
  if (state_->was_blocked) return;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, state_->signo);
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace moq
