#pragma once
// The server side of one HTTP/3 request stream: reads the HEADERS frame, accepts a WebTransport
// extended CONNECT (creating the session) or answers with an HTTP error status.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "moq/connection.h"
#include "moq/webtransport.h"
#include "transport/webtransport/h3_codec.h"
#include "transport/webtransport/h3_connection.h"

namespace moq::h3 {

struct ServerPolicy {
  std::function<int(const WebTransportRequest&)> authorize;
  std::function<void(std::shared_ptr<Connection>)> on_session;
};

class ServerRequest : public std::enable_shared_from_this<ServerRequest> {
 public:
  ServerRequest(std::shared_ptr<H3Connection> h3, BiStream stream, std::shared_ptr<const ServerPolicy> policy);
  // buffered: what H3Connection read while sorting the stream.
  void start(std::vector<uint8_t> buffered, bool fin);

 private:
  void read(std::span<const uint8_t> data, bool fin);
  void handle_headers(std::span<const uint8_t> section, bool fin);
  // The status a request gets, 200 for a WebTransport session we accept.
  int check(const HeaderList& headers, WebTransportRequest& request) const;
  void respond(int status);
  void refuse(int status);

  std::shared_ptr<H3Connection> h3_;
  BiStream stream_;
  std::shared_ptr<const ServerPolicy> policy_;
  TlvParser frames_{1 << 16};
  bool answered_ = false;
};

}  // namespace moq::h3
