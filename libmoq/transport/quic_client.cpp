#include <sys/epoll.h>

#include <unordered_map>

#include "moq/quic.h"
#include "moq/url.h"
#include "transport/connection_core.h"
#include "transport/connection_handle.h"
#include "transport/connection_host.h"
#include "transport/udp_socket.h"

namespace moq {

using quic::ConnectionCore;

// In moq::quic rather than an anonymous namespace: QuicClient::Impl, which has external
// linkage, holds these.
namespace quic {

// One client connection with its own connected UDP socket.
class ClientLink final : public quic::ConnectionHost {
 public:
  using Forget = std::function<void(ClientLink*)>;

  ClientLink(EventLoop& loop, const quic::SocketAddress& remote, bool gso, Forget forget,
             std::function<void(std::shared_ptr<QuicConnection>)> on_connected,
             std::function<void(const Error&)> on_failed)
      : loop_(loop),
        socket_(quic::UdpSocket::connect(remote)),
        forget_(std::move(forget)),
        on_connected_(std::move(on_connected)),
        on_failed_(std::move(on_failed)) {
    if (!gso) socket_.disable_gso();
  }

  void start(const QuicOptions& options, ConnectionCore::ClientSetup setup,
             const quic::SocketAddress& remote) {
    core_ = std::make_shared<ConnectionCore>(loop_, *this, std::make_shared<const QuicOptions>(options),
                                             socket_.local_address(), remote);
    watch_ = EventLoop::Watch(loop_, socket_.fd(), EPOLLIN, [this](uint32_t events) { on_socket(events); });
    core_->start_client(std::move(setup));
  }

  void abandon() {
    if (core_) core_->abandon();
  }

  quic::UdpSocket::SendResult send(const quic::SocketAddress& to, const uint8_t* data, size_t size,
                                   size_t segment) override {
    return socket_.send(to, data, size, segment);
  }
  void wait_writable(ConnectionCore&) override { watch_.modify(EPOLLIN | EPOLLOUT); }
  void add_connection_id(const quic::ConnectionId&, ConnectionCore&) override {}
  void remove_connection_id(const quic::ConnectionId&) override {}
  void established(ConnectionCore& core) override {
    on_failed_ = nullptr;
    if (auto callback = std::move(on_connected_))
      callback(std::make_shared<quic::ConnectionHandle>(core.shared_from_this()));
  }
  void failed(ConnectionCore&, const Error& error) override {
    on_connected_ = nullptr;
    if (auto callback = std::move(on_failed_)) callback(error);
  }
  void finished(ConnectionCore&) override { forget_(this); }

 private:
  void on_socket(uint32_t events) {
    auto core = core_;
    if (events & EPOLLOUT) {
      watch_.modify(EPOLLIN);
      core->socket_writable();
    }
    int error = 0;
    for (int i = 0; i < 8 && !core->finished(); ++i) {
      bool got = socket_.receive(batch_, error);
      if (error != 0) {
        core->socket_failed(error);
        return;
      }
      if (!got) return;
      for (size_t j = 0; j < batch_.count() && !core->finished(); ++j) {
        auto datagram = batch_[j];
        core->receive(*datagram.from, datagram.data, datagram.size);
      }
      if (batch_.drained()) return;
    }
  }

  EventLoop& loop_;
  quic::UdpSocket socket_;
  EventLoop::Watch watch_;
  Forget forget_;
  std::function<void(std::shared_ptr<QuicConnection>)> on_connected_;
  std::function<void(const Error&)> on_failed_;
  std::shared_ptr<ConnectionCore> core_;
  quic::ReceiveBatch batch_;
};

}  // namespace quic

using quic::ClientLink;

struct QuicClient::Impl : std::enable_shared_from_this<QuicClient::Impl> {
  Impl(EventLoop& loop, QuicClientOptions config)
      : loop(loop),
        options(std::move(config.quic)),
        tls(std::make_shared<const tls::ClientContext>(config.tls)) {}

  void forget(ClientLink* link) {
    // Later: the link is still on the call stack (its socket callback or timer).
    loop.post([weak = weak_from_this(), link] {
      if (auto self = weak.lock()) self->links.erase(link);
    });
  }

  EventLoop& loop;
  QuicOptions options;
  std::shared_ptr<const tls::ClientContext> tls;
  std::unordered_map<ClientLink*, std::unique_ptr<ClientLink>> links;
};

QuicClient::QuicClient(EventLoop& loop, QuicClientOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(options))) {}

QuicClient::~QuicClient() {
  for (auto& [key, link] : impl_->links) link->abandon();
}

void QuicClient::connect(std::string_view url,
                         std::function<void(std::shared_ptr<QuicConnection>)> on_connected,
                         std::function<void(const Error&)> on_failed) {
  ClientLink* started = nullptr;
  try {
    auto parsed = Url::parse(url);
    if (parsed.scheme != "moqf")
      throw Error(code::transport, "unsupported URL scheme '" + parsed.scheme + "' for raw QUIC (use moqf://)");
    // Blocking lookup: names are usually cached or literal; the result still arrives on the loop.
    auto remote = quic::SocketAddress::resolve(parsed.host, parsed.port).front();
    auto link = std::make_unique<ClientLink>(
        impl_->loop, remote, impl_->options.gso,
        [weak = std::weak_ptr<Impl>(impl_)](ClientLink* done) {
          if (auto impl = weak.lock()) impl->forget(done);
        },
        std::move(on_connected), on_failed);
    started = link.get();
    impl_->links.emplace(started, std::move(link));
    started->start(impl_->options, {impl_->tls, parsed.host, parsed.path}, remote);
  } catch (const Error& error) {
    if (started != nullptr) impl_->links.erase(started);
    impl_->loop.post([on_failed = std::move(on_failed), error] {
      if (on_failed) on_failed(error);
    });
  }
}

}  // namespace moq
