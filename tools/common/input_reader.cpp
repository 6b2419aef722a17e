#include "input_reader.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/epoll.h>
#include <unistd.h>
#include <vector>

#include "moq/error.h"
#include "tool_failure.h"

namespace moq::tool {

namespace {

constexpr size_t chunk_size = 64 * 1024;
// Chunks per readiness event: enough for throughput, few enough to keep the loop turning.
constexpr int reads_per_turn = 4;

}  // namespace

InputReader::InputReader(EventLoop& loop, int fd, std::function<void(Bytes)> on_data, std::function<void()> on_end)
    : loop_(loop), fd_(fd), original_flags_(::fcntl(fd, F_GETFL)), on_data_(std::move(on_data)),
      on_end_(std::move(on_end)) {
  if (original_flags_ >= 0) ::fcntl(fd_, F_SETFL, original_flags_ | O_NONBLOCK);
  try {
    watch_ = EventLoop::Watch(loop_, fd_, EPOLLIN, [this](uint32_t) { read_some(); });
    watched_ = true;
  } catch (const Error&) {
    schedule();
  }
}

InputReader::~InputReader() {
  *alive_ = false;
  watch_ = EventLoop::Watch();
  // The descriptor is shared with the shell and other processes: leave it as it was.
  if (original_flags_ >= 0) ::fcntl(fd_, F_SETFL, original_flags_);
}

void InputReader::pause() {
  if (paused_ || ended_) return;
  paused_ = true;
  if (watched_) watch_.modify(0);
}

void InputReader::resume() {
  if (!paused_ || ended_) return;
  paused_ = false;
  if (watched_) {
    watch_.modify(EPOLLIN);
  } else {
    schedule();
  }
}

void InputReader::schedule() {
  if (read_posted_) return;
  read_posted_ = true;
  loop_.post([this, alive = alive_] {
    if (!*alive) return;
    read_posted_ = false;
    read_some();
  });
}

void InputReader::read_some() {
  for (int turn = 0; turn < reads_per_turn && !paused_ && !ended_; ++turn) {
    std::vector<uint8_t> buffer(chunk_size);
    ssize_t got = ::read(fd_, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (got < 0) throw ToolFailure(ExitCode::failure, std::string("cannot read stdin: ") + std::strerror(errno));
    if (got == 0) {
      ended_ = true;
      if (watched_) watch_ = EventLoop::Watch();
      on_end_();
      return;
    }
    buffer.resize(static_cast<size_t>(got));
    // Frames keep their chunk alive until acknowledged: do not pin 64 KiB for a short line.
    if (buffer.size() < chunk_size / 4) buffer.shrink_to_fit();
    on_data_(Bytes(std::move(buffer)));
  }
  if (!watched_ && !paused_ && !ended_) schedule();
}

}  // namespace moq::tool
