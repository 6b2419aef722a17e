#include "moq/session.h"

#include <utility>

#include "session_state.h"
#include "subscriber.h"

namespace moq {

Session Session::connect(std::shared_ptr<Connection> connection, SessionOptions options) {
  auto state = std::make_shared<detail::SessionState>(std::move(connection), std::move(options), true);
  state->start();
  return Session(std::move(state));
}

Session Session::accept(std::shared_ptr<Connection> connection, SessionOptions options) {
  auto state = std::make_shared<detail::SessionState>(std::move(connection), std::move(options), false);
  state->start();
  return Session(std::move(state));
}

Session::Session(std::shared_ptr<detail::SessionState> state) : state_(std::move(state)) {}
Session::Session(Session&&) noexcept = default;
Session& Session::operator=(Session&& other) noexcept {
  if (this != &other) {
    if (state_) state_->close(code::cancel, "session dropped");
    state_ = std::move(other.state_);
  }
  return *this;
}

Session::~Session() {
  if (state_) state_->close(code::cancel, "session dropped");
}

bool Session::ready() const { return state_->ready && !state_->closed; }
bool Session::closed() const { return state_->closed; }
const wire::Extensions& Session::peer_extensions() const { return state_->peer_extensions; }
uint64_t Session::peer_capabilities() const { return state_->peer_capabilities; }

void Session::publish(BroadcastConsumer broadcast) {
  if (!state_->local_origin) throw Error(code::protocol_violation, "the session serves an origin of its own");
  state_->local_origin->publish(std::move(broadcast));
}

void Session::publish(TrackConsumer track) {
  if (!state_->local_origin) throw Error(code::protocol_violation, "the session serves an origin of its own");
  state_->local_origin->publish(std::move(track));
}

TrackConsumer Session::subscribe(const Track& request, GroupRange range) {
  return session::subscribe(*state_, request, range);
}

bool Session::update(const Path& path, const SubscriptionUpdate& update) {
  return session::update_subscription(*state_, path, update);
}

AnnouncedConsumer Session::announced(const Path& prefix) { return session::request_announced(*state_, prefix); }

void Session::info(const Path& path, std::function<void(const TrackInfo&)> on_info,
                   std::function<void(const Error&)> on_failed) {
  session::request_info(*state_, path, std::move(on_info), std::move(on_failed));
}

GroupConsumer Session::fetch(const Path& path, uint64_t group, uint64_t offset, int8_t priority) {
  return session::request_fetch(*state_, path, group, offset, priority);
}

void Session::close(uint64_t code, std::string_view reason) { state_->close(code, reason); }

}  // namespace moq
