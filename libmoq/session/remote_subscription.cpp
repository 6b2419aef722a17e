#include <utility>

#include "moq/wire/decode.h"
#include "session_state.h"
#include "subscriber.h"

namespace moq::session {

TrackConsumer subscribe(SessionState& state, const Track& request, GroupRange range) {
  auto& by_path = state.subscriptions_by_path;
  if (auto it = by_path.find(request.path); it != by_path.end()) {
    if (auto existing = it->second.lock()) return existing->producer().consume(range);
  }
  // Groups arrive on streams of their own, in any order: the local track puts them back in order.
  TrackOptions options = state.options.track_options;
  options.strict_order = true;
  TrackProducer producer(request, options);
  TrackConsumer consumer = producer.consume(range);
  if (state.closed) {
    producer.abort(state.close_error.code());
    return consumer;
  }
  uint64_t id = state.next_subscribe_id++;
  auto task = std::make_shared<RemoteSubscription>(state.weak_from_this(), id, request, range, std::move(producer));
  state.add(task);
  state.subscriptions_by_id[id] = task;
  by_path[request.path] = task;
  task->start(state);
  return consumer;
}

bool update_subscription(SessionState& state, const Path& path, const SubscriptionUpdate& update) {
  auto it = state.subscriptions_by_path.find(path);
  if (it == state.subscriptions_by_path.end()) return false;
  auto task = it->second.lock();
  return task && task->update(update);
}

RemoteSubscription::RemoteSubscription(std::weak_ptr<SessionState> session, uint64_t id, Track request,
                                       GroupRange range, TrackProducer producer)
    : ControlTask(std::move(session), {}),
      id_(id),
      request_(std::move(request)),
      range_(range),
      producer_(std::move(producer)) {}

RemoteSubscription::~RemoteSubscription() {
  auto state = session();
  if (!state) return;
  state->subscriptions_by_id.erase(id_);
  auto it = state->subscriptions_by_path.find(request_.path);
  if (it != state->subscriptions_by_path.end() && it->second.expired()) state->subscriptions_by_path.erase(it);
}

void RemoteSubscription::start(SessionState& state) {
  producer_.on_unused(callback(&RemoteSubscription::cancel));
  producer_.on_wanted(callback(&RemoteSubscription::admit_waiting));
  state.after_setup([weak = weak_from_this()] {
    if (auto task = std::static_pointer_cast<RemoteSubscription>(weak.lock())) task->open();
  });
}

void RemoteSubscription::open() {
  wire::Writer writer;
  encode(writer, wire::ControlType::subscribe);
  encode(writer, wire::Subscribe{id_, request_.path, request_.priority,
                                 static_cast<wire::GroupOrder>(request_.group_order), request_.group_expires,
                                 range_.min, range_.max});
  if (open_stream(writer.finish(), false)) listen();
}

bool RemoteSubscription::update(const SubscriptionUpdate& update) {
  auto state = session();
  if (!state || !stream_.send || !state->peer_can(capability::subscribe_update)) return false;
  wire::Writer writer;
  encode(writer, wire::SubscribeUpdate{update.priority, static_cast<wire::GroupOrder>(update.group_order),
                                       update.group_expires, update.range.min, update.range.max});
  stream_.send->write(writer.finish());
  return true;
}

void RemoteSubscription::cancel() {
  if (stream_.send) {
    stream_.send->finish();
    stream_.recv->stop(code::cancel);
  }
  done();
}

void RemoteSubscription::on_receive() {
  if (!info_) {
    info_ = buffer_.try_decode<wire::Info>();
    if (!info_ && !fin_) return;
    // Without a group_min the publisher serves from its latest group, which Info names (0 for
    // none yet); either way it reports the sequences it skips from the start with GroupDrop.
    if (info_) producer_.set_start(range_.min.value_or(info_->group_latest));
  }
  // The wire count is the number of groups after the first.
  while (auto drop = buffer_.try_decode<wire::GroupDrop>()) {
    producer_.drop_groups(drop->sequence, drop->count + 1, drop->code);
  }
  if (fin_) {
    // The publisher finishes only after our side acknowledged every group stream, but a stream
    // may not be read yet (held for a loop iteration).
    end_pending_ = true;
    auto state = session();
    if (state && state->unread_group_headers > 0) return;
    finish_track();
  }
}

void RemoteSubscription::finish_track() {
  end_pending_ = false;
  // Groups waiting for the track to be wanted must exist before it finishes; their data still
  // follows the demand.
  for (const auto& weak : std::exchange(waiting_, {})) {
    if (auto receiver = weak.lock()) receiver->create_waiting_group();
  }
  producer_.finish();
  done();
}

void RemoteSubscription::add_waiting(const std::shared_ptr<GroupReceiver>& receiver) {
  waiting_.push_back(receiver);
  admit_waiting();
}

void RemoteSubscription::waiting_ended(const GroupReceiver* receiver) {
  std::erase_if(waiting_, [receiver](const std::weak_ptr<GroupReceiver>& weak) {
    auto locked = weak.lock();
    return !locked || locked.get() == receiver;
  });
  if (auto admitted = admitted_.lock(); !admitted || admitted.get() == receiver) {
    admitted_.reset();
    admit_waiting();
  }
}

void RemoteSubscription::admit_waiting() {
  if (admitting_) return;  // a group created here may end at once: the loop goes on
  admitting_ = true;
  while (producer_.wanted() && admitted_.expired() && !waiting_.empty()) {
    auto receiver = waiting_.front().lock();
    waiting_.pop_front();
    if (!receiver) continue;
    admitted_ = receiver;
    receiver->create_waiting_group();
  }
  admitting_ = false;
}

void RemoteSubscription::on_peer_reset(uint64_t code) {
  producer_.abort(code);
  stream_.send->reset(code::cancel);
  done();
}

void RemoteSubscription::on_stopped(uint64_t code) {
  producer_.abort(code);
  stream_.send->reset(code::cancel);
  stream_.recv->stop(code::cancel);
  done();
}

void RemoteSubscription::on_error(const Error& error) {
  producer_.abort(error.code());
  fail(error.code());
}

}  // namespace moq::session
