#include "dispatch.h"

#include "moq/wire/decode.h"
#include "publisher.h"
#include "session_state.h"
#include "setup.h"
#include "subscriber.h"

namespace moq::session {

void IncomingControlStream::on_receive() {
  auto state = session();
  if (!state) return;
  if (!type_) {
    type_ = buffer_.try_decode<wire::ControlType>();
    if (!type_) {
      // An empty stream is nothing; one that ends inside its type is malformed.
      if (fin_ && !buffer_.empty()) throw Error(code::decode, "stream ended inside its type");
      if (fin_) done();
      return;
    }
  }
  if (*type_ == wire::ControlType::session) {
    // Only the client opens it, and only once.
    if (state->is_client || state->session_stream.send) {
      throw Error(code::unexpected_stream, "unexpected session stream");
    }
    state->session_stream = stream_;
    auto task = std::make_shared<SessionStream>(session_, stream_, std::move(buffer_), fin_);
    state->add(task);
    done();
    task->listen();
    return;
  }
  if (!state->ready) {
    // A stream may overtake the session stream; it waits, still buffering, for setup.
    if (!waiting_for_setup_) {
      waiting_for_setup_ = true;
      auto self = std::static_pointer_cast<IncomingControlStream>(shared_from_this());
      state->after_setup([weak = std::weak_ptr(self)] {
        auto stream = weak.lock();
        auto state = stream ? stream->session() : nullptr;
        if (state) stream->dispatch(*state);
      });
    }
    return;
  }
  dispatch(*state);
}

void IncomingControlStream::dispatch(SessionState& state) {
  std::shared_ptr<ControlTask> task;
  switch (*type_) {
    case wire::ControlType::announce:
      if (state.count_tasks<ServedAnnounce>() >= state.options.max_peer_announce_requests) {
        fail(code::bounds_exceeded);
        return;
      }
      task = std::make_shared<ServedAnnounce>(session_, stream_, std::move(buffer_), fin_);
      break;
    case wire::ControlType::subscribe:
      if (state.count_tasks<ServedSubscription>() >= state.options.max_peer_subscriptions) {
        fail(code::bounds_exceeded);
        return;
      }
      task = std::make_shared<ServedSubscription>(session_, stream_, std::move(buffer_), fin_);
      break;
    case wire::ControlType::fetch:
      task = std::make_shared<ServedFetch>(session_, stream_, std::move(buffer_), fin_);
      break;
    case wire::ControlType::info:
      task = std::make_shared<ServedInfo>(session_, stream_, std::move(buffer_), fin_);
      break;
    case wire::ControlType::session:
      return;  // handled in on_receive
  }
  state.add(task);
  done();
  task->listen();
}

void accept_data_stream(SessionState& state, std::shared_ptr<RecvStream> stream) {
  auto task = std::make_shared<GroupReceiver>(state.weak_from_this(), std::move(stream));
  state.add(task);
  task->listen();
}

}  // namespace moq::session
