#include <gnutls/crypto.h>
#include <sys/epoll.h>

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "moq/quic.h"
#include "transport/connection_core.h"
#include "transport/connection_handle.h"
#include "transport/connection_host.h"
#include "transport/udp_socket.h"

namespace moq {

using quic::ConnectionCore;

namespace {

constexpr int max_batches_per_wakeup = 8;           // then let timers and other sockets run

}  // namespace

struct QuicServer::Impl final : quic::ConnectionHost, std::enable_shared_from_this<QuicServer::Impl> {
  Impl(EventLoop& loop, QuicServerOptions config,
       std::function<void(std::shared_ptr<QuicConnection>)> on_connection)
      : ConnectionHost(loop, quic::UdpSocket::bind(quic::SocketAddress::parse(config.bind))),
        loop(loop),
        options(std::make_shared<const QuicOptions>(std::move(config.quic))),
        tls(config.certificate, options->alpns),
        on_connection(std::move(on_connection)) {
    if (!this->options->gso) socket().disable_gso();
    gnutls_rnd(GNUTLS_RND_RANDOM, reset_secret.data(), reset_secret.size());
  }

  void start_watching() {
    watch = EventLoop::Watch(loop, socket().fd(), EPOLLIN, [weak = weak_from_this()](uint32_t events) {
      if (auto self = weak.lock()) self->on_socket(events);
    });
  }

  void on_socket(uint32_t events) {
    auto self = shared_from_this();
    if (events & EPOLLOUT) socket_writable();
    if (!(events & (EPOLLIN | EPOLLERR))) return;
    int error = 0;
    for (int i = 0; i < max_batches_per_wakeup && socket().receive(batch, error); ++i) {
      for (size_t j = 0; j < batch.count(); ++j) {
        auto datagram = batch[j];
        route(*datagram.from, datagram.data, datagram.size);
      }
      if (batch.drained()) break;
    }
  }

  void route(const quic::SocketAddress& from, const uint8_t* data, size_t size) {
    ngtcp2_version_cid version_cid;
    int rv = ngtcp2_pkt_decode_version_cid(&version_cid, data, size,
                                           ConnectionCore::connection_id_length);
    if (rv == NGTCP2_ERR_VERSION_NEGOTIATION) {
      send_version_negotiation(from, version_cid);
      return;
    }
    if (rv != 0) return;
    auto id = quic::ConnectionId::of(version_cid.dcid, version_cid.dcidlen);
    if (!id) return;
    if (auto found = by_id.find(*id); found != by_id.end()) {
      auto core = found->second;  // may remove itself while reading
      core->receive(from, data, size);
      return;
    }
    ngtcp2_pkt_hd header;
    if (ngtcp2_accept(&header, data, size) != 0) return;  // not an Initial: nothing to do with it
    accept(from, header, data, size);
  }

  void accept(const quic::SocketAddress& from, const ngtcp2_pkt_hd& header, const uint8_t* data,
              size_t size) {
    auto core = std::make_shared<ConnectionCore>(loop, *this, options, socket().local_address(), from);
    try {
      core->start_server({&tls, &header, reset_secret.data(), reset_secret.size()});
    } catch (const Error&) {
      return;  // the client retries or gives up; one bad Initial must not stop the server
    }
    cores.emplace(core.get(), core);
    core->receive(from, data, size);
  }

  void send_version_negotiation(const quic::SocketAddress& to, const ngtcp2_version_cid& received) {
    std::array<uint8_t, NGTCP2_MAX_UDP_PAYLOAD_SIZE> packet;
    uint8_t unused_bits;
    gnutls_rnd(GNUTLS_RND_NONCE, &unused_bits, 1);
    const uint32_t versions[] = {NGTCP2_PROTO_VER_V1};
    auto written = ngtcp2_pkt_write_version_negotiation(
        packet.data(), packet.size(), unused_bits, received.scid, received.scidlen, received.dcid,
        received.dcidlen, versions, 1);
    if (written > 0) socket().send(to, packet.data(), static_cast<size_t>(written), static_cast<size_t>(written));
  }

  // ConnectionHost
  void watch_writable(bool on) override {
    if (watching_out == on) return;
    watch.modify(on ? EPOLLIN | EPOLLOUT : EPOLLIN);
    watching_out = on;
  }
  void add_connection_id(const quic::ConnectionId& id, ConnectionCore& core) override {
    by_id[id] = core.shared_from_this();
  }
  void remove_connection_id(const quic::ConnectionId& id) override { by_id.erase(id); }
  void established(ConnectionCore& core) override {
    if (on_connection) on_connection(std::make_shared<quic::ConnectionHandle>(core.shared_from_this()));
  }
  void failed(ConnectionCore&, const Error&) override {}
  void finished(ConnectionCore& core) override {
    // Later, so that the connection is not destroyed in the middle of its own call.
    loop.post([weak = weak_from_this(), key = &core] {
      if (auto self = weak.lock()) self->cores.erase(key);
    });
  }

  void abandon_all() {
    auto all = std::move(cores);
    cores.clear();
    for (auto& [key, core] : all) core->abandon();
    by_id.clear();
  }

  EventLoop& loop;
  std::shared_ptr<const QuicOptions> options;
  tls::ServerContext tls;
  EventLoop::Watch watch;
  bool watching_out = false;
  std::function<void(std::shared_ptr<QuicConnection>)> on_connection;
  // Looked up by a view of each packet's ID: an 18-byte std::string key would allocate per packet.
  std::unordered_map<quic::ConnectionId, std::shared_ptr<ConnectionCore>, quic::ConnectionId::Hash> by_id;
  std::unordered_map<ConnectionCore*, std::shared_ptr<ConnectionCore>> cores;
  std::array<uint8_t, 32> reset_secret{};
  quic::ReceiveBatch batch;
};

QuicServer::QuicServer(EventLoop& loop, QuicServerOptions options,
                       std::function<void(std::shared_ptr<QuicConnection>)> on_connection) {
  if (!options.certificate) throw Error(code::transport, "QuicServer needs a certificate");
  impl_ = std::make_shared<Impl>(loop, std::move(options), std::move(on_connection));
  impl_->start_watching();
}

QuicServer::~QuicServer() { impl_->abandon_all(); }

uint16_t QuicServer::local_port() const { return impl_->socket().local_address().port(); }

void QuicServer::shutdown(uint64_t code, std::string_view reason) {
  std::vector<std::shared_ptr<ConnectionCore>> all;
  for (auto& [key, core] : impl_->cores) all.push_back(core);
  for (auto& core : all) core->close(code, reason);
}

size_t QuicServer::connection_count() const { return impl_->cores.size(); }

}  // namespace moq
