#include "session_state.h"
#include "subscriber.h"

#include <utility>

#include "dispatch.h"
#include "setup.h"

namespace moq::detail {

SessionState::SessionState(std::shared_ptr<Connection> connection_, SessionOptions options_, bool is_client_)
    : connection(std::move(connection_)), options(std::move(options_)), is_client(is_client_) {
  if (!options.origin) local_origin = std::make_shared<LocalOrigin>();
}

wire::Extensions SessionState::setup_extensions() const {
  wire::Extensions extensions = options.extensions;
  if (options.capabilities != 0) {
    wire::Writer writer;
    writer.varint(options.capabilities);
    extensions[extension::capabilities] = writer.finish();
  }
  return extensions;
}

void SessionState::start() {
  std::weak_ptr<SessionState> weak = weak_from_this();
  connection->on_closed([weak](const Error& error) {
    if (auto self = weak.lock()) self->on_connection_closed(error);
  });
  connection->on_bi([weak](BiStream stream) {
    if (auto self = weak.lock()) self->accept_bi(std::move(stream));
  });
  connection->on_uni([weak](std::shared_ptr<RecvStream> stream) {
    if (auto self = weak.lock()) self->accept_uni(std::move(stream));
  });
  if (!is_client) return;
  try {
    session_stream = connection->open_bi();
  } catch (const Error& error) {
    on_connection_closed(error);
    return;
  }
  auto task = std::make_shared<session::SessionStream>(weak, session_stream);
  add(task);
  task->send_client_setup();
  task->listen();
}

void SessionState::after_setup(std::function<void()> work) {
  if (ready) {
    work();
  } else if (!closed) {
    when_ready.push_back(std::move(work));
  }
}

void SessionState::set_ready(const wire::Extensions& extensions) {
  peer_extensions = extensions;
  peer_capabilities = session::capabilities_of(extensions);
  ready = true;
  auto self = shared_from_this();  // the work below may drop the last outside reference
  for (auto& work : std::exchange(when_ready, {})) work();
  if (options.on_ready && !closed) options.on_ready();
}

void SessionState::close(uint64_t code, std::string_view reason) {
  if (closed || connection->closed()) return;
  connection->close(code, reason);
}

void SessionState::on_connection_closed(const Error& error) {
  if (closed) return;
  closed = true;
  close_error = error;
  auto self = shared_from_this();
  when_ready.clear();
  auto ended = std::exchange(tasks, {});
  for (auto& [task, owned] : ended) owned->abandon(error);
  ended.clear();
  if (options.on_closed) options.on_closed(error);
}

void SessionState::accept_bi(BiStream stream) {
  if (closed) return;
  auto task = std::make_shared<session::IncomingControlStream>(weak_from_this(), std::move(stream));
  add(task);
  task->listen();
}

void SessionState::accept_uni(std::shared_ptr<RecvStream> stream) {
  if (closed) return;
  session::accept_data_stream(*this, std::move(stream));
}

void SessionState::group_header_settled() {
  if (--unread_group_headers > 0) return;
  std::vector<std::shared_ptr<session::RemoteSubscription>> ended;
  for (auto& [id, weak] : subscriptions_by_id) {
    if (auto subscription = weak.lock(); subscription && subscription->end_pending()) ended.push_back(subscription);
  }
  for (auto& subscription : ended) subscription->finish_track();
}

}  // namespace moq::detail
