#include "bench_publisher.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "frame_stamp.h"

namespace moq::bench {

namespace {

using namespace std::chrono_literals;

// An unlimited track writes at most this much per loop iteration, so that I/O keeps flowing.
constexpr uint64_t batch_frames = 256;
constexpr uint64_t batch_bytes = 4u << 20;
// How soon a sender held back by its window looks again.
constexpr auto window_poll = 200us;
// Paced frames later than this are written at once rather than bunched up after a stall.
constexpr uint64_t max_catch_up_frames = 1000;

}  // namespace

BenchPublisher::BenchPublisher(EventLoop& loop, const Path& broadcast, std::vector<TrackWorkload> workload,
                               PublishSchedule schedule, SendStats& stats, std::function<bool()> may_send,
                               std::function<void()> on_done)
    : loop_(loop),
      broadcast_(broadcast),
      schedule_(schedule),
      stats_(stats),
      may_send_(std::move(may_send)),
      on_done_(std::move(on_done)),
      timer_(loop, [this] { tick(); }) {
  uint64_t largest = 0;
  for (size_t i = 0; i < workload.size(); ++i) {
    const TrackWorkload& track = workload[i];
    largest = std::max(largest, track.sizes.max);
    TrackProducer producer = broadcast_.create_track(Track{.path = Path::parse(std::to_string(i)),
                                                           .priority = track.priority,
                                                           .group_order = track.order,
                                                           .group_expires = track.expires});
    outputs_.emplace_back(track, std::move(producer));
  }
  filler_ = Bytes(std::vector<uint8_t>(static_cast<size_t>(largest - frame_stamp_size), 0));
}

void BenchPublisher::start() {
  if (started_) return;
  started_ = true;
  enter(schedule_.warmup.count() > 0 ? Phase::warmup : Phase::measured);
  tick();
}

void BenchPublisher::enter(Phase phase) {
  phase_ = phase;
  phase_start_ = EventLoop::Clock::now();
  phase_end_ = phase_start_ + (phase == Phase::warmup ? schedule_.warmup : schedule_.duration);
  for (Output& output : outputs_) output.phase_start_frames = output.written;
  if (phase == Phase::measured) measured_start_ = phase_start_;
}

double BenchPublisher::measured_seconds() const {
  if (measured_start_ == EventLoop::Clock::time_point{}) return 0;
  auto end = phase_ == Phase::finished ? measured_end_ : EventLoop::Clock::now();
  return std::chrono::duration<double>(end - measured_start_).count();
}

void BenchPublisher::tick() {
  if (phase_ == Phase::finished || phase_ == Phase::idle) return;
  auto now = EventLoop::Clock::now();
  if (now >= phase_end_) {
    if (phase_ == Phase::warmup) {
      enter(Phase::measured);
    } else {
      finish();
      return;
    }
  }
  auto next = phase_end_;
  bool more_now = false;
  bool window_full = false;
  bool all_at_limit = schedule_.frames_limit > 0;
  for (Output& output : outputs_) {
    if (phase_ == Phase::measured && schedule_.frames_limit > 0 && output.measured >= schedule_.frames_limit) continue;
    all_at_limit = false;
    if (output.workload.rate.unlimited()) {
      if (write_unlimited(output)) {
        more_now = true;
      } else {
        window_full = true;
      }
    } else {
      next = std::min(next, write_paced(output, now));
    }
  }
  if (phase_ == Phase::measured && all_at_limit) {
    finish();
    return;
  }
  if (more_now) {
    // Yield to the loop so the transport can send, then go on.
    if (!tick_posted_) {
      tick_posted_ = true;
      loop_.post([this, alive = std::weak_ptr<bool>(alive_)] {
        if (alive.expired()) return;
        tick_posted_ = false;
        tick();
      });
    }
    return;
  }
  if (window_full) next = std::min(next, EventLoop::Clock::now() + window_poll);
  timer_.arm_at(next);
}

EventLoop::Clock::time_point BenchPublisher::write_paced(Output& output, EventLoop::Clock::time_point now) {
  double rate = output.workload.rate.frames_per_second;
  double elapsed = std::chrono::duration<double>(now - phase_start_).count();
  auto due = static_cast<uint64_t>(std::floor(elapsed * rate)) + 1;  // the first frame at once
  uint64_t sent = output.written - output.phase_start_frames;
  if (due > sent + max_catch_up_frames) {
    // Far behind (the loop stalled): forget the backlog instead of bursting it.
    output.phase_start_frames += due - sent - max_catch_up_frames;
    sent = output.written - output.phase_start_frames;
  }
  while (sent < due) {
    if (phase_ == Phase::measured && schedule_.frames_limit > 0 && output.measured >= schedule_.frames_limit) break;
    write_frame(output);
    ++sent;
  }
  return phase_start_ + std::chrono::duration_cast<EventLoop::Clock::duration>(
                            std::chrono::duration<double>(static_cast<double>(sent) / rate));
}

bool BenchPublisher::write_unlimited(Output& output) {
  uint64_t frames = 0;
  uint64_t bytes = 0;
  while (frames < batch_frames && bytes < batch_bytes) {
    if (phase_ == Phase::measured && schedule_.frames_limit > 0 && output.measured >= schedule_.frames_limit) {
      return true;
    }
    if (!may_send_()) return false;
    uint64_t before = written_bytes_;
    write_frame(output);
    bytes += written_bytes_ - before;
    ++frames;
  }
  return true;
}

void BenchPublisher::write_frame(Output& output) {
  if (!output.group) {
    output.group = output.track.append_group();
    output.frames_in_group = 0;
  }
  bool measured = phase_ == Phase::measured;
  uint64_t size = output.workload.sizes.sample(random_);
  FrameProducer frame = output.group->create_frame(size);
  frame.write(encode_stamp({.sent_ns = wall_clock_ns(),
                            .number = measured ? output.measured : output.written,
                            .kind = measured ? FrameKind::measured : FrameKind::warmup}));
  if (size > frame_stamp_size) frame.write(filler_.slice(0, static_cast<size_t>(size - frame_stamp_size)));
  ++output.written;
  written_bytes_ += size;
  // Interval lines show the warm-up too; totals only what is measured.
  ++stats_.interval.frames;
  stats_.interval.bytes += size;
  if (measured) {
    ++output.measured;
    ++stats_.total.frames;
    stats_.total.bytes += size;
  }
  if (++output.frames_in_group >= schedule_.frames_per_group) {
    output.group->finish();
    output.group.reset();
  }
}

void BenchPublisher::finish() {
  phase_ = Phase::finished;
  measured_end_ = EventLoop::Clock::now();
  timer_.cancel();
  for (Output& output : outputs_) {
    if (output.group) output.group->finish();
    output.group.reset();
    GroupProducer trailer = output.track.append_group();
    trailer.write_frame(encode_stamp({.sent_ns = wall_clock_ns(), .number = output.measured, .kind = FrameKind::trailer}));
    trailer.finish();
    output.track.finish();
  }
  done_ = true;
  if (on_done_) on_done_();
}

}  // namespace moq::bench
