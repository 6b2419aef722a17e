#include <algorithm>
#include <utility>

#include "moq/wire/decode.h"
#include "session_state.h"
#include "subscriber.h"

namespace moq::session {

GroupReceiver::GroupReceiver(std::weak_ptr<SessionState> session, std::shared_ptr<RecvStream> stream)
    : Task(std::move(session)), stream_(std::move(stream)) {
  if (auto state = this->session()) ++state->unread_group_headers;
}

GroupReceiver::~GroupReceiver() {
  stop_waiting();
  settle_header();
}

void GroupReceiver::settle_header() {
  if (header_settled_) return;
  header_settled_ = true;
  if (auto state = session()) state->group_header_settled();
}

void GroupReceiver::stop_waiting() {
  track_.reset();
  if (auto subscription = std::exchange(waiting_on_, {}).lock()) subscription->waiting_ended(this);
}

void GroupReceiver::listen() {
  stream_->on_data(callback(&GroupReceiver::on_data));
  stream_->on_reset(callback(&GroupReceiver::on_reset));
}

void GroupReceiver::abandon(const Error& error) {
  if (!group_) return;
  if (fin_) {
    // The whole group is here, held back only for a subscriber that was behind: it is ours,
    // and the publisher saw it acknowledged, so it goes to the group rather than with the session.
    try {
      receive();
      return;
    } catch (const Error&) {
      // Malformed, or the track went first: aborted below like any group cut short.
    }
  }
  group_->abort(error.code());
}

void GroupReceiver::on_data(std::span<const uint8_t> data, bool fin) {
  // What a paused stream held comes at once (a frame or more): taken in slices, so that frames
  // are written as they are parsed and the buffer keeps to its limit, as for data as it arrives.
  constexpr size_t slice = 64 * 1024;
  try {
    do {
      auto part = data.first(std::min(slice, data.size()));
      data = data.subspan(part.size());
      buffer_.append(part);
      fin_ = fin && data.empty();
      receive();
    } while (!data.empty() && !is_done());
  } catch (const Error& error) {
    fail(error.code());
  }
}

void GroupReceiver::receive() {
  if (!typed_) {
    // The only data type is Group; anything else is a decode error (5).
    if (!buffer_.try_decode<wire::DataType>()) {
      // Ended inside the type: fail, or the task would wait for data that cannot come.
      if (fin_) throw Error(code::decode, "group stream ended inside its type");
      return;
    }
    typed_ = true;
  }
  if (!sequence_ && !read_header()) return;
  if (!group_) return;  // waits for the track to be wanted
  frames_.read(buffer_, *group_);
  if (fin_) {
    frames_.finish(buffer_, *group_);
    done();
  }
}

bool GroupReceiver::read_header() {
  auto header = buffer_.try_decode<wire::Group>();
  if (!header) {
    if (fin_) throw Error(code::decode, "group stream ended inside its header");
    return false;
  }
  auto state = session();
  if (!state) return false;
  auto it = state->subscriptions_by_id.find(header->subscribe);
  auto subscription = it == state->subscriptions_by_id.end() ? nullptr : it->second.lock();
  if (!subscription) {
    // Not (or no longer) subscribed: as the reference, stop it with 0.
    stream_->stop(code::cancel);
    settle_header();
    done();
    return false;
  }
  sequence_ = header->sequence;
  // A handle of our own: the subscription may end before this group does.
  track_ = subscription->producer();
  if (!track_->wanted() || subscription->holds_back()) {
    // Every reader of the track is behind (or was, and earlier groups still wait): the group
    // waits, its stream paused, so that neither its data nor its existence goes on (a publisher
    // pacing itself on what subscribers started would run ahead). The subscription creates it.
    waiting_on_ = subscription;
    stream_->pause();
    subscription->add_waiting(std::static_pointer_cast<GroupReceiver>(shared_from_this()));
  } else {
    group_ = track_->create_group(*sequence_);
    track_->on_wanted(callback(&GroupReceiver::follow_demand));
  }
  settle_header();
  return true;
}

void GroupReceiver::follow_demand() {
  if (track_->wanted()) {
    read_on();
  } else {
    stream_->pause();
  }
}

void GroupReceiver::create_waiting_group() {
  auto self = shared_from_this();  // the subscription may hold the last other reference
  try {
    group_ = track_->create_group(*sequence_);
  } catch (const Error& error) {
    fail(error.code());
    return;
  }
  track_->on_wanted(callback(&GroupReceiver::follow_demand));
  // Created at the subscription's end, the group's data (what came with the header too) may
  // still have to wait.
  if (track_->wanted()) read_on();
}

void GroupReceiver::read_on() {
  auto self = shared_from_this();
  try {
    receive();
  } catch (const Error& error) {
    fail(error.code());
    return;
  }
  if (!is_done()) stream_->resume();
}

void GroupReceiver::on_reset(uint64_t code) {
  if (group_) group_->abort(code);
  stop_waiting();
  settle_header();
  done();
}

void GroupReceiver::fail(uint64_t code) {
  stream_->stop(code);
  if (group_) group_->abort(code);
  stop_waiting();
  settle_header();
  done();
}

}  // namespace moq::session
