#include "transport/webtransport/wt_session.h"

#include <algorithm>
#include <chrono>
#include <sstream>
#include <utility>

#include "moq/wire/writer.h"

namespace moq::h3 {
namespace {

Bytes stream_prefix(uint64_t signal, uint64_t session_id) {
  wire::Writer writer;
  writer.varint(signal);
  writer.varint(session_id);
  return writer.finish();
}

uint32_t capsule_code(uint64_t code) { return static_cast<uint32_t>(std::min<uint64_t>(code, UINT32_MAX)); }

// How long a closing session waits for the CONNECT stream to finish on both sides (client) or
// for the client to close the connection (server) before closing it anyway.
constexpr auto client_close_grace = std::chrono::milliseconds(1000);
constexpr auto server_close_grace = std::chrono::milliseconds(3000);

}  // namespace

WebTransportSession::WebTransportSession(std::shared_ptr<H3Connection> h3, BiStream connect_stream, std::string path,
                                         Side side)
    : h3_(std::move(h3)),
      connect_(std::move(connect_stream)),
      path_(std::move(path)),
      side_(side) {}

WebTransportSession::~WebTransportSession() {
  // Dropped while open: close as the application would have, code 0.
  if (!closed_ && !h3_->quic().closed()) {
    connect_.send->write(encode_close_session(0, ""));
    connect_.send->finish();
    h3_->fail_after(close_grace(), stream_code_to_wire(0), "");
  }
}

void WebTransportSession::start(std::vector<uint8_t> leftover, bool fin) {
  h3_->attach(weak_from_this(), session_id());
  std::weak_ptr<WebTransportSession> weak = weak_from_this();
  connect_.recv->on_data([weak](std::span<const uint8_t> data, bool data_fin) {
    if (auto self = weak.lock()) self->read_connect(data, data_fin);
  });
  connect_.recv->on_reset([weak](uint64_t) {
    if (auto self = weak.lock()) {
      self->peer_connect_done_ = true;
      self->end(Error(code::transport, "WebTransport CONNECT stream reset by the peer"));
      self->finish_connect();
      self->close_transport_later(h3_no_error, "");
    }
  });
  if (!leftover.empty() || fin) read_connect(leftover, fin);
}

void WebTransportSession::read_connect(std::span<const uint8_t> data, bool fin) {
  if (fin) peer_connect_done_ = true;
  try {
    frames_.push(data);
    while (auto frame = frames_.next()) {
      if (frame->type != frame::data || closed_) continue;  // trailers, GREASE: nothing to do
      capsules_.push(frame->payload);
      while (auto capsule = capsules_.next()) {
        if (capsule->type != capsule::close_webtransport_session) continue;  // GREASE and others
        auto close = decode_close_session(capsule->payload);
        end(Error(close.code, close.reason));
        break;
      }
    }
  } catch (const Error& error) {
    return close(code::decode, std::string("WebTransport CONNECT stream: ") + error.what());
  }
  if (fin) end(Error(code::cancel, "WebTransport session ended by the peer"));
  if (closed_) {
    // Answer the peer's close (or acknowledge ours) by ending our side too.
    finish_connect();
    close_transport_later(h3_no_error, "");
    close_transport_when_done();
  }
}

void WebTransportSession::finish_connect() {
  if (connect_finished_) return;
  connect_finished_ = true;
  connect_.send->finish();
}

void WebTransportSession::close(uint64_t code, std::string_view reason) {
  if (closed_ || h3_->quic().closed()) return end(Error(code, std::string(reason)));
  end(Error(code, std::string(reason)));
  if (!connect_finished_) {
    connect_.send->write(encode_close_session(capsule_code(code), reason));
    finish_connect();
  }
  // Peers that ignore the capsule still learn the code from the connection close.
  close_transport_later(stream_code_to_wire(capsule_code(code)), std::string(reason));
}

void WebTransportSession::close_transport_later(uint64_t quic_code, std::string reason) {
  if (h3_->quic().closed() || close_pending_) return;
  close_pending_ = true;
  pending_quic_code_ = quic_code;
  pending_reason_ = reason;
  h3_->fail_after(close_grace(), quic_code, std::move(reason));
  connect_.send->on_acked([self = shared_from_this()] {
    self->own_connect_acked_ = true;
    self->close_transport_when_done();
  });
}

void WebTransportSession::close_transport_when_done() {
  if (side_ == Side::client && close_pending_ && own_connect_acked_ && peer_connect_done_)
    h3_->fail(pending_quic_code_, pending_reason_);
}

std::chrono::milliseconds WebTransportSession::close_grace() const {
  return side_ == Side::client ? client_close_grace : server_close_grace;
}

void WebTransportSession::end(Error error) {
  if (closed_) return;
  closed_ = error;
  incoming_bi_.clear();
  incoming_uni_.clear();
  // Dropped now, not in the posted call: they may hold what holds this session.
  on_bi_ = nullptr;
  on_uni_ = nullptr;
  if (auto callback = std::exchange(on_closed_, nullptr)) {
    h3_->loop().post([callback = std::move(callback), error = std::move(error)] { callback(error); });
  }
}

void WebTransportSession::transport_closed(const Error& error) {
  if (closed_) return;
  if (auto mapped = stream_code_from_wire(error.code())) return end(Error(*mapped, error.what()));
  if (error.code() == h3_no_error) return end(Error(code::cancel, "HTTP/3 connection closed"));
  if (error.code() == code::transport) return end(error);
  std::ostringstream message;
  message << "HTTP/3 connection closed with error 0x" << std::hex << error.code();
  if (*error.what() != '\0') message << ": " << error.what();
  end(Error(code::transport, message.str()));
}

void WebTransportSession::check_open() const {
  if (closed_) throw Error(code::transport, "WebTransport session is closed");
}

BiStream WebTransportSession::open_bi() {
  check_open();
  BiStream stream = h3_->quic().open_bi();
  stream.send->write(stream_prefix(webtransport_bidi_signal, session_id()));
  return stream;
}

std::shared_ptr<SendStream> WebTransportSession::open_uni() {
  check_open();
  auto stream = h3_->quic().open_uni();
  stream->write(stream_prefix(stream_type::webtransport, session_id()));
  return stream;
}

void WebTransportSession::incoming_bi(BiStream stream) {
  if (closed_) {
    stream.recv->stop(code::cancel);
    stream.send->reset(code::cancel);
    return;
  }
  incoming_bi_.push_back(std::move(stream));
  schedule_incoming();
}

void WebTransportSession::incoming_uni(std::shared_ptr<RecvStream> stream) {
  if (closed_) return stream->stop(code::cancel);
  incoming_uni_.push_back(std::move(stream));
  schedule_incoming();
}

void WebTransportSession::on_bi(std::function<void(BiStream)> callback) {
  on_bi_ = std::move(callback);
  schedule_incoming();
}

void WebTransportSession::on_uni(std::function<void(std::shared_ptr<RecvStream>)> callback) {
  on_uni_ = std::move(callback);
  schedule_incoming();
}

void WebTransportSession::on_closed(std::function<void(const Error&)> callback) { on_closed_ = std::move(callback); }

void WebTransportSession::schedule_incoming() {
  if (incoming_posted_ || (incoming_bi_.empty() && incoming_uni_.empty())) return;
  incoming_posted_ = true;
  h3_->loop().post([weak = weak_from_this()] {
    if (auto self = weak.lock()) {
      self->incoming_posted_ = false;
      self->deliver_incoming();
    }
  });
}

void WebTransportSession::deliver_incoming() {
  while (on_bi_ && !incoming_bi_.empty()) {
    auto stream = std::move(incoming_bi_.front());
    incoming_bi_.pop_front();
    auto callback = on_bi_;
    callback(std::move(stream));
  }
  while (on_uni_ && !incoming_uni_.empty()) {
    auto stream = std::move(incoming_uni_.front());
    incoming_uni_.pop_front();
    auto callback = on_uni_;
    callback(std::move(stream));
  }
}

}  // namespace moq::h3
