#include <utility>

#include "authorized_origin.h"
#include "cluster_link.h"
#include "counting_connection.h"
#include "moq/relay.h"
#include "moq/url.h"

namespace moq {

RelayServer::RelayServer(EventLoop& loop, RelayServerOptions options)
    : loop_(loop), options_(std::move(options)), traffic_(std::make_shared<relay::TrafficCounters>()) {
  if (!options_.origin.log) options_.origin.log = options_.log;
  origin_ = std::make_shared<RelayOrigin>(loop_, options_.origin);
  // A WebTransport session may complete its CONNECT after this server is gone.
  webtransport_ = std::make_unique<WebTransportServer>(
      loop_, [self = std::weak_ptr(self_)](std::shared_ptr<Connection> session) {
        if (auto server = self.lock()) (*server)->accept(std::move(session));
      });
  WebTransportServer::configure(options_.quic.quic);
  server_ = std::make_unique<QuicServer>(loop_, options_.quic, [this](std::shared_ptr<QuicConnection> connection) {
    accept_quic(std::move(connection));
  });
  if (!options_.cluster.root.empty()) {
    SessionOptions link_options;
    link_options.max_backlog_groups = options_.max_backlog_groups;
    link_options.max_backlog_bytes = options_.max_backlog_bytes;
    link_options.track_options.backlog_groups = options_.max_backlog_groups;
    link_options.track_options.backlog_bytes = options_.max_backlog_bytes;
    cluster_ = std::make_unique<relay::ClusterLink>(loop_, origin_, options_.cluster, std::move(link_options),
                                                    [this] { return next_id_++; }, options_.log);
  }
}

RelayServer::~RelayServer() {
  // Sessions first: their teardown reaches into the origin.
  cluster_.reset();
  sessions_.clear();
  server_.reset();
}

uint16_t RelayServer::local_port() const { return server_->local_port(); }

void RelayServer::log(RelayLogLevel level, const std::string& line) const {
  if (options_.log) options_.log(level, line);
}

void RelayServer::accept_quic(std::shared_ptr<QuicConnection> connection) {
  if (connection->alpn() == alpn_h3 && !stopping_) {
    webtransport_->accept(std::move(connection));
  } else {
    accept(std::move(connection));
  }
}

void RelayServer::accept(std::shared_ptr<Connection> connection) {
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
  log(RelayLogLevel::info, "session " + std::to_string(id) + ": accepted from " + connection->peer_address() + " over " +
                               connection->protocol());
  SessionOptions session_options;
  session_options.origin = origin_;
  session_options.max_backlog_groups = options_.max_backlog_groups;
  session_options.max_backlog_bytes = options_.max_backlog_bytes;
  session_options.max_peer_subscriptions = options_.max_subscriptions;
  session_options.max_peer_announce_requests = options_.max_announce_requests;
  // The relay reads its upstream tracks as groups arrive; their bound is in bytes, not in the
  // count of tiny groups a publisher may burst.
  session_options.track_options.backlog_groups = options_.max_backlog_groups;
  session_options.track_options.backlog_bytes = options_.max_backlog_bytes;
  // With a key, the session sees nothing of the relay until its token is checked.
  std::shared_ptr<relay::AuthorizedOrigin> access;
  if (options_.auth_key) {
    access = std::make_shared<relay::AuthorizedOrigin>(origin_, [this, id](const std::string& line) {
      log(RelayLogLevel::warn, "session " + std::to_string(id) + ": " + line);
    });
    session_options.origin = access;
  }
  session_options.on_ready = [this, id, access, connect_path = connection->path()] {
    unready_.erase(id);
    log(RelayLogLevel::debug, "session " + std::to_string(id) + ": ready");
    if (access) authorize(id, *access, connect_path);
  };
  session_options.on_closed = [this, id](const Error& error) { closed(id, error); };
  auto counted = std::make_shared<relay::CountingConnection>(std::move(connection), traffic_);
  auto& session = sessions_.emplace(id, Session::accept(std::move(counted), std::move(session_options))).first->second;
  unready_.emplace(id, loop_.now());
  if (!setup_timer_.armed()) setup_timer_.arm_after(options_.setup_timeout);
  // Every session may publish: follow all it announces, pull its tracks on demand.
  origin_->add_publisher(
      id, session.announced(Path{}),
      [this, id](const Track& track, GroupRange range) {
        auto it = sessions_.find(id);
        if (it == sessions_.end()) throw Error(code::not_found, "session " + std::to_string(id) + " is gone");
        return it->second.subscribe(track, range);
      },
      [this, id](const Error& refusal) {
        auto it = sessions_.find(id);
        if (it != sessions_.end()) it->second.close(refusal.code(), refusal.what());
      },
      access ? RelayOrigin::MayPublish([access](const Path& path) { return access->may_publish(path); }) : nullptr);
}

void RelayServer::authorize(uint64_t id, relay::AuthorizedOrigin& access, const std::string& connect_path) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  // Raw QUIC has no request: the token travels in the setup. WebTransport's is in the path.
  std::string token;
  const wire::Extensions& extensions = it->second.peer_extensions();
  if (auto extension = extensions.find(extension::auth_token); extension != extensions.end()) {
    token = std::string(extension->second.view());
  } else if (auto parameter = query_parameter(connect_path, "jwt")) {
    token = *parameter;
  }
  try {
    auth::Claims claims = auth::verify(*options_.auth_key, token);
    auto scope = [](const std::optional<Path>& prefix) {
      if (!prefix) return std::string("(nothing)");
      return prefix->empty() ? std::string("(everything)") : prefix->to_string() + "/";
    };
    log(RelayLogLevel::info, "session " + std::to_string(id) + ": authorized to publish under " +
                                 scope(claims.publish) + ", subscribe under " + scope(claims.subscribe));
    access.grant(std::move(claims));
  } catch (const Error& error) {
    log(RelayLogLevel::warn, "session " + std::to_string(id) + ": unauthorized: " + error.what());
    it->second.close(error.code(), "unauthorized: " + std::string(error.what()));
  }
}

void RelayServer::closed(uint64_t id, const Error& error) {
  log(RelayLogLevel::info, "session " + std::to_string(id) + ": closed (" + code_name(error.code()) +
                               (std::string_view(error.what()).empty() ? "" : ": " + std::string(error.what())) + ")");
  unready_.erase(id);
  origin_->remove_publisher(id, error.code());
  // Not from inside the session's own callback.
  loop_.post([self = std::weak_ptr(self_), id] {
    if (auto server = self.lock()) (*server)->sessions_.erase(id);
  });
}

void RelayServer::close_unready() {
  auto now = loop_.now();
  // Ids grow with acceptance time: the expired ones come first.
  while (!unready_.empty() && unready_.begin()->second + options_.setup_timeout <= now) {
    uint64_t id = unready_.begin()->first;
    unready_.erase(unready_.begin());
    auto it = sessions_.find(id);
    if (it == sessions_.end()) continue;
    log(RelayLogLevel::warn, "session " + std::to_string(id) + ": no setup within " +
                                 std::to_string(options_.setup_timeout.count()) + " ms");
    it->second.close(code::cancel, "no setup in time");
  }
  if (!unready_.empty()) setup_timer_.arm_at(unready_.begin()->second + options_.setup_timeout);
}

void RelayServer::shutdown() {
  stopping_ = true;
  log(RelayLogLevel::info, "shutting down: closing " + std::to_string(sessions_.size()) + " sessions");
  for (auto& [id, session] : sessions_) session.close(code::cancel, "relay shutting down");
  if (cluster_) cluster_->close();
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
