#include <chrono>
#include <string>
#include <utility>

#include "moq/url.h"
#include "moq/webtransport.h"
#include "transport/webtransport/h3_connection.h"
#include "transport/webtransport/wt_session.h"

namespace moq {
namespace {

QuicClientOptions h3_options(QuicClientOptions options) {
  options.quic.alpns = {std::string(alpn_h3)};
  if (options.quic.max_datagram_frame_size == 0) options.quic.max_datagram_frame_size = h3::max_datagram_frame_size;
  return options;
}

// From the established QUIC connection to the accepted CONNECT: waits for the server's
// SETTINGS, sends the request and reads the response. The HTTP/3 connection owns it (through
// its handlers), so it only refers back weakly.
class ClientHandshake : public std::enable_shared_from_this<ClientHandshake> {
 public:
  ClientHandshake(EventLoop& loop, Url url,
                  std::function<void(std::shared_ptr<Connection>)> on_connected,
                  std::function<void(const Error&)> on_failed)
      : url_(std::move(url)),
        on_connected_(std::move(on_connected)),
        on_failed_(std::move(on_failed)),
        timeout_(loop, [this] { fail(Error(code::transport, "WebTransport handshake timed out")); }) {}

  void start(const std::shared_ptr<h3::H3Connection>& h3, std::chrono::milliseconds timeout) {
    h3_ = h3;
    // The HTTP/3 connection holds the handshake until the QUIC connection is gone.
    auto self = shared_from_this();
    h3->start({.on_settings = [self] { self->send_connect(); },
               .on_request = {},
               .on_closed = [self](const Error& error) { self->fail(error); }});
    timeout_.arm_after(timeout);
  }

 private:
  void send_connect() {
    auto h3 = h3_.lock();
    if (done_ || !h3) return;
    if (h3::setting_value(*h3->peer_settings(), h3::setting::enable_connect_protocol) != 1u)
      return fail(Error(code::transport, "the server does not accept extended CONNECT (no WebTransport over HTTP/3)"));
    connect_ = h3->quic().open_bi();
    h3->expect(connect_.send->id());
    h3::HeaderList headers{{":method", "CONNECT"},
                           {":scheme", "https"},
                           {":authority", url_.authority_host() + ":" + std::to_string(url_.port)},
                           {":path", url_.path},
                           {":protocol", "webtransport"},
                           {"sec-webtransport-http3-draft02", "1"}};
    auto section = h3->encoder().encode(static_cast<int64_t>(connect_.send->id()), headers);
    connect_.send->write(h3::encode_tlv(h3::frame::headers, section.span()));
    connect_.recv->on_data([self = shared_from_this()](std::span<const uint8_t> data, bool fin) {
      self->read_response(data, fin);
    });
  }

  void read_response(std::span<const uint8_t> data, bool fin) {
    auto h3 = h3_.lock();
    if (done_ || !h3) return;
    try {
      frames_.push(data);
      while (auto frame = frames_.next()) {
        if (frame->type != h3::frame::headers) continue;
        auto headers = h3->decoder().decode(static_cast<int64_t>(connect_.recv->id()), frame->payload);
        auto status = h3::header_value(headers, ":status").value_or("");
        if (status.size() != 3 || status[0] != '2')
          return fail(Error(code::transport, "WebTransport CONNECT refused with HTTP status " + std::string(status)));
        return accept(h3, fin);
      }
    } catch (const Error& error) {
      return fail(Error(code::transport, std::string("WebTransport CONNECT response: ") + error.what()));
    }
    if (fin) fail(Error(code::transport, "WebTransport CONNECT stream ended without a response"));
  }

  void accept(const std::shared_ptr<h3::H3Connection>& h3, bool fin) {
    done_ = true;
    timeout_.cancel();
    auto session = std::make_shared<h3::WebTransportSession>(h3, connect_, url_.path,
                                                             h3::WebTransportSession::Side::client);
    session->start(frames_.take_rest(), fin);
    auto on_connected = std::move(on_connected_);
    on_connected(std::move(session));
  }

  void fail(const Error& error) {
    if (done_) return;
    done_ = true;
    timeout_.cancel();
    if (auto h3 = h3_.lock()) h3->fail(h3::h3_no_error, "");
    auto on_failed = std::move(on_failed_);
    on_failed(error);
  }

  std::weak_ptr<h3::H3Connection> h3_;
  Url url_;
  std::function<void(std::shared_ptr<Connection>)> on_connected_;
  std::function<void(const Error&)> on_failed_;
  EventLoop::Timer timeout_;
  BiStream connect_;
  h3::TlvParser frames_{1 << 16};
  bool done_ = false;
};

}  // namespace

WebTransportClient::WebTransportClient(EventLoop& loop, QuicClientOptions options)
    : loop_(loop), handshake_timeout_(options.quic.handshake_timeout), quic_(loop, h3_options(std::move(options))) {}

WebTransportClient::~WebTransportClient() = default;

void WebTransportClient::connect(std::string_view url, std::function<void(std::shared_ptr<Connection>)> on_connected,
                                 const std::function<void(const Error&)>& on_failed) {
  Url parsed = Url::parse(url);
  if (parsed.scheme != "https")
    throw Error(code::transport, "unsupported URL scheme '" + parsed.scheme + "' for WebTransport (use https://)");
  // The QUIC client takes moqf:// URLs; host, port and path are what it needs of this one.
  std::string quic_url = "moqf://" + parsed.authority_host() + ":" + std::to_string(parsed.port) + parsed.path;
  EventLoop& loop = loop_;
  auto timeout = handshake_timeout_;
  quic_.connect(
      quic_url,
      [&loop, timeout, parsed, on_connected = std::move(on_connected), on_failed](std::shared_ptr<QuicConnection> quic) {
        auto handshake = std::make_shared<ClientHandshake>(loop, parsed, on_connected, on_failed);
        handshake->start(std::make_shared<h3::H3Connection>(loop, std::move(quic)), timeout);
      },
      on_failed);
}

EndpointClient::EndpointClient(EventLoop& loop, const QuicClientOptions& options)
    : loop_(loop), options_(options), quic_(loop, options) {}

void EndpointClient::connect(std::string_view url, std::function<void(std::shared_ptr<Connection>)> on_connected,
                             std::function<void(const Error&)> on_failed) {
  if (Url::parse(url).scheme == "https") {
    if (!webtransport_) webtransport_.emplace(loop_, options_);
    return webtransport_->connect(url, std::move(on_connected), on_failed);
  }
  quic_.connect(
      url, [on_connected = std::move(on_connected)](std::shared_ptr<QuicConnection> c) { on_connected(std::move(c)); },
      std::move(on_failed));
}

}  // namespace moq
