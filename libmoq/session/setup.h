#pragma once
// The session stream (control type 0): version negotiation and setup extensions, then silence
// until the session ends. Its end, or anything else on it, ends the session.

#include "task.h"

namespace moq::session {

class SessionStream : public ControlTask {
 public:
  using ControlTask::ControlTask;
  // Client: sends ClientSetup on the (freshly opened) stream.
  void send_client_setup();

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t code) override;
  void on_stopped(uint64_t code) override;
  // The session stream's errors close the whole session.
  void on_error(const Error& error) override;

 private:
  void receive_setup(SessionState& state);
  bool setup_done_ = false;
};

// Capabilities advertised in a set of setup extensions (0 when there are none).
uint64_t capabilities_of(const wire::Extensions& extensions);

}  // namespace moq::session
