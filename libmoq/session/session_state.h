#pragma once
// The state one session shares with the stream tasks it runs. Tasks are owned here and hold
// only a weak reference back, so closing the session (or dropping it) ends every task.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "moq/connection.h"
#include "moq/origin.h"
#include "moq/session.h"
#include "task.h"

namespace moq::session {
class RemoteSubscription;
}

namespace moq::detail {

struct SessionState : std::enable_shared_from_this<SessionState> {
  SessionState(std::shared_ptr<Connection> connection, SessionOptions options, bool is_client);

  std::shared_ptr<Connection> connection;
  SessionOptions options;
  bool is_client;
  std::shared_ptr<LocalOrigin> local_origin;  // set when options.origin was not given

  // Setup.
  BiStream session_stream;
  bool ready = false;
  bool closed = false;
  Error close_error{code::cancel, "session closed"};  // why, once closed
  wire::Extensions peer_extensions;
  uint64_t peer_capabilities = 0;
  // Work waiting for setup: our requests, and peer streams that overtook the session stream.
  std::vector<std::function<void()>> when_ready;

  // Running tasks, and the indexes the wire needs.
  std::map<session::Task*, std::shared_ptr<session::Task>> tasks;
  uint64_t next_subscribe_id = 0;
  std::map<uint64_t, std::weak_ptr<session::RemoteSubscription>> subscriptions_by_id;
  std::map<Path, std::weak_ptr<session::RemoteSubscription>> subscriptions_by_path;
  std::set<uint64_t> served_subscribe_ids;
  // Incoming uni streams whose Group header is not read yet. A subscription the publisher ended
  // is finished only when this is 0, so a group whose stream is still held or paused is not lost.
  size_t unread_group_headers = 0;

  Origin& origin() {
    if (options.origin) return *options.origin;
    return *local_origin;
  }
  bool peer_can(uint64_t capability) const { return (peer_capabilities & capability) != 0; }
  wire::Extensions setup_extensions() const;

  void start();
  void add(std::shared_ptr<session::Task> task) { tasks[task.get()] = std::move(task); }
  void remove(session::Task* task) { tasks.erase(task); }
  // Running tasks of type T (a scan: only for rare events such as a new request).
  template <class T>
  size_t count_tasks() const {
    size_t count = 0;
    for (const auto& entry : tasks) count += dynamic_cast<const T*>(entry.first) != nullptr ? 1 : 0;
    return count;
  }
  // Runs now if setup is done, else once it is.
  void after_setup(std::function<void()> work);
  void set_ready(const wire::Extensions& extensions);
  // Closes the connection; the tasks end when the connection reports it closed.
  void close(uint64_t code, std::string_view reason);
  void on_connection_closed(const Error& error);
  // A group stream's header was read (or the stream ended without one).
  void group_header_settled();

  void accept_bi(BiStream stream);
  void accept_uni(std::shared_ptr<RecvStream> stream);
};

}  // namespace moq::detail
