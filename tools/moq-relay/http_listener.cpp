#include "http_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

#include "moq/error.h"
#include "tool_failure.h"

namespace moq::relay_tool {

namespace {

// A request head larger than this is refused: the endpoints take no body and short paths.
constexpr size_t max_request_head = 8192;
// A client that has not been answered by then is dropped, so idle connections cannot pile up.
constexpr auto client_time_limit = std::chrono::seconds(5);

struct HostPort {
  std::string host;
  std::string port;
};

HostPort split_address(const std::string& address) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos || colon + 1 == address.size()) {
    throw tool::ToolFailure(tool::ExitCode::usage, "address " + address + " has no port (expected host:port)");
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return {host, address.substr(colon + 1)};
}

std::string reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    default: return "Error";
  }
}

}  // namespace

struct HttpListener::Client {
  Client(EventLoop& loop, std::function<void()> on_time_limit) : time_limit(loop, std::move(on_time_limit)) {}
  int fd = -1;
  EventLoop::Watch watch;
  EventLoop::Timer time_limit;
  std::string request;
  std::string response;
  size_t sent = 0;
};

HttpListener::HttpListener(EventLoop& loop, const std::string& address, Handler handler)
    : loop_(loop), handler_(std::move(handler)) {
  HostPort where = split_address(address);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  int status = getaddrinfo(where.host.empty() ? nullptr : where.host.c_str(), where.port.c_str(), &hints, &found);
  if (status != 0) throw Error(code::transport, "cannot resolve " + address + ": " + gai_strerror(status));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> addresses(found, freeaddrinfo);
  fd_ = socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw Error(code::transport, "cannot create a TCP socket: " + std::string(std::strerror(errno)));
  int on = 1;
  int off = 0;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  // "[::]:port" serves IPv4 too, as the QUIC side does.
  if (found->ai_family == AF_INET6) setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  if (bind(fd_, found->ai_addr, found->ai_addrlen) != 0 || listen(fd_, 64) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd_);
    throw Error(code::transport, "cannot listen on tcp " + address + ": " + why);
  }
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length);
  port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                            : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  watch_ = EventLoop::Watch(loop_, fd_, EPOLLIN, [this](uint32_t) { accept_clients(); });
}

HttpListener::~HttpListener() {
  for (auto& [fd, client] : clients_) {
    client->watch = EventLoop::Watch();
    ::close(fd);
  }
  watch_ = EventLoop::Watch();
  ::close(fd_);
}

void HttpListener::accept_clients() {
  for (;;) {
    int fd = accept4(fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or a connection that went away already
    auto client = std::make_unique<Client>(loop_, [this, fd] { close_client(fd); });
    client->fd = fd;
    client->time_limit.arm_after(client_time_limit);
    client->watch = EventLoop::Watch(loop_, fd, EPOLLIN, [this, fd](uint32_t) { on_client_event(fd); });
    clients_[fd] = std::move(client);
  }
}

void HttpListener::on_client_event(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  Client& client = *it->second;
  if (client.response.empty()) {
    char buffer[4096];
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (got <= 0) {
      close_client(fd);
      return;
    }
    client.request.append(buffer, static_cast<size_t>(got));
    auto head_end = client.request.find("\r\n\r\n");
    if (head_end == std::string::npos && client.request.size() < max_request_head) return;
    HttpResponse response;
    std::string method;
    std::string target;
    auto line_end = client.request.find("\r\n");
    auto first_space = client.request.find(' ');
    auto second_space = first_space == std::string::npos ? first_space : client.request.find(' ', first_space + 1);
    if (head_end == std::string::npos || second_space == std::string::npos || second_space > line_end) {
      response = {400, "text/plain; charset=utf-8", "bad request\n", false};
    } else {
      method = client.request.substr(0, first_space);
      target = client.request.substr(first_space + 1, second_space - first_space - 1);
      if (method != "GET" && method != "HEAD") {
        response = {405, "text/plain; charset=utf-8", "only GET\n", false};
      } else {
        response = handler_(target.substr(0, target.find('?')));
      }
    }
    std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) +
                       "\r\nContent-Type: " + response.content_type +
                       "\r\nContent-Length: " + std::to_string(response.body.size()) + "\r\nConnection: close\r\n";
    if (response.allow_any_origin) head += "Access-Control-Allow-Origin: *\r\n";
    client.response = head + "\r\n" + (method == "HEAD" ? std::string() : response.body);
    client.watch.modify(EPOLLOUT);
  }
  while (client.sent < client.response.size()) {
    ssize_t sent = send(fd, client.response.data() + client.sent, client.response.size() - client.sent, MSG_NOSIGNAL);
    if (sent < 0 && (errno == EAGAIN || errno == EINTR)) return;
    if (sent <= 0) break;
    client.sent += static_cast<size_t>(sent);
  }
  close_client(fd);
}

void HttpListener::close_client(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  // The watch goes before the descriptor, so a reused number is never left unwatched.
  auto client = std::move(it->second);
  clients_.erase(it);
  client->watch = EventLoop::Watch();
  ::close(fd);
}

}  // namespace moq::relay_tool
