#pragma once
// Publishes moq-bench's tracks (broadcast/0, broadcast/1, ...) at their rates: frames stamped
// with the time they are written, grouped --frames-per-group at a time. After the warm-up the
// frames count; after the measured phase each track gets a trailer group (how many measured
// frames it sent) and finishes. Unlimited-rate tracks write while may_send() allows, so the
// sender never outruns its receivers by more than the caller's window.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <vector>

#include "bench_stats.h"
#include "moq/broadcast.h"
#include "moq/bytes.h"
#include "moq/event_loop.h"
#include "workload.h"

namespace moq::bench {

struct PublishSchedule {
  std::chrono::nanoseconds warmup{std::chrono::seconds(1)};
  std::chrono::nanoseconds duration{std::chrono::seconds(10)};
  uint64_t frames_limit = 0;  // measured frames per track that end the run early; 0 = none
  uint64_t frames_per_group = 10;
};

class BenchPublisher {
 public:
  BenchPublisher(EventLoop& loop, const Path& broadcast, std::vector<TrackWorkload> workload,
                 PublishSchedule schedule, SendStats& stats, std::function<bool()> may_send,
                 std::function<void()> on_done);
  BenchPublisher(const BenchPublisher&) = delete;
  BenchPublisher& operator=(const BenchPublisher&) = delete;

  // What sessions serve.
  BroadcastConsumer broadcast() { return broadcast_.consume(); }
  // Starts the warm-up clock; idempotent.
  void start();
  bool done() const { return done_; }
  // Bytes of every frame written so far, warm-up included.
  uint64_t written_bytes() const { return written_bytes_; }
  // How long the measured phase lasted (so far).
  double measured_seconds() const;

 private:
  struct Output {
    Output(TrackWorkload workload, TrackProducer track) : workload(workload), track(std::move(track)) {}
    TrackWorkload workload;
    TrackProducer track;
    std::optional<GroupProducer> group;
    uint64_t frames_in_group = 0;
    uint64_t written = 0;   // frames written, warm-up included
    uint64_t measured = 0;  // measured frames written
    uint64_t phase_start_frames = 0;  // frames written when the current phase began (paced)
  };
  enum class Phase { idle, warmup, measured, finished };

  void tick();
  void enter(Phase phase);
  // Writes frames due on a paced track; returns when the next one is due.
  EventLoop::Clock::time_point write_paced(Output& output, EventLoop::Clock::time_point now);
  // Writes a batch on an unlimited track; false when the window is full.
  bool write_unlimited(Output& output);
  void write_frame(Output& output);
  void finish();

  EventLoop& loop_;
  BroadcastProducer broadcast_;
  PublishSchedule schedule_;
  SendStats& stats_;
  std::function<bool()> may_send_;
  std::function<void()> on_done_;
  std::vector<Output> outputs_;
  Bytes filler_;
  std::mt19937_64 random_{1};
  EventLoop::Timer timer_;
  Phase phase_ = Phase::idle;
  EventLoop::Clock::time_point phase_start_{};
  EventLoop::Clock::time_point phase_end_{};
  EventLoop::Clock::time_point measured_start_{};
  EventLoop::Clock::time_point measured_end_{};
  bool started_ = false;
  bool done_ = false;
  bool tick_posted_ = false;
  uint64_t written_bytes_ = 0;
  // Posted ticks check this so they do not outlive the publisher.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace moq::bench
