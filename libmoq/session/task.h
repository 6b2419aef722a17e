#pragma once
// Tasks: the work a session does on one stream (or one request). A task belongs to its
// session and keeps only a weak reference to it; callbacks it registers hold it weakly too, so
// a task that is done (or a session that is gone) silently ignores late events.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>

#include "moq/connection.h"
#include "moq/error.h"
#include "moq/wire/recv_buffer.h"

namespace moq::detail {
struct SessionState;
}

namespace moq::session {

using detail::SessionState;

class Task : public std::enable_shared_from_this<Task> {
 public:
  explicit Task(std::weak_ptr<SessionState> session) : session_(std::move(session)) {}
  virtual ~Task() = default;
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  // The session is over; the task is dropped right after this.
  virtual void abandon(const Error&) {}

 protected:
  // Removes the task from its session; it is destroyed once the running callback returns.
  void done();
  bool is_done() const { return done_; }
  std::shared_ptr<SessionState> session() const { return session_.lock(); }

  // A callback that runs method while the task is alive (and keeps it alive meanwhile).
  template <class T, class... Args>
  std::function<void(Args...)> callback(void (T::*method)(Args...)) {
    std::weak_ptr<T> weak = std::static_pointer_cast<T>(shared_from_this());
    return [weak, method](Args... args) {
      if (auto self = weak.lock()) ((*self).*method)(args...);
    };
  }

  std::weak_ptr<SessionState> session_;

 private:
  bool done_ = false;
};

// A task on a bidirectional control stream: received bytes are gathered in buffer_ and
// decoded by on_receive(); an Error thrown while handling them ends the stream with its code.
class ControlTask : public Task {
 public:
  ControlTask(std::weak_ptr<SessionState> session, BiStream stream, wire::RecvBuffer buffer = {},
              bool fin = false);

  // Installs the stream callbacks and handles what was received already.
  void listen();

 protected:
  // New bytes are in buffer_, or the peer finished (fin_).
  virtual void on_receive() = 0;
  virtual void on_peer_reset(uint64_t code) = 0;
  virtual void on_stopped(uint64_t code) = 0;
  // Handling the stream threw; by default the stream is failed with the error's code.
  virtual void on_error(const Error& error) { fail(error.code()); }
  // Resets our side and stops the peer's with code, and ends the task.
  void fail(uint64_t code);
  // Opens stream_ (a request of ours) with its first bytes. If the connection is closed, the
  // task is abandoned with that error and ends; returns whether the stream is open.
  bool open_stream(Bytes opening, bool finish);

  BiStream stream_;
  wire::RecvBuffer buffer_;
  bool fin_;

 private:
  void on_data(std::span<const uint8_t> data, bool fin);
  void receive();
};

}  // namespace moq::session
