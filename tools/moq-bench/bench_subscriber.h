#pragma once
// One subscriber of moq-bench: subscribes to every track of the broadcast on its session and
// counts what arrives into the shared ReceiveStats (frames, bytes, latency from the frames'
// stamps, dropped groups, trailers). Frames are read chunk by chunk, never joined or copied.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "bench_stats.h"
#include "moq/path.h"
#include "moq/session.h"
#include "workload.h"

namespace moq::bench {

class BenchSubscriber {
 public:
  // on_track_end: one of the tracks ended (cleanly or not); see ended().
  BenchSubscriber(Session& session, const Path& broadcast, const std::vector<TrackWorkload>& workload,
                  ReceiveStats& stats, const std::function<void()>& on_track_end);
  ~BenchSubscriber();
  BenchSubscriber(const BenchSubscriber&) = delete;
  BenchSubscriber& operator=(const BenchSubscriber&) = delete;

  // Every track has ended, cleanly or not.
  bool ended() const;
  // Frame bytes received so far, warm-up included.
  uint64_t received_bytes() const { return received_bytes_; }

 private:
  class TrackReader;
  std::vector<std::unique_ptr<TrackReader>> readers_;
  uint64_t received_bytes_ = 0;
};

}  // namespace moq::bench
