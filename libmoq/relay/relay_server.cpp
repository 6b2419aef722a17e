#include <utility>

#include "counting_connection.h"
#include "moq/relay.h"

namespace moq {

RelayServer::RelayServer(EventLoop& loop, RelayServerOptions options)
    : loop_(loop), options_(std::move(options)), traffic_(std::make_shared<relay::TrafficCounters>()) {
  if (!options_.origin.log) options_.origin.log = options_.log;
  origin_ = std::make_shared<RelayOrigin>(loop_, options_.origin);
  server_ = std::make_unique<QuicServer>(loop_, options_.quic, [this](std::shared_ptr<QuicConnection> connection) {
    accept(std::move(connection));
  });
}

RelayServer::~RelayServer() {
  // Sessions first: their teardown reaches into the origin.
  sessions_.clear();
  server_.reset();
}

uint16_t RelayServer::local_port() const { return server_->local_port(); }

void RelayServer::log(RelayLogLevel level, const std::string& line) const {
  if (options_.log) options_.log(level, line);
}

void RelayServer::accept(std::shared_ptr<QuicConnection> connection) {
  if (stopping_) {
    connection->close(code::cancel, "relay shutting down");
    return;
  }
  if (sessions_.size() >= options_.max_sessions) {
    ++sessions_refused_;
    log(RelayLogLevel::warn, "refused " + connection->peer_address() + ": " + std::to_string(sessions_.size()) +
                                 " sessions already (--max-sessions)");
    connection->close(code::bounds_exceeded, "relay full: " + std::to_string(options_.max_sessions) + " sessions");
    return;
  }
  uint64_t id = next_id_++;
  log(RelayLogLevel::info, "session " + std::to_string(id) + ": accepted from " + connection->peer_address());
  SessionOptions session_options;
  session_options.origin = origin_;
  session_options.max_backlog_groups = options_.max_backlog_groups;
  session_options.max_backlog_bytes = options_.max_backlog_bytes;
  // The relay reads its upstream tracks as groups arrive; their bound is in bytes, not in the
  // count of tiny groups a publisher may burst.
  session_options.track_options.backlog_groups = options_.max_backlog_groups;
  session_options.track_options.backlog_bytes = options_.max_backlog_bytes;
  session_options.on_ready = [this, id] { log(RelayLogLevel::debug, "session " + std::to_string(id) + ": ready"); };
  session_options.on_closed = [this, id](const Error& error) { closed(id, error); };
  auto counted = std::make_shared<relay::CountingConnection>(std::move(connection), traffic_);
  auto& session = sessions_.emplace(id, Session::accept(std::move(counted), std::move(session_options))).first->second;
  // Every session may publish: follow all it announces, pull its tracks on demand.
  origin_->add_publisher(
      id, session.announced(Path{}),
      [this, id](const Track& track) {
        auto it = sessions_.find(id);
        if (it == sessions_.end()) throw Error(code::not_found, "session " + std::to_string(id) + " is gone");
        return it->second.subscribe(track);
      },
      [this, id](const Error& refusal) {
        auto it = sessions_.find(id);
        if (it != sessions_.end()) it->second.close(refusal.code(), refusal.what());
      });
}

void RelayServer::closed(uint64_t id, const Error& error) {
  log(RelayLogLevel::info, "session " + std::to_string(id) + ": closed (" + code_name(error.code()) +
                               (std::string_view(error.what()).empty() ? "" : ": " + std::string(error.what())) + ")");
  origin_->remove_publisher(id);
  // Not from inside the session's own callback.
  loop_.post([self = std::weak_ptr(self_), id] {
    if (auto server = self.lock()) (*server)->sessions_.erase(id);
  });
}

void RelayServer::shutdown() {
  stopping_ = true;
  log(RelayLogLevel::info, "shutting down: closing " + std::to_string(sessions_.size()) + " sessions");
  for (auto& [id, session] : sessions_) session.close(code::cancel, "relay shutting down");
}

RelayStats RelayServer::stats() const {
  RelayStats stats = origin_->stats();
  stats.sessions = sessions_.size();
  stats.sessions_refused = sessions_refused_;
  stats.groups_out = traffic_->groups_out;
  stats.bytes_out = traffic_->bytes_out;
  stats.groups_reset_out = traffic_->groups_reset_out;
  return stats;
}

}  // namespace moq
