#include <utility>

#include "moq/webtransport.h"
#include "transport/webtransport/h3_connection.h"
#include "transport/webtransport/server_request.h"

namespace moq {

struct WebTransportServer::Shared {
  EventLoop& loop;
  std::shared_ptr<const h3::ServerPolicy> policy;
};

WebTransportServer::WebTransportServer(EventLoop& loop, std::function<void(std::shared_ptr<Connection>)> on_session,
                                       WebTransportServerOptions options)
    : shared_(std::make_shared<Shared>(
          Shared{loop, std::make_shared<h3::ServerPolicy>(h3::ServerPolicy{std::move(options.authorize), std::move(on_session)})})) {}

WebTransportServer::~WebTransportServer() = default;

void WebTransportServer::configure(QuicOptions& options) {
  bool has_h3 = false;
  for (const auto& alpn : options.alpns) has_h3 = has_h3 || alpn == alpn_h3;
  if (!has_h3) options.alpns.emplace_back(alpn_h3);
  if (options.max_datagram_frame_size == 0) options.max_datagram_frame_size = h3::max_datagram_frame_size;
}

void WebTransportServer::accept(std::shared_ptr<QuicConnection> connection) {
  auto h3 = std::make_shared<h3::H3Connection>(shared_->loop, std::move(connection));
  std::weak_ptr<h3::H3Connection> weak = h3;
  h3->start({.on_settings = {},
             .on_request =
                 [weak, policy = shared_->policy](BiStream stream, std::vector<uint8_t> buffered, bool fin) {
                   auto connection = weak.lock();
                   if (!connection) return;
                   auto request = std::make_shared<h3::ServerRequest>(connection, std::move(stream), policy);
                   request->start(std::move(buffered), fin);
                 },
             .on_closed = {}});
}

}  // namespace moq
