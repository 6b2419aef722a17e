#pragma once
// The subscriber side: subscriptions, announce/info/fetch requests, and the group streams a
// publisher sends back.

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
  void finish_track();

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t code) override;
  void on_stopped(uint64_t code) override;
  void on_error(const Error& error) override;

 private:
  void open();
  void cancel();

  uint64_t id_;
  Track request_;
  GroupRange range_;
  TrackProducer producer_;
  std::optional<wire::Info> info_;
  bool end_pending_ = false;
};

// A group stream from the publisher, written into the subscription's local track.
class GroupReceiver : public Task {
 public:
  GroupReceiver(std::weak_ptr<SessionState> session, std::shared_ptr<RecvStream> stream);
  ~GroupReceiver() override;
  void listen();
  void abandon(const Error& error) override;

 private:
  void on_data(std::span<const uint8_t> data, bool fin);
  void on_reset(uint64_t code);
  void receive(bool fin);
  void fail(uint64_t code);
  void settle_header();

  std::shared_ptr<RecvStream> stream_;
  wire::RecvBuffer buffer_;
  bool typed_ = false;
  bool header_settled_ = false;
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
