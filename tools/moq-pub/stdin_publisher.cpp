#include "stdin_publisher.h"

#include <chrono>
#include <unistd.h>
#include <utility>

namespace moq::pub {

namespace {

using namespace std::chrono_literals;

// Acknowledgements arrive without a callback per byte: while held back, look again this often.
constexpr auto recheck_interval = 5ms;

}  // namespace

StdinPublisher::StdinPublisher(EventLoop& loop, TrackProducer track, Framing framing, Grouping grouping,
                               std::function<bool()> may_write, std::function<void()> on_finished)
    : loop_(loop), track_(std::move(track)), framer_(framing), grouper_(std::move(grouping)),
      may_write_(std::move(may_write)), on_finished_(std::move(on_finished)), recheck_(loop, [this] { drain(); }) {}

void StdinPublisher::start() {
  if (started()) return;
  auto enqueue = [this](Bytes frame) { waiting_.push_back(std::move(frame)); };
  reader_.emplace(
      loop_, STDIN_FILENO,
      [this, enqueue](const Bytes& chunk) {
        framer_.push(chunk, enqueue);
        drain();
      },
      [this, enqueue] {
        input_ended_ = true;
        framer_.finish(enqueue);
        drain();
      });
}

void StdinPublisher::drain() {
  if (finished_) return;
  while (!waiting_.empty() && may_write_()) {
    Bytes frame = std::move(waiting_.front());
    waiting_.pop_front();
    write(std::move(frame));
  }
  if (!waiting_.empty()) {
    if (reader_) reader_->pause();
    if (!recheck_.armed()) recheck_.arm_after(recheck_interval);
    return;
  }
  if (input_ended_) return finish_track();
  if (reader_) reader_->resume();
}

void StdinPublisher::write(Bytes frame) {
  auto now = loop_.now();
  if (group_ && grouper_.starts_group(frame, now)) finish_group();
  if (!group_) group_ = track_.append_group();
  produced_ += frame.size();
  bool complete = grouper_.add(frame, now);
  group_->write_frame(std::move(frame));
  if (complete) finish_group();
}

void StdinPublisher::finish_group() {
  if (group_) group_->finish();
  group_.reset();
  grouper_.reset();
}

void StdinPublisher::finish_track() {
  if (finished_) return;
  finished_ = true;
  recheck_.cancel();
  if (reader_) reader_->pause();
  waiting_.clear();
  finish_group();
  track_.finish();
  on_finished_();
}

void StdinPublisher::interrupt() { finish_track(); }

}  // namespace moq::pub
