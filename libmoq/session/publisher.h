#pragma once
// The publisher side: answering the control streams a peer opens, from the session's origin.

#include <chrono>
#include <map>
#include <memory>
#include <optional>

#include "group_writer.h"
#include "moq/announced.h"
#include "moq/track.h"
#include "moq/wire/announce.h"
#include "moq/wire/info.h"
#include "moq/wire/subscribe.h"
#include "task.h"

namespace moq::session {

// The Info a subscriber gets: the publisher's track, and its latest group (0 if none yet).
wire::Info info_of(const TrackConsumer& track);

// Announce stream: Active for the matching tracks, Live (to peers that take it), then changes.
class ServedAnnounce : public ControlTask {
 public:
  using ControlTask::ControlTask;

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t) override { fail(code::cancel); }
  void on_stopped(uint64_t) override { fail(code::cancel); }

 private:
  void pump();
  std::optional<AnnouncedConsumer> announced_;
  bool peer_takes_live_ = false;
};

// Subscribe stream: Info, then a group stream per group, GroupDrop for skipped groups, and
// FIN once the track ended and every group stream was acknowledged.
class ServedSubscription : public ControlTask {
 public:
  using ControlTask::ControlTask;
  ~ServedSubscription() override;

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t) override;
  void on_stopped(uint64_t code) override;

 private:
  void start(const wire::Subscribe& subscribe);
  void apply(const wire::SubscribeUpdate& update);
  void pump();
  void serve_group(GroupConsumer group);
  void group_ended(uint64_t sequence);
  // Resets the group stream and reports the group dropped.
  void drop_group(uint64_t sequence);
  // Reports groups [first, first+count) and any never served before them as dropped.
  void report_dropped(uint64_t first, uint64_t count, uint64_t code);
  void drop_expired();
  void drop_backlog();
  // Keeps the running totals of the group streams' unacknowledged bytes, then update_busy().
  void unacked_changed(uint64_t before, uint64_t after);
  // Marks the track consumer busy above half the backlog bounds and not busy again at a quarter.
  void update_busy();
  void finish_if_done();
  int64_t priority_of(uint64_t sequence) const;
  std::chrono::milliseconds expiry() const;

  std::optional<uint64_t> id_;
  std::optional<TrackConsumer> track_;
  int8_t priority_ = 0;
  wire::GroupOrder order_ = wire::GroupOrder::descending;
  std::chrono::milliseconds expires_{0};
  GroupRange range_;
  bool track_ended_ = false;
  // The sequence a subscriber expects next in order: from its group_min or our Info's latest,
  // past every group served or reported. A subscriber holding groups in order (ours) would wait
  // for sequences skipped without a report, so gaps are reported as dropped.
  uint64_t expected_ = 0;
  std::map<uint64_t, std::shared_ptr<GroupWriter>> groups_;  // by sequence, oldest first
  // Of groups_: unacknowledged bytes, and how many streams have some.
  uint64_t unacked_bytes_ = 0;
  size_t unacked_streams_ = 0;
  bool busy_ = false;
};

// Info stream: the track's Info, then FIN.
class ServedInfo : public ControlTask {
 public:
  using ControlTask::ControlTask;

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t) override { done(); }
  void on_stopped(uint64_t) override { done(); }
};

// Fetch stream: one cached group from a frame index on, then FIN.
class ServedFetch : public ControlTask {
 public:
  using ControlTask::ControlTask;

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t) override;
  void on_stopped(uint64_t) override;

 private:
  std::shared_ptr<GroupWriter> writer_;
};

}  // namespace moq::session
