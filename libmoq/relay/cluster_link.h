#pragma once
// A cluster node's link to the cluster root: a client session that shows the root what this
// node's own publishers announce, follows everything the root announces as an upstream of the
// node's origin, and reconnects with backoff when the root goes away. See docs/moq-relay.md
// ("Clustering").

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/relay.h"
#include "moq/session.h"

namespace moq::relay {

class ClusterLink {
 public:
  // next_id numbers the link's sessions among the relay's own (for the origin and the log).
  ClusterLink(EventLoop& loop, std::shared_ptr<RelayOrigin> origin, RelayClusterOptions options,
              SessionOptions session_options, std::function<uint64_t()> next_id, RelayLog log);
  ~ClusterLink();
  ClusterLink(const ClusterLink&) = delete;
  ClusterLink& operator=(const ClusterLink&) = delete;

  bool connected() const { return session_ && session_->ready() && !session_->closed(); }
  // Closes the session with code 0 and stops reconnecting.
  void close();

 private:
  void connect();
  void start_session(std::shared_ptr<QuicConnection> connection);
  void lost(const std::string& why);
  void log(RelayLogLevel level, const std::string& line) const;

  std::shared_ptr<RelayOrigin> origin_;
  RelayClusterOptions options_;
  std::string root_shown_;  // the root URL without its query: a token is not for the log
  SessionOptions session_options_;
  std::function<uint64_t()> next_id_;
  RelayLog log_;
  std::shared_ptr<Origin> local_paths_;
  std::unique_ptr<QuicClient> client_;
  std::optional<Session> session_;
  uint64_t id_ = 0;  // of the current session; 0 when there is none
  std::chrono::milliseconds backoff_;
  EventLoop::Timer retry_;
  bool closing_ = false;
  // Lets callbacks of connections and sessions find out whether this link still exists.
  std::shared_ptr<ClusterLink*> self_ = std::make_shared<ClusterLink*>(this);
};

}  // namespace moq::relay
