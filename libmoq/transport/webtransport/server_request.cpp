#include "transport/webtransport/server_request.h"

#include <string>
#include <utility>

#include "transport/webtransport/wt_session.h"

namespace moq::h3 {
namespace {

constexpr int status_ok = 200;
constexpr int status_bad_request = 400;
constexpr int status_method_not_allowed = 405;
constexpr int status_too_many_requests = 429;
constexpr int status_not_implemented = 501;

}  // namespace

ServerRequest::ServerRequest(std::shared_ptr<H3Connection> h3, BiStream stream,
                             std::shared_ptr<const ServerPolicy> policy)
    : h3_(std::move(h3)), stream_(std::move(stream)), policy_(std::move(policy)) {}

void ServerRequest::start(std::vector<uint8_t> buffered, bool fin) {
  // The stream holds its request object until the request is answered.
  stream_.recv->on_data([self = shared_from_this()](std::span<const uint8_t> data, bool data_fin) {
    self->read(data, data_fin);
  });
  read(buffered, fin);
}

void ServerRequest::read(std::span<const uint8_t> data, bool fin) {
  if (answered_) return;  // the rest of a refused request is of no interest
  try {
    frames_.push(data);
    while (auto frame = frames_.next()) {
      if (frame->type == frame::headers) return handle_headers(frame->payload, fin);
      if (frame->type == frame::data) return refuse(status_bad_request);
      // Unknown (GREASE) frames before the headers are skipped.
    }
  } catch (const Error&) {
    return refuse(status_bad_request);
  }
  if (fin) refuse(status_bad_request);
}

void ServerRequest::handle_headers(std::span<const uint8_t> section, bool fin) {
  HeaderList headers;
  try {
    headers = h3_->decoder().decode(static_cast<int64_t>(stream_.recv->id()), section);
  } catch (const Error&) {
    return refuse(status_bad_request);
  }
  WebTransportRequest request;
  int status = check(headers, request);
  if (status == status_ok && policy_->authorize) status = policy_->authorize(request);
  if (status != status_ok) return refuse(status);

  respond(status_ok);
  auto session = std::make_shared<WebTransportSession>(h3_, stream_, request.path,
                                                       WebTransportSession::Side::server);
  session->start(frames_.take_rest(), fin);
  if (policy_->on_session) policy_->on_session(std::move(session));
}

int ServerRequest::check(const HeaderList& headers, WebTransportRequest& request) const {
  auto method = header_value(headers, ":method");
  if (!method) return status_bad_request;
  if (*method != "CONNECT") return status_method_not_allowed;
  auto protocol = header_value(headers, ":protocol");
  if (!protocol || (*protocol != "webtransport" && *protocol != "webtransport-h3")) return status_not_implemented;
  auto scheme = header_value(headers, ":scheme");
  auto authority = header_value(headers, ":authority");
  auto path = header_value(headers, ":path");
  if (scheme != "https" || !authority || !path || path->empty()) return status_bad_request;
  if (h3_->has_session()) return status_too_many_requests;
  request.authority = *authority;
  request.path = *path;
  request.origin = header_value(headers, "origin").value_or("");
  return status_ok;
}

void ServerRequest::respond(int status) {
  answered_ = true;
  HeaderList headers{{":status", std::to_string(status)}};
  if (status == status_ok) headers.emplace_back("sec-webtransport-http3-draft", "draft02");
  auto section = h3_->encoder().encode(static_cast<int64_t>(stream_.send->id()), headers);
  stream_.send->write(encode_tlv(frame::headers, section.span()));
}

void ServerRequest::refuse(int status) {
  if (answered_) return;
  respond(status);
  stream_.send->finish();
  // Whatever else the client sends on this stream is read and dropped.
  stream_.recv->on_data([](std::span<const uint8_t>, bool) {});
}

}  // namespace moq::h3
