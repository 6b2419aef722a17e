#pragma once
// A minimal HTTP/1.1 server on TCP, on the event loop, for the relay's plain-text endpoints
// (/metrics, /fingerprint). One request per connection: read the request head, answer, close.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "moq/event_loop.h"

namespace moq::relay_tool {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  bool allow_any_origin = false;  // Access-Control-Allow-Origin: *
};

class HttpListener {
 public:
  // Answers GET and HEAD requests with handler(path). Throws moq::Error if address ("host:port",
  // "[v6]:port", port 0 picks one) cannot be bound, ToolFailure (usage) if it has no port.
  using Handler = std::function<HttpResponse(const std::string& path)>;
  HttpListener(EventLoop& loop, const std::string& address, Handler handler);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  uint16_t local_port() const { return port_; }

 private:
  struct Client;
  void accept_clients();
  void on_client_event(int fd);
  void close_client(int fd);

  EventLoop& loop_;
  Handler handler_;
  int fd_ = -1;
  uint16_t port_ = 0;
  EventLoop::Watch watch_;
  std::map<int, std::unique_ptr<Client>> clients_;
};

}  // namespace moq::relay_tool
