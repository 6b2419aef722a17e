#pragma once
// The application's handle on a connection. The endpoint keeps the connection itself alive
// through its closing period; dropping the last handle closes it (code 0), so a forgotten
// connection cannot linger on keep-alives.

#include <memory>

#include "moq/quic.h"
#include "transport/connection_core.h"

namespace moq::quic {

class ConnectionHandle final : public QuicConnection {
 public:
  explicit ConnectionHandle(std::shared_ptr<ConnectionCore> core) : core_(std::move(core)) {}
  ~ConnectionHandle() override;
  ConnectionHandle(const ConnectionHandle&) = delete;
  ConnectionHandle& operator=(const ConnectionHandle&) = delete;

  BiStream open_bi() override { return core_->open_bi(); }
  std::shared_ptr<SendStream> open_uni() override { return core_->open_uni(); }
  void on_bi(std::function<void(BiStream)> callback) override { core_->on_bi(std::move(callback)); }
  void on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) override {
    core_->on_uni(std::move(callback));
  }
  void close(uint64_t code, std::string_view reason) override { core_->close(code, reason); }
  void on_closed(std::function<void(const Error&)> callback) override {
    core_->on_closed(std::move(callback));
  }
  bool closed() const override { return core_->closed(); }
  std::string protocol() const override { return core_->alpn(); }
  std::string peer_address() const override { return core_->peer_address(); }
  std::string path() const override { return core_->path(); }
  std::string alpn() const override { return core_->alpn(); }

 private:
  std::shared_ptr<ConnectionCore> core_;
};

}  // namespace moq::quic
