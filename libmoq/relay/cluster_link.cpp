#include "cluster_link.h"

#include <algorithm>
#include <utility>

#include "moq/url.h"

namespace moq::relay {

namespace {

// What the root sees of this node: only the paths of local publishers.
class LocalPaths final : public Origin {
 public:
  explicit LocalPaths(std::shared_ptr<RelayOrigin> origin) : origin_(std::move(origin)) {}
  std::optional<TrackConsumer> track(const Path& path, GroupRange range) override {
    return origin_->local_track(path, range);
  }
  AnnouncedConsumer announced(const Path& prefix) override { return origin_->local_announced(prefix); }

 private:
  std::shared_ptr<RelayOrigin> origin_;
};

std::string ms(std::chrono::milliseconds duration) { return std::to_string(duration.count()) + " ms"; }

}  // namespace

ClusterLink::ClusterLink(EventLoop& loop, std::shared_ptr<RelayOrigin> origin, RelayClusterOptions options,
                         SessionOptions session_options, std::function<uint64_t()> next_id, RelayLog log)
    : origin_(std::move(origin)),
      options_(std::move(options)),
      root_shown_(options_.root.substr(0, options_.root.find('?'))),
      session_options_(std::move(session_options)),
      next_id_(std::move(next_id)),
      log_(std::move(log)),
      local_paths_(std::make_shared<LocalPaths>(origin_)),
      client_(std::make_unique<QuicClient>(loop, options_.client)),
      backoff_(options_.retry_min),
      retry_(loop, [this] { connect(); }) {
  // Raw QUIC has no request: the URL's token goes in the setup, as moqf:// clients send it.
  if (auto token = query_parameter(Url::parse(options_.root).path, "jwt")) {
    session_options_.extensions[extension::auth_token] = Bytes::copy(*token);
  }
  connect();
}

ClusterLink::~ClusterLink() {
  closing_ = true;
  if (id_ != 0) origin_->remove_publisher(id_);
  session_.reset();
  client_.reset();
}

void ClusterLink::log(RelayLogLevel level, const std::string& line) const {
  if (log_) log_(level, "cluster: " + line);
}

void ClusterLink::close() {
  closing_ = true;
  retry_.cancel();
  if (session_ && !session_->closed()) session_->close(code::cancel, "relay shutting down");
}

void ClusterLink::connect() {
  if (closing_) return;
  log(RelayLogLevel::debug, "connecting to root " + root_shown_);
  std::weak_ptr<ClusterLink*> weak = self_;
  client_->connect(
      options_.root,
      [weak](std::shared_ptr<QuicConnection> connection) {
        if (auto self = weak.lock()) (*self)->start_session(std::move(connection));
      },
      [weak](const Error& error) {
        if (auto self = weak.lock()) (*self)->lost(std::string("cannot reach root: ") + error.what());
      });
}

void ClusterLink::start_session(std::shared_ptr<QuicConnection> connection) {
  if (closing_) {
    connection->close(code::cancel, "relay shutting down");
    return;
  }
  uint64_t id = next_id_();
  id_ = id;
  SessionOptions options = session_options_;
  options.origin = local_paths_;
  std::weak_ptr<ClusterLink*> weak = self_;
  options.on_ready = [weak, id] {
    auto self = weak.lock();
    if (!self || (*self)->id_ != id) return;
    ClusterLink& link = **self;
    link.backoff_ = link.options_.retry_min;
    link.log(RelayLogLevel::info, "session " + std::to_string(id) + ": linked to root " + link.root_shown_);
    link.origin_->add_upstream(id, link.session_->announced(Path{}), [&link, id](const Track& track, GroupRange range) {
      if (link.id_ != id || !link.session_) throw Error(code::transport, "the link to the cluster root is gone");
      return link.session_->subscribe(track, range);
    });
  };
  options.on_closed = [weak, id](const Error& error) {
    auto self = weak.lock();
    if (!self || (*self)->id_ != id) return;
    ClusterLink& link = **self;
    link.origin_->remove_publisher(id, error.code());
    link.id_ = 0;
    link.lost("session " + std::to_string(id) + ": link to root lost (" + code_name(error.code()) +
              (*error.what() != '\0' ? ": " + std::string(error.what()) : std::string()) + ")");
  };
  session_.emplace(Session::connect(std::move(connection), std::move(options)));
}

void ClusterLink::lost(const std::string& why) {
  if (closing_) return;
  log(RelayLogLevel::warn, why + "; retrying in " + ms(backoff_));
  retry_.arm_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.retry_max);
}

}  // namespace moq::relay
