#pragma once
// Reads a file descriptor (stdin) on the event loop without blocking it, in chunks that become
// moq::Bytes once (no further copies). Pipes and terminals are watched with epoll; regular
// files and /dev/null, which epoll refuses, are read a chunk per loop iteration.

#include <cstddef>
#include <functional>
#include <memory>

#include "moq/bytes.h"
#include "moq/event_loop.h"

namespace moq::tool {

class InputReader {
 public:
  InputReader(EventLoop& loop, int fd, std::function<void(Bytes chunk)> on_data, std::function<void()> on_end);
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  // No on_data calls while paused (the descriptor is left unread, so the writer blocks).
  void pause();
  void resume();
  bool paused() const noexcept { return paused_; }
  bool ended() const noexcept { return ended_; }

 private:
  void read_some();
  void schedule();

  EventLoop& loop_;
  int fd_;
  int original_flags_;
  std::function<void(Bytes)> on_data_;
  std::function<void()> on_end_;
  EventLoop::Watch watch_;
  bool watched_ = false;
  bool paused_ = false;
  bool ended_ = false;
  // Posted reads of unwatchable descriptors check this so they do not outlive the reader.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  bool read_posted_ = false;
};

}  // namespace moq::tool
