#include "transport/webtransport/h3_connection.h"

#include <string>
#include <utility>

#include "moq/wire/writer.h"
#include "transport/webtransport/wt_recv_stream.h"
#include "transport/webtransport/wt_session.h"

namespace moq::h3 {

H3Connection::H3Connection(EventLoop& loop, std::shared_ptr<QuicConnection> quic)
    : loop_(loop), quic_(std::move(quic)), delayed_close_(loop, [this] { fail(delayed_code_, delayed_reason_); }) {}

void H3Connection::start(Handlers handlers) {
  handlers_ = std::move(handlers);
  wire::Writer control;
  control.varint(stream_type::control);
  control.raw(encode_tlv(frame::settings, encode_settings_payload(webtransport_settings()).span()).span());
  control_ = quic_->open_uni();
  control_->write(control.finish());

  // These hold the connection object until the QUIC connection is gone (it then drops them).
  auto self = shared_from_this();
  quic_->on_uni([self](const std::shared_ptr<RecvStream>& stream) { self->accept_uni(stream); });
  quic_->on_bi([self](const BiStream& stream) { self->accept_bi(stream); });
  quic_->on_closed([self](const Error& error) {
    if (auto session = self->session_.lock()) session->transport_closed(error);
    if (self->handlers_.on_closed) self->handlers_.on_closed(error);
  });
}

void H3Connection::attach(std::weak_ptr<WebTransportSession> session, uint64_t session_id) {
  session_ = std::move(session);
  session_id_ = session_id;
  attached_ = true;
  for (auto& stream : std::exchange(held_bi_, {})) route_bi(session_id, std::move(stream));
  for (auto& stream : std::exchange(held_uni_, {})) route_uni(session_id, std::move(stream));
}

void H3Connection::fail(uint64_t h3_code, std::string_view reason) {
  delayed_close_.cancel();
  if (!quic_->closed()) quic_->close(h3_code, reason);
}

void H3Connection::fail_after(std::chrono::milliseconds delay, uint64_t h3_code, std::string reason) {
  if (quic_->closed() || delayed_close_.armed()) return;
  delayed_code_ = h3_code;
  delayed_reason_ = std::move(reason);
  delayed_close_.arm_after(delay);
}

void H3Connection::accept_uni(const std::shared_ptr<RecvStream>& stream) {
  auto buffered = std::make_shared<std::vector<uint8_t>>();
  stream->on_data([weak_self = weak_from_this(), weak_stream = std::weak_ptr<RecvStream>(stream), buffered](
                      std::span<const uint8_t> data, bool fin) {
    auto self = weak_self.lock();
    auto stream = weak_stream.lock();
    if (!self || !stream) return;
    buffered->insert(buffered->end(), data.begin(), data.end());
    self->classify_uni(stream, *buffered, fin);
  });
}

void H3Connection::classify_uni(const std::shared_ptr<RecvStream>& stream, std::vector<uint8_t>& buffered, bool fin) {
  auto type = peek_varint(buffered, 0);
  if (!type) return;
  std::span<const uint8_t> rest = std::span<const uint8_t>(buffered).subspan(type->end);
  switch (type->value) {
    case stream_type::control:
      if (peer_control_) return fail(h3_error::general_protocol, "second HTTP/3 control stream");
      peer_control_ = stream;
      stream->on_data([weak = weak_from_this()](std::span<const uint8_t> data, bool data_fin) {
        if (auto self = weak.lock()) self->read_control(data, data_fin);
      });
      read_control(rest, fin);
      return;
    case stream_type::qpack_encoder:
    case stream_type::qpack_decoder:
      // With a dynamic table of capacity 0 there is nothing to read; the streams stay open.
      peer_qpack_streams_.push_back(stream);
      stream->on_data([](std::span<const uint8_t>, bool) {});
      return;
    case stream_type::webtransport: {
      auto id = peek_varint(buffered, type->end);
      if (!id) return;
      stream->pause();
      std::vector<uint8_t> leftover(buffered.begin() + static_cast<ptrdiff_t>(id->end), buffered.end());
      if (!route_uni(id->value, WtRecvStream::create(loop_, stream, std::move(leftover), fin)))
        stream->stop(code::cancel);
      return;
    }
    default:
      // Unknown stream types (and GREASE) are to be ignored: ask the peer to stop.
      stream->stop(code::cancel);
      return;
  }
}

void H3Connection::read_control(std::span<const uint8_t> data, bool fin) {
  try {
    control_frames_.push(data);
    while (auto item = control_frames_.next()) {
      if (!peer_settings_) {
        if (item->type != frame::settings) return fail(h3_error::missing_settings, "control stream must start with SETTINGS");
        peer_settings_ = decode_settings_payload(item->payload);
        if (handlers_.on_settings) handlers_.on_settings();
      } else if (item->type == frame::settings) {
        return fail(h3_error::general_protocol, "second SETTINGS frame");
      }
      // GOAWAY, MAX_PUSH_ID and unknown frames need no action here.
    }
  } catch (const Error& error) {
    return fail(h3_error::general_protocol, error.what());
  }
  if (fin) fail(h3_error::closed_critical_stream, "HTTP/3 control stream closed");
}

void H3Connection::accept_bi(const BiStream& stream) {
  auto buffered = std::make_shared<std::vector<uint8_t>>();
  auto weak_send = std::weak_ptr<SendStream>(stream.send);
  auto weak_recv = std::weak_ptr<RecvStream>(stream.recv);
  stream.recv->on_data([weak_self = weak_from_this(), weak_send, weak_recv, buffered](std::span<const uint8_t> data,
                                                                                       bool fin) {
    auto self = weak_self.lock();
    BiStream bi{weak_send.lock(), weak_recv.lock()};
    if (!self || !bi.send || !bi.recv) return;
    buffered->insert(buffered->end(), data.begin(), data.end());
    self->classify_bi(bi, *buffered, fin);
  });
}

void H3Connection::classify_bi(const BiStream& stream, std::vector<uint8_t>& buffered, bool fin) {
  auto signal = peek_varint(buffered, 0);
  if (!signal) return;
  if (signal->value == webtransport_bidi_signal) {
    auto id = peek_varint(buffered, signal->end);
    if (!id) return;
    stream.recv->pause();
    std::vector<uint8_t> leftover(buffered.begin() + static_cast<ptrdiff_t>(id->end), buffered.end());
    if (!route_bi(id->value, {stream.send, WtRecvStream::create(loop_, stream.recv, std::move(leftover), fin)})) {
      stream.recv->stop(code::cancel);
      stream.send->reset(code::cancel);
    }
    return;
  }
  if (!handlers_.on_request) {
    // A client expects no requests from its server.
    stream.recv->stop(code::cancel);
    stream.send->reset(code::cancel);
    return;
  }
  auto on_request = handlers_.on_request;
  on_request(stream, std::move(buffered), fin);
}

bool H3Connection::route_bi(uint64_t session_id, BiStream stream) {
  if (session_id_ != session_id) return false;
  if (!attached_) {
    held_bi_.push_back(std::move(stream));
    return true;
  }
  auto session = session_.lock();
  if (session) session->incoming_bi(std::move(stream));
  return session != nullptr;
}

bool H3Connection::route_uni(uint64_t session_id, std::shared_ptr<RecvStream> stream) {
  if (session_id_ != session_id) return false;
  if (!attached_) {
    held_uni_.push_back(std::move(stream));
    return true;
  }
  auto session = session_.lock();
  if (session) session->incoming_uni(std::move(stream));
  return session != nullptr;
}

}  // namespace moq::h3
