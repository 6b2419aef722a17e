#include "task.h"

#include <utility>

#include "session_state.h"

namespace moq::session {

void Task::done() {
  done_ = true;
  if (auto state = session()) state->remove(this);
}

ControlTask::ControlTask(std::weak_ptr<SessionState> session, BiStream stream, wire::RecvBuffer buffer, bool fin)
    : Task(std::move(session)), stream_(std::move(stream)), buffer_(std::move(buffer)), fin_(fin) {}

void ControlTask::listen() {
  stream_.recv->on_data(callback(&ControlTask::on_data));
  stream_.recv->on_reset(callback(&ControlTask::on_peer_reset));
  stream_.send->on_stopped(callback(&ControlTask::on_stopped));
  if (!buffer_.empty() || fin_) receive();
}

void ControlTask::on_data(std::span<const uint8_t> data, bool fin) {
  try {
    buffer_.append(data);
  } catch (const Error& error) {
    on_error(error);
    return;
  }
  fin_ = fin;
  receive();
}

void ControlTask::receive() {
  try {
    on_receive();
  } catch (const Error& error) {
    on_error(error);
  }
}

bool ControlTask::open_stream(Bytes opening, bool finish) {
  auto state = session();
  if (!state || is_done()) return false;
  try {
    stream_ = state->connection->open_bi();
  } catch (const Error& error) {
    abandon(error);
    done();
    return false;
  }
  stream_.send->write(std::move(opening));
  if (finish) stream_.send->finish();
  return true;
}

void ControlTask::fail(uint64_t code) {
  stream_.send->reset(code);
  stream_.recv->stop(code);
  done();
}

}  // namespace moq::session
