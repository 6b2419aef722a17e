#include <algorithm>
#include <chrono>
#include <optional>
#include <utility>
#include <variant>

#include "moq/wire/decode.h"
#include "publisher.h"
#include "session_state.h"

namespace moq::session {

ServedSubscription::~ServedSubscription() {
  // Ending any other way than cleanly leaves group streams open: nobody reads them any more.
  for (auto& [sequence, group] : groups_) group->reset(code::cancel);
  if (id_) {
    if (auto state = session()) state->served_subscribe_ids.erase(*id_);
  }
}

void ServedSubscription::on_receive() {
  if (!track_) {
    auto subscribe = buffer_.try_decode<wire::Subscribe>();
    if (!subscribe) {
      if (fin_ && !buffer_.empty()) throw Error(code::decode, "stream ended inside a message");
      if (fin_) done();
      return;
    }
    start(*subscribe);
    if (is_done()) return;
  }
  while (auto update = buffer_.try_decode<wire::SubscribeUpdate>()) apply(*update);
  if (fin_) {
    // The subscriber is done with it.
    stream_.send->finish();
    done();
  }
}

void ServedSubscription::on_peer_reset(uint64_t) {
  stream_.send->reset(code::cancel);
  done();
}

void ServedSubscription::on_stopped(uint64_t code) {
  stream_.send->reset(code);
  done();
}

void ServedSubscription::start(const wire::Subscribe& subscribe) {
  auto state = session();
  if (!state) return;
  if (!state->served_subscribe_ids.insert(subscribe.id).second) {
    throw Error(code::duplicate, "subscribe id " + std::to_string(subscribe.id) + " is in use");
  }
  id_ = subscribe.id;
  priority_ = subscribe.priority;
  order_ = subscribe.group_order;
  expires_ = subscribe.group_expires;
  range_ = {subscribe.group_min, subscribe.group_max};
  track_ = state->origin().track(subscribe.path, range_);
  if (!track_) throw Error(code::not_found, "no track " + subscribe.path.to_string());
  const wire::Info info = info_of(*track_);
  expected_ = range_.min.value_or(info.group_latest);
  wire::Writer writer;
  encode(writer, info);
  stream_.send->write(writer.finish());
  track_->on_change(callback(&ServedSubscription::pump));
  pump();
}

void ServedSubscription::apply(const wire::SubscribeUpdate& update) {
  priority_ = update.priority;
  order_ = update.group_order;
  expires_ = update.group_expires;
  range_ = {update.group_min, update.group_max};
  std::vector<uint64_t> unwanted;
  for (auto& [sequence, group] : groups_) {
    if ((range_.min && sequence < *range_.min) || (range_.max && sequence > *range_.max)) {
      unwanted.push_back(sequence);
    } else {
      group->stream().set_priority(priority_of(sequence));
    }
  }
  for (uint64_t sequence : unwanted) {
    groups_[sequence]->reset(code::cancel);
    groups_.erase(sequence);
  }
  auto latest = track_->latest_sequence();
  if (range_.max && latest && *latest > *range_.max) track_ended_ = true;
  finish_if_done();
}

void ServedSubscription::pump() {
  auto self = shared_from_this();
  while (track_ && !track_ended_) {
    std::optional<Poll<TrackConsumer::Item>> next;
    try {
      next = track_->next_group();
    } catch (const Error& error) {
      // The track was aborted: its code is the subscription's.
      fail(error.code());
      return;
    }
    if (next->is_pending()) break;
    if (next->is_end()) {
      track_ended_ = true;
      break;
    }
    auto& item = next->value();
    if (auto* dropped = std::get_if<GroupsDropped>(&item)) {
      report_dropped(dropped->first, dropped->count, dropped->code);
    } else {
      serve_group(std::move(std::get<GroupConsumer>(item)));
    }
  }
  drop_expired();
  drop_backlog();
  finish_if_done();
}

void ServedSubscription::serve_group(GroupConsumer group) {
  auto state = session();
  if (!state) return;
  uint64_t sequence = group.sequence();
  if (range_.min && sequence < *range_.min) return;
  if (range_.max && sequence > *range_.max) {
    track_ended_ = true;
    return;
  }
  // Only the newest group is not superseded: a newer one supersedes it, an older one (late)
  // arrives superseded.
  auto now = state->options.clock();
  std::optional<std::chrono::steady_clock::time_point> superseded_at;
  if (!groups_.empty()) {
    auto& newest = *groups_.rbegin();
    if (newest.first < sequence) {
      newest.second->superseded_at = now;
    } else {
      superseded_at = now;
    }
  }
  report_dropped(sequence, 0, code::cancel);
  expected_ = std::max(expected_, sequence + 1);
  std::shared_ptr<SendStream> stream;
  try {
    stream = state->connection->open_uni();
  } catch (const Error&) {
    return;  // the connection is closing; the session ends this task shortly
  }
  stream->set_priority(priority_of(sequence));
  auto writer = std::make_shared<GroupWriter>(std::move(stream), std::move(group));
  writer->superseded_at = superseded_at;
  groups_[sequence] = writer;
  wire::Writer header;
  encode(header, wire::DataType::group);
  encode(header, wire::Group{*id_, sequence});
  std::weak_ptr<ServedSubscription> weak = std::static_pointer_cast<ServedSubscription>(shared_from_this());
  writer->on_unacked([weak](uint64_t before, uint64_t after) {
    if (auto self = weak.lock()) self->unacked_changed(before, after);
  });
  writer->start(header.finish(), [weak, sequence] {
    if (auto self = weak.lock()) self->group_ended(sequence);
  });
}

void ServedSubscription::group_ended(uint64_t sequence) {
  auto self = shared_from_this();
  groups_.erase(sequence);
  drop_expired();
  finish_if_done();
}

void ServedSubscription::drop_group(uint64_t sequence) {
  auto it = groups_.find(sequence);
  if (it == groups_.end()) return;
  it->second->reset(code::cancel);
  groups_.erase(it);
  wire::Writer writer;
  encode(writer, wire::GroupDrop{sequence, 0, code::cancel});
  stream_.send->write(writer.finish());
}

void ServedSubscription::report_dropped(uint64_t first, uint64_t count, uint64_t code) {
  wire::Writer writer;
  if (first > expected_) {
    // Sequences skipped without a report (gaps, or before the first group we serve).
    encode(writer, wire::GroupDrop{expected_, first - expected_ - 1, code::cancel});
  }
  if (count > 0) encode(writer, wire::GroupDrop{first, count - 1, code});
  expected_ = std::max(expected_, first + count);
  if (writer.size() > 0) stream_.send->write(writer.finish());
}

void ServedSubscription::drop_expired() {
  auto state = session();
  auto expiry = this->expiry();
  if (!state || expiry.count() == 0) return;
  auto now = state->options.clock();
  std::vector<uint64_t> expired;
  for (auto& [sequence, writer] : groups_) {
    if (writer->superseded_at && now - *writer->superseded_at >= expiry) expired.push_back(sequence);
  }
  for (uint64_t sequence : expired) drop_group(sequence);
}

void ServedSubscription::drop_backlog() {
  auto state = session();
  if (!state) return;
  const auto& options = state->options;
  // The newest group is never dropped: it is what the subscriber wants most. Dropping a group
  // resets its stream, which takes its bytes out of unacked_bytes_.
  while (groups_.size() > 1 &&
         (groups_.size() > options.max_backlog_groups || unacked_bytes_ > options.max_backlog_bytes)) {
    drop_group(groups_.begin()->first);
  }
}

void ServedSubscription::unacked_changed(uint64_t before, uint64_t after) {
  unacked_bytes_ = unacked_bytes_ - before + after;
  if (before == 0) ++unacked_streams_;
  if (after == 0) --unacked_streams_;
  update_busy();
}

void ServedSubscription::update_busy() {
  auto state = session();
  if (!state || !track_) return;
  // Busy at half the bounds leaves the other half for what is already on its way when the
  // upstream stops (a relay: one upstream stream's held data per resume, new groups' first
  // bytes), so a subscriber held back this way never reaches the drops. Counted are streams
  // with unacknowledged bytes, not open ones: those waiting for more data are not behind, and
  // acknowledgements alone must be able to end busy, or a paused upstream would never resume.
  const uint64_t bytes = state->options.max_backlog_bytes;
  const size_t streams = state->options.max_backlog_groups;
  bool busy = busy_;
  if (unacked_bytes_ > bytes / 2 || unacked_streams_ > streams / 2) {
    busy = true;
  } else if (unacked_bytes_ <= bytes / 4 && unacked_streams_ <= streams / 4) {
    busy = false;
  }
  if (busy == busy_) return;
  busy_ = busy;
  track_->set_busy(busy);
}

void ServedSubscription::finish_if_done() {
  if (!track_ended_ || !groups_.empty()) return;
  // Only now: a 0.8.0 subscriber forgets the id at the FIN and would refuse late group streams.
  stream_.send->finish();
  done();
}

int64_t ServedSubscription::priority_of(uint64_t sequence) const {
  return group_priority(priority_, order_ == wire::GroupOrder::descending, sequence);
}

std::chrono::milliseconds ServedSubscription::expiry() const {
  // The stricter of what the subscriber asked for and what the track says; 0 is never.
  auto track = track_ ? track_->track().group_expires : std::chrono::milliseconds(0);
  if (expires_.count() == 0) return track;
  if (track.count() == 0) return expires_;
  return std::min(expires_, track);
}

}  // namespace moq::session
