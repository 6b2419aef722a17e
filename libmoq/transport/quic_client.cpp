#include <sys/epoll.h>

#include <unordered_map>
#include <vector>

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

// A UDP socket and the client connections on it. Unshared, it carries one connection and is
// connected to its server, so that ICMP errors surface as receive errors. Shared
// (QuicClientOptions::share_socket), it is unconnected and carries many, told apart by the
// connection IDs they issued; ICMP errors come from its error queue with their destination.
class ClientEndpoint final : public ConnectionHost, public std::enable_shared_from_this<ClientEndpoint> {
 public:
  // Called once an unshared endpoint's connection is over.
  using Forget = std::function<void(ClientEndpoint*)>;

  ClientEndpoint(EventLoop& loop, UdpSocket udp_socket, bool shared, bool gso, Forget forget)
      : ConnectionHost(loop, std::move(udp_socket)), loop_(loop), shared_(shared), forget_(std::move(forget)) {
    if (!gso) socket().disable_gso();
    if (shared_) {
      socket().keep_errors();
      // Its connections' bursts (each within its own flow control) all land in this one buffer.
      socket().set_receive_buffer(64 << 20);
    }
    watch_ = EventLoop::Watch(loop_, socket().fd(), EPOLLIN, [this](uint32_t events) { on_socket(events); });
  }

  // Throws moq::Error if ngtcp2 or TLS cannot be set up.
  void start(std::shared_ptr<const QuicOptions> options, ConnectionCore::ClientSetup setup,
             const SocketAddress& remote, std::function<void(std::shared_ptr<QuicConnection>)> on_connected,
             std::function<void(const Error&)> on_failed) {
    auto core = std::make_shared<ConnectionCore>(loop_, *this, std::move(options), socket().local_address(), remote);
    ConnectionCore* key = core.get();
    members_.emplace(key, Member{core, std::move(on_connected), std::move(on_failed)});
    try {
      core->start_client(std::move(setup));
    } catch (const Error&) {
      std::erase_if(by_id_, [key](const auto& entry) { return entry.second == key; });
      members_.erase(key);
      forget_if_unused();
      throw;
    }
  }

  void abandon_all() {
    std::vector<std::shared_ptr<ConnectionCore>> all;
    for (auto& [key, member] : members_) all.push_back(member.core);
    for (auto& core : all) core->abandon();
  }

  void watch_writable(bool on) override { watch_.modify(on ? EPOLLIN | EPOLLOUT : EPOLLIN); }
  void add_connection_id(const ConnectionId& id, ConnectionCore& core) override { by_id_[id] = &core; }
  void remove_connection_id(const ConnectionId& id) override { by_id_.erase(id); }
  void established(ConnectionCore& core) override {
    auto& member = members_.at(&core);
    member.on_failed = nullptr;
    if (auto callback = std::move(member.on_connected))
      callback(std::make_shared<ConnectionHandle>(core.shared_from_this()));
  }
  void failed(ConnectionCore& core, const Error& error) override {
    auto& member = members_.at(&core);
    member.on_connected = nullptr;
    if (auto callback = std::move(member.on_failed)) callback(error);
  }
  void finished(ConnectionCore& core) override {
    // Later: the connection is on the call stack.
    loop_.post([weak = weak_from_this(), key = &core] {
      if (auto self = weak.lock()) {
        self->members_.erase(key);
        self->forget_if_unused();
      }
    });
  }

 private:
  struct Member {
    std::shared_ptr<ConnectionCore> core;
    std::function<void(std::shared_ptr<QuicConnection>)> on_connected;
    std::function<void(const Error&)> on_failed;
  };
  static constexpr int max_batches_per_wakeup = 8;  // then let timers and other sockets run

  void forget_if_unused() {
    if (shared_ || !members_.empty()) return;
    // Later: this endpoint may be on the call stack (its socket callback, a connection's timer).
    loop_.post([weak = weak_from_this()] {
      if (auto self = weak.lock(); self && self->members_.empty()) self->forget_(self.get());
    });
  }

  void on_socket(uint32_t events) {
    if (events & EPOLLOUT) socket_writable();
    // A shared socket reports EPOLLERR until its error queue is read.
    if (shared_ && (events & EPOLLERR)) socket_failed(0);
    for (int i = 0; i < max_batches_per_wakeup; ++i) {
      int error = 0;
      bool got = socket().receive(batch_, error);
      if (error != 0) {
        socket_failed(error);
        continue;
      }
      if (!got) break;
      for (size_t j = 0; j < batch_.count(); ++j) route(batch_[j]);
      if (batch_.drained()) break;
    }
  }

  void route(const ReceiveBatch::Datagram& datagram) {
    if (!shared_) {
      for (auto& [key, member] : members_) deliver(*member.core, datagram);
      return;
    }
    ngtcp2_version_cid version_cid;
    if (ngtcp2_pkt_decode_version_cid(&version_cid, datagram.data, datagram.size,
                                      ConnectionCore::connection_id_length) != 0)
      return;
    if (auto id = ConnectionId::of(version_cid.dcid, version_cid.dcidlen)) {
      if (auto found = by_id_.find(*id); found != by_id_.end()) {
        deliver(*found->second, datagram);
        return;
      }
    }
    // No ID of ours, e.g. a stateless reset: each connection to that server checks it.
    for (auto& core : members_to(*datagram.from)) deliver(*core, datagram);
  }

  static void deliver(ConnectionCore& core, const ReceiveBatch::Datagram& datagram) {
    auto keep = core.shared_from_this();  // reading may end it
    if (!core.finished()) core.receive(*datagram.from, datagram.data, datagram.size);
  }

  // An unshared socket's error is its one connection's; a shared one queues each error with
  // the destination it answers (error is then only the first of them).
  void socket_failed(int error) {
    if (!shared_) {
      for (auto& core : members_to(std::nullopt)) core->socket_failed(error);
      return;
    }
    while (auto queued = socket().take_error()) {
      for (auto& core : members_to(queued->destination)) core->socket_failed(queued->error);
    }
  }

  // The connections to remote (all of them without one), held while they are called.
  std::vector<std::shared_ptr<ConnectionCore>> members_to(const std::optional<SocketAddress>& remote) {
    std::vector<std::shared_ptr<ConnectionCore>> found;
    for (auto& [key, member] : members_) {
      if (!remote || member.core->remote().same_endpoint(*remote)) found.push_back(member.core);
    }
    return found;
  }

  EventLoop& loop_;
  bool shared_;
  Forget forget_;
  EventLoop::Watch watch_;
  std::unordered_map<ConnectionCore*, Member> members_;
  std::unordered_map<ConnectionId, ConnectionCore*, ConnectionId::Hash> by_id_;
  ReceiveBatch batch_;
};

}  // namespace quic

using quic::ClientEndpoint;

struct QuicClient::Impl : std::enable_shared_from_this<QuicClient::Impl> {
  Impl(EventLoop& loop, QuicClientOptions config)
      : loop(loop),
        options(std::make_shared<const QuicOptions>(std::move(config.quic))),
        tls(std::make_shared<const tls::ClientContext>(config.tls)),
        share_socket(config.share_socket) {}

  // The endpoint for a new connection to remote: the shared one of its address family, or a
  // new one of its own.
  ClientEndpoint& endpoint_for(const quic::SocketAddress& remote) {
    if (share_socket) {
      auto& shared = remote.family() == AF_INET6 ? shared_v6 : shared_v4;
      if (!shared) {
        auto wildcard = quic::SocketAddress::parse(remote.family() == AF_INET6 ? "[::]:0" : "0.0.0.0:0");
        shared = std::make_shared<ClientEndpoint>(loop, quic::UdpSocket::bind(wildcard), true, options->gso, nullptr);
      }
      return *shared;
    }
    auto endpoint = std::make_shared<ClientEndpoint>(
        loop, quic::UdpSocket::connect(remote), false, options->gso, [weak = weak_from_this()](ClientEndpoint* done) {
          if (auto self = weak.lock()) self->endpoints.erase(done);
        });
    ClientEndpoint* key = endpoint.get();
    return *endpoints.emplace(key, std::move(endpoint)).first->second;
  }

  void abandon_all() {
    for (auto& [key, endpoint] : endpoints) endpoint->abandon_all();
    for (auto* shared : {shared_v4.get(), shared_v6.get()}) {
      if (shared != nullptr) shared->abandon_all();
    }
  }

  EventLoop& loop;
  std::shared_ptr<const QuicOptions> options;
  std::shared_ptr<const tls::ClientContext> tls;
  bool share_socket;
  std::unordered_map<ClientEndpoint*, std::shared_ptr<ClientEndpoint>> endpoints;  // unshared
  std::shared_ptr<ClientEndpoint> shared_v4;
  std::shared_ptr<ClientEndpoint> shared_v6;
};

QuicClient::QuicClient(EventLoop& loop, QuicClientOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(options))) {}

QuicClient::~QuicClient() { impl_->abandon_all(); }

void QuicClient::connect(std::string_view url,
                         std::function<void(std::shared_ptr<QuicConnection>)> on_connected,
                         std::function<void(const Error&)> on_failed) {
  try {
    auto parsed = Url::parse(url);
    if (parsed.scheme != "moqf")
      throw Error(code::transport, "unsupported URL scheme '" + parsed.scheme + "' for raw QUIC (use moqf://)");
    // Blocking lookup: names are usually cached or literal; the result still arrives on the loop.
    auto remote = quic::SocketAddress::resolve(parsed.host, parsed.port).front();
    impl_->endpoint_for(remote).start(impl_->options, {impl_->tls, parsed.host, parsed.path}, remote,
                                      std::move(on_connected), on_failed);
  } catch (const Error& error) {
    impl_->loop.post([on_failed = std::move(on_failed), error] {
      if (on_failed) on_failed(error);
    });
  }
}

}  // namespace moq
