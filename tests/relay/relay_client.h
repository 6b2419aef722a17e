#pragma once
// Test peers of the relay: a real session over real QUIC (on the test's event loop) that pins the
// relay's certificate, and a recorder of what a subscription receives.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "moq/error.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/session.h"
#include "moq/track.h"
#include "relay_process.h"

namespace moq::test {

class RelayClient {
 public:
  // Starts connecting; the session is usable at once (requests wait for setup). A token goes
  // in the setup extension extension::auth_token, as moqf:// clients send it.
  RelayClient(EventLoop& loop, const RelayProcess& relay, const std::string& token = {});
  RelayClient(const RelayClient&) = delete;
  RelayClient& operator=(const RelayClient&) = delete;

  bool ready() const { return session_ && session_->ready(); }
  // Why the connection attempt or the session ended, once it did.
  const std::optional<Error>& ended() const { return ended_; }
  Session& session() { return *session_; }
  void drop() { session_.reset(); }

 private:
  QuicClient client_;
  std::optional<Session> session_;
  std::optional<Error> ended_;
};

// Records the groups of one subscription as they come; frames are read at the end.
class Recorder {
 public:
  explicit Recorder(TrackConsumer track);
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  size_t group_count() const { return groups_.size(); }
  bool ended() const { return ended_; }
  const std::optional<Error>& error() const { return error_; }
  // Each group's sequence and frames, by sequence; a group not complete yet shows what is there.
  std::vector<std::pair<uint64_t, std::vector<std::string>>> contents() const;
  std::vector<uint64_t> dropped() const { return dropped_; }

 private:
  void poll();
  TrackConsumer track_;
  std::vector<GroupConsumer> groups_;
  std::vector<uint64_t> dropped_;
  bool ended_ = false;
  std::optional<Error> error_;
};

}  // namespace moq::test
