#include "bench_subscriber.h"

#include <algorithm>
#include <optional>
#include <string>
#include <variant>

#include "frame_stamp.h"

namespace moq::bench {

class BenchSubscriber::TrackReader {
 public:
  TrackReader(TrackConsumer track, ReceiveStats& stats, Tally& track_total, uint64_t& received_bytes,
              std::function<void()> on_end)
      : track_(std::move(track)),
        stats_(stats),
        track_total_(track_total),
        received_bytes_(received_bytes),
        on_end_(std::move(on_end)) {
    // The callbacks belong to handles this reader owns: they never outlive it.
    track_.on_change([this] { pump(); });
    pump();
  }

  bool ended() const { return ended_; }

 private:
  void pump() {
    if (ended_ || pumping_) return;
    pumping_ = true;
    try {
      while (!ended_ && step()) {
      }
    } catch (const Error& error) {
      if (stats_.tracks_failed == 0) stats_.first_error = std::string(code_name(error.code())) + ": " + error.what();
      ++stats_.tracks_failed;
      ended_ = true;
    }
    pumping_ = false;
    if (ended_ && on_end_) {
      // Called once; it may look at every reader, this one included.
      auto on_end = std::move(on_end_);
      on_end_ = nullptr;
      on_end();
    }
  }

  // One step through the track; false when nothing is ready.
  bool step() {
    if (group_) {
      try {
        return step_in_group();
      } catch (const Error&) {
        // A reset group stream (a relay dropping its backlog, say) loses that group, not the
        // subscription: the frames it still had count as lost against the trailer.
        frame_.reset();
        group_.reset();
        count_dropped(1);
        return true;
      }
    }
    auto item = track_.next_group();
    if (item.is_pending()) return false;
    if (item.is_end()) {
      ++stats_.tracks_ended;
      ended_ = true;
      return false;
    }
    if (auto* dropped = std::get_if<GroupsDropped>(&item.value())) {
      count_dropped(dropped->count);
      return true;
    }
    group_ = std::move(std::get<GroupConsumer>(item.value()));
    group_->on_change([this] { pump(); });
    return true;
  }

  bool step_in_group() {
    if (frame_) return read_chunks();
    Poll<FrameConsumer> next = group_->next_frame();
    if (next.is_pending()) return false;
    if (next.is_end()) {
      group_.reset();
      return true;
    }
    frame_ = std::move(next).value();
    frame_watched_ = false;
    stamp_bytes_.clear();
    return true;
  }

  void count_dropped(uint64_t groups) {
    for (Tally* tally : {&stats_.total, &stats_.interval, &track_total_}) tally->dropped_groups += groups;
  }

  bool read_chunks() {
    for (;;) {
      Poll<Bytes> chunk = frame_->read();
      if (chunk.is_pending()) {
        // Watched only once it has to wait: a frame that came whole needs no callback.
        if (!frame_watched_) frame_->on_change([this] { pump(); });
        frame_watched_ = true;
        return false;
      }
      if (chunk.is_end()) break;
      const Bytes& data = chunk.value();
      received_bytes_ += data.size();
      if (stamp_bytes_.size() < frame_stamp_size) {
        size_t take = std::min(frame_stamp_size - stamp_bytes_.size(), data.size());
        stamp_bytes_.insert(stamp_bytes_.end(), data.data(), data.data() + take);
      }
    }
    uint64_t size = frame_->size();
    frame_.reset();
    count(size);
    return true;
  }

  void count(uint64_t size) {
    auto stamp = read_stamp(stamp_bytes_);
    if (!stamp) {
      ++stats_.malformed_frames;
      return;
    }
    if (stamp->kind == FrameKind::trailer) {
      ++stats_.trailers;
      stats_.expected_frames += stamp->number;
      return;
    }
    uint64_t now = wall_clock_ns();
    uint64_t latency = now > stamp->sent_ns ? now - stamp->sent_ns : 0;
    // Interval lines show the warm-up too; totals only what is measured.
    ++stats_.interval.frames;
    stats_.interval.bytes += size;
    stats_.interval.latency_ns.record(latency);
    if (stamp->kind == FrameKind::warmup) return;
    for (Tally* tally : {&stats_.total, &track_total_}) {
      ++tally->frames;
      tally->bytes += size;
      tally->latency_ns.record(latency);
    }
    stats_.first_sent_ns = std::min(stats_.first_sent_ns, stamp->sent_ns);
    stats_.last_received_ns = std::max(stats_.last_received_ns, now);
  }

  TrackConsumer track_;
  ReceiveStats& stats_;
  Tally& track_total_;
  uint64_t& received_bytes_;
  std::function<void()> on_end_;
  std::optional<GroupConsumer> group_;
  std::optional<FrameConsumer> frame_;
  std::vector<uint8_t> stamp_bytes_;
  bool frame_watched_ = false;  // frame_ has its change callback
  bool ended_ = false;
  bool pumping_ = false;
};

BenchSubscriber::BenchSubscriber(Session& session, const Path& broadcast, const std::vector<TrackWorkload>& workload,
                                 ReceiveStats& stats, const std::function<void()>& on_track_end) {
  if (stats.per_track.size() < workload.size()) stats.per_track.resize(workload.size());
  for (size_t i = 0; i < workload.size(); ++i) {
    TrackConsumer track = session.subscribe(Track{.path = broadcast.join(Path::parse(std::to_string(i))),
                                                  .priority = workload[i].priority,
                                                  .group_order = workload[i].order,
                                                  .group_expires = workload[i].expires});
    readers_.push_back(std::make_unique<TrackReader>(std::move(track), stats, stats.per_track[i], received_bytes_,
                                                           on_track_end));
  }
}

BenchSubscriber::~BenchSubscriber() = default;

bool BenchSubscriber::ended() const {
  return std::all_of(readers_.begin(), readers_.end(), [](const auto& reader) { return reader->ended(); });
}

}  // namespace moq::bench
