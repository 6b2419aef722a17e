#pragma once
// The subscriber side: subscriptions, announce/info/fetch requests, and the group streams a
// publisher sends back.

#include <deque>
#include <functional>
#include <memory>
#include <optional>

#include "frame_reader.h"
#include "moq/announced.h"
#include "moq/session.h"
#include "moq/track.h"
#include "moq/wire/info.h"
#include "task.h"

namespace moq::session {

class GroupReceiver;

TrackConsumer subscribe(SessionState& state, const Track& request, GroupRange range);
bool update_subscription(SessionState& state, const Path& path, const SubscriptionUpdate& update);
AnnouncedConsumer request_announced(SessionState& state, const Path& prefix);
void request_info(SessionState& state, const Path& path, std::function<void(const TrackInfo&)> on_info,
                  std::function<void(const Error&)> on_failed);
GroupConsumer request_fetch(SessionState& state, const Path& path, uint64_t group, uint64_t offset,
                            int8_t priority);

// One network subscription, feeding a local track that every local subscriber to the path
// shares. It ends (FIN) when the last local consumer is gone.
class RemoteSubscription : public ControlTask {
 public:
  RemoteSubscription(std::weak_ptr<SessionState> session, uint64_t id, Track request, GroupRange range,
                     TrackProducer producer);
  ~RemoteSubscription() override;

  // Opens the subscribe stream once setup is done; cancels when the last consumer goes.
  void start(SessionState& state);
  bool update(const SubscriptionUpdate& update);
  TrackProducer& producer() { return producer_; }
  void abandon(const Error& error) override { producer_.abort(error.code()); }
  // The publisher finished the subscribe stream while group headers were still unread.
  bool end_pending() const { return end_pending_; }
  // Finishes the track, after creating the groups that wait for it to be wanted (their data
  // still waits for it).
  void finish_track();
  // A group stream whose group waits for the track to be wanted (GroupReceiver). While the
  // track is wanted, waiting groups are created one at a time, oldest first, each once the
  // previous one's stream ended: so group starts never run ahead of the data held back.
  void add_waiting(const std::shared_ptr<GroupReceiver>& receiver);
  // A stream that was waiting, or whose group was created from waiting, ended.
  void waiting_ended(const GroupReceiver* receiver);
  // Whether groups wait or one created from waiting is still under way: a new group waits too.
  bool holds_back() const { return !waiting_.empty() || !admitted_.expired(); }

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t code) override;
  void on_stopped(uint64_t code) override;
  void on_error(const Error& error) override;

 private:
  void open();
  void cancel();
  void admit_waiting();

  uint64_t id_;
  Track request_;
  GroupRange range_;
  TrackProducer producer_;
  std::optional<wire::Info> info_;
  bool end_pending_ = false;
  std::deque<std::weak_ptr<GroupReceiver>> waiting_;
  std::weak_ptr<GroupReceiver> admitted_;  // created from waiting, its stream not ended yet
  bool admitting_ = false;
};

// A group stream from the publisher, written into the subscription's local track. Its data
// follows the track's demand: the stream is paused while every consumer is busy (no
// flow-control credit goes back to the publisher). A group that starts then is created only once
// the track is wanted again (or the subscription ends), one at a time (RemoteSubscription).
class GroupReceiver : public Task {
 public:
  GroupReceiver(std::weak_ptr<SessionState> session, std::shared_ptr<RecvStream> stream);
  ~GroupReceiver() override;
  void listen();
  void abandon(const Error& error) override;
  // Creates the group that waits for its track to be wanted; its data follows the demand.
  void create_waiting_group();

 private:
  void on_data(std::span<const uint8_t> data, bool fin);
  void on_reset(uint64_t code);
  void receive();
  // False while the header is incomplete (or the stream is over).
  bool read_header();
  void follow_demand();
  // Reads what came and resumes the stream.
  void read_on();
  void fail(uint64_t code);
  void settle_header();
  void stop_waiting();

  std::shared_ptr<RecvStream> stream_;
  wire::RecvBuffer buffer_;
  bool fin_ = false;
  bool typed_ = false;
  bool header_settled_ = false;
  std::optional<uint64_t> sequence_;  // from the header
  // Its track, for the demand; while the group waits, the subscription that creates it.
  std::optional<TrackProducer> track_;
  std::weak_ptr<RemoteSubscription> waiting_on_;
  std::optional<GroupProducer> group_;
  FrameReader frames_;
};

// An announce stream we opened; its announcements go into a local set.
class RemoteAnnounce : public ControlTask {
 public:
  RemoteAnnounce(std::weak_ptr<SessionState> session, Path prefix, AnnouncedProducer announced);
  void open();
  void abandon(const Error& error) override { announced_.abort(error.code()); }

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t code) override;
  void on_stopped(uint64_t code) override { on_peer_reset(code); }
  void on_error(const Error& error) override;

 private:
  void cancel();
  Path prefix_;
  AnnouncedProducer announced_;
};

class RemoteInfo : public ControlTask {
 public:
  RemoteInfo(std::weak_ptr<SessionState> session, Path path, std::function<void(const TrackInfo&)> on_info,
             std::function<void(const Error&)> on_failed);
  void open();
  void abandon(const Error& error) override { failed(error); }

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t code) override;
  void on_stopped(uint64_t code) override { on_peer_reset(code); }
  void on_error(const Error& error) override;

 private:
  void failed(const Error& error);
  Path path_;
  std::function<void(const TrackInfo&)> on_info_;
  std::function<void(const Error&)> on_failed_;
};

class RemoteFetch : public ControlTask {
 public:
  RemoteFetch(std::weak_ptr<SessionState> session, wire::Fetch request, TrackProducer track, GroupProducer group);
  void open();
  void abandon(const Error& error) override { group_.abort(error.code()); }

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t code) override;
  void on_stopped(uint64_t code) override { on_peer_reset(code); }
  void on_error(const Error& error) override;

 private:
  wire::Fetch request_;
  TrackProducer track_;
  GroupProducer group_;
  FrameReader frames_;
};

}  // namespace moq::session
