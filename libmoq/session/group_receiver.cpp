#include <utility>

#include "moq/wire/decode.h"
#include "session_state.h"
#include "subscriber.h"

namespace moq::session {

GroupReceiver::GroupReceiver(std::weak_ptr<SessionState> session, std::shared_ptr<RecvStream> stream)
    : Task(std::move(session)), stream_(std::move(stream)) {
  if (auto state = this->session()) ++state->unread_group_headers;
}

GroupReceiver::~GroupReceiver() { settle_header(); }

void GroupReceiver::settle_header() {
  if (header_settled_) return;
  header_settled_ = true;
  if (auto state = session()) state->group_header_settled();
}

void GroupReceiver::listen() {
  stream_->on_data(callback(&GroupReceiver::on_data));
  stream_->on_reset(callback(&GroupReceiver::on_reset));
}

void GroupReceiver::abandon(const Error& error) {
  if (group_) group_->abort(error.code());
}

void GroupReceiver::on_data(std::span<const uint8_t> data, bool fin) {
  try {
    buffer_.append(data);
    receive(fin);
  } catch (const Error& error) {
    fail(error.code());
  }
}

void GroupReceiver::receive(bool fin) {
  if (!typed_) {
    // The only data type is Group; anything else is a decode error (5).
    if (!buffer_.try_decode<wire::DataType>()) {
      // Ended inside the type: fail, or the task would wait for data that cannot come.
      if (fin) throw Error(code::decode, "group stream ended inside its type");
      return;
    }
    typed_ = true;
  }
  if (!group_) {
    auto header = buffer_.try_decode<wire::Group>();
    if (!header) {
      if (fin) throw Error(code::decode, "group stream ended inside its header");
      return;
    }
    auto state = session();
    if (!state) return;
    auto it = state->subscriptions_by_id.find(header->subscribe);
    auto subscription = it == state->subscriptions_by_id.end() ? nullptr : it->second.lock();
    if (!subscription) {
      // Not (or no longer) subscribed: as the reference, stop it with 0.
      stream_->stop(code::cancel);
      settle_header();
      done();
      return;
    }
    group_ = subscription->producer().create_group(header->sequence);
    settle_header();
  }
  frames_.read(buffer_, *group_);
  if (fin) {
    frames_.finish(buffer_, *group_);
    done();
  }
}

void GroupReceiver::on_reset(uint64_t code) {
  if (group_) group_->abort(code);
  settle_header();
  done();
}

void GroupReceiver::fail(uint64_t code) {
  stream_->stop(code);
  if (group_) group_->abort(code);
  settle_header();
  done();
}

}  // namespace moq::session
