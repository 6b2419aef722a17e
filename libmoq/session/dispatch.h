#pragma once
// Streams the peer opens: the type that starts each one decides which task takes it over.

#include "task.h"

namespace moq::session {

// A bidirectional stream until its control type is known.
class IncomingControlStream : public ControlTask {
 public:
  using ControlTask::ControlTask;

 protected:
  void on_receive() override;
  void on_peer_reset(uint64_t) override { done(); }
  void on_stopped(uint64_t) override { done(); }

 private:
  // Hands the stream to the task for its type.
  void dispatch(SessionState& state);
  std::optional<wire::ControlType> type_;
  bool waiting_for_setup_ = false;
};

// Takes a unidirectional stream: reads its data type and hands group streams over.
void accept_data_stream(SessionState& state, std::shared_ptr<RecvStream> stream);

}  // namespace moq::session
