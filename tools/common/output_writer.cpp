#include "output_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/epoll.h>
#include <sys/uio.h>
#include <unistd.h>
#include <vector>

#include "moq/error.h"
#include "tool_failure.h"

namespace moq::tool {

namespace {

constexpr size_t max_iovecs = 64;

}  // namespace

OutputWriter::OutputWriter(EventLoop& loop, int fd, std::function<void()> on_drained, std::function<void()> on_closed)
    : fd_(fd), original_flags_(::fcntl(fd, F_GETFL)), on_drained_(std::move(on_drained)),
      on_closed_(std::move(on_closed)) {
  try {
    watch_ = EventLoop::Watch(loop, fd_, 0, [this](uint32_t) {
      write_out();
      if (queue_.empty() && !closed_) on_drained_();
    });
    watched_ = true;
    if (original_flags_ >= 0) ::fcntl(fd_, F_SETFL, original_flags_ | O_NONBLOCK);
  } catch (const Error&) {
    // A regular file or /dev/null: writes complete at once, blocking is harmless.
  }
}

OutputWriter::~OutputWriter() {
  watch_ = EventLoop::Watch();
  if (watched_ && original_flags_ >= 0) ::fcntl(fd_, F_SETFL, original_flags_);
}

void OutputWriter::write(Bytes data) {
  if (closed_ || data.empty()) return;
  queued_ += data.size();
  queue_.push_back(std::move(data));
}

void OutputWriter::flush() {
  if (!waiting_) write_out();
}

void OutputWriter::want_writable(bool want) {
  if (!watched_ || waiting_ == want) return;
  waiting_ = want;
  watch_.modify(want ? uint32_t{EPOLLOUT} : uint32_t{0});
}

void OutputWriter::write_out() {
  if (flushing_) return;
  flushing_ = true;
  while (!queue_.empty() && !closed_) {
    std::vector<iovec> parts;
    for (size_t i = 0; i < queue_.size() && parts.size() < max_iovecs; ++i) {
      size_t skip = i == 0 ? front_offset_ : 0;
      parts.push_back({const_cast<uint8_t*>(queue_[i].data()) + skip, queue_[i].size() - skip});
    }
    ssize_t wrote = ::writev(fd_, parts.data(), static_cast<int>(parts.size()));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      want_writable(true);
      flushing_ = false;
      return;
    }
    if (wrote < 0 && errno == EPIPE) {
      closed_ = true;
      queue_.clear();
      queued_ = 0;
      want_writable(false);
      flushing_ = false;
      on_closed_();
      return;
    }
    if (wrote < 0) {
      flushing_ = false;
      throw ToolFailure(ExitCode::failure, std::string("cannot write stdout: ") + std::strerror(errno));
    }
    auto left = static_cast<size_t>(wrote);
    queued_ -= left;
    while (left > 0) {
      size_t in_front = queue_.front().size() - front_offset_;
      size_t used = std::min(left, in_front);
      left -= used;
      front_offset_ += used;
      if (front_offset_ == queue_.front().size()) {
        queue_.pop_front();
        front_offset_ = 0;
      }
    }
  }
  want_writable(false);
  flushing_ = false;
}

}  // namespace moq::tool
