#pragma once
// Two linked in-memory moq::Connections for session tests. Nothing crosses from one side to the
// other until the test pumps the network, so callbacks never re-enter the code that caused
// them, as on a real transport where they come from the event loop.
//
// Bytes count as acknowledged once the receiving side took them in. A paused receiver takes
// nothing, so the sender's bytes stay unsent: its stream turns unwritable past the write limit
// and nothing is acknowledged, which is how tests make a subscriber slow.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "moq/connection.h"

namespace memory {

class Network {
 public:
  // Runs queued deliveries (and the ones they cause) until nothing is left; returns how many ran.
  size_t run();
  // priority: read when choosing what to run next, if deliveries go by priority.
  void post(std::function<void()> task, std::function<int64_t()> priority = {}) {
    tasks_.push_back({std::move(task), std::move(priority)});
  }
  // Deliver the stream with the highest priority first, as a QUIC sender's scheduler would
  // (ties, and tasks without a priority, in posting order). With descending group order the
  // newest group's stream then overtakes older ones and the subscribe stream's Info.
  void deliver_by_priority(bool on) { by_priority_ = on; }

 private:
  struct Task {
    std::function<void()> run;
    std::function<int64_t()> priority;
  };
  std::deque<Task>::iterator pick();

  std::deque<Task> tasks_;
  bool by_priority_ = false;
};

struct ConnectionOptions {
  uint64_t stream_write_limit = 1u << 20;  // writable() while fewer bytes wait to be sent
};

// One end. Beyond moq::Connection it lets a test see how streams were prioritised.
class Endpoint : public moq::Connection {
 public:
  // The last priority given to this endpoint's send stream with that id (0 if never set).
  virtual int64_t priority_of(uint64_t stream_id) const = 0;
};

struct ConnectionPair {
  std::shared_ptr<Endpoint> client;
  std::shared_ptr<Endpoint> server;
};

ConnectionPair connect(Network& network, ConnectionOptions options = {});

}  // namespace memory
