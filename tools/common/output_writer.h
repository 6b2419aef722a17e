#pragma once
// Writes to a file descriptor (stdout) on the event loop without blocking it. Buffers are
// queued by reference (payload is not copied) and written with writev when the descriptor
// takes them. A reader that went away (EPIPE, e.g. `| head -1`) is reported once through
// on_closed; SIGPIPE must be ignored by the process. Regular files, which epoll refuses, are
// written directly.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>

#include "moq/bytes.h"
#include "moq/event_loop.h"

namespace moq::tool {

class OutputWriter {
 public:
  // on_drained: the queue emptied after the descriptor had made us wait (not called from
  // flush()). on_closed: the reader is gone.
  OutputWriter(EventLoop& loop, int fd, std::function<void()> on_drained, std::function<void()> on_closed);
  ~OutputWriter();
  OutputWriter(const OutputWriter&) = delete;
  OutputWriter& operator=(const OutputWriter&) = delete;

  // Queues data; it leaves on the next flush().
  void write(Bytes data);
  // Writes as much of the queue as the descriptor takes now; the rest when it is writable.
  void flush();
  // Bytes queued and not written yet.
  uint64_t queued() const noexcept { return queued_; }
  bool closed() const noexcept { return closed_; }

 private:
  void write_out();
  void want_writable(bool want);

  int fd_;
  int original_flags_;
  std::function<void()> on_drained_;
  std::function<void()> on_closed_;
  EventLoop::Watch watch_;
  bool watched_ = false;
  bool waiting_ = false;
  bool flushing_ = false;
  bool closed_ = false;
  std::deque<Bytes> queue_;
  size_t front_offset_ = 0;  // bytes of queue_.front() already written
  uint64_t queued_ = 0;
};

}  // namespace moq::tool
