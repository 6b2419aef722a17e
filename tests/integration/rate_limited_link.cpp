#include "rate_limited_link.h"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace moq::test {

namespace {

sockaddr_in loopback(uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  return address;
}

}  // namespace

RateLimitedLink::RateLimitedLink(EventLoop& loop, uint16_t server_port, uint64_t bytes_per_second,
                                 size_t queue_bytes, std::chrono::microseconds delay)
    : loop_(loop),
      bytes_per_second_(bytes_per_second),
      queue_bytes_(queue_bytes),
      delay_(delay),
      timer_(loop, [this] { drain(); }) {
  client_side_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  server_side_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in bind_address = loopback(0);
  sockaddr_in server = loopback(server_port);
  if (client_side_ < 0 || server_side_ < 0 ||
      ::bind(client_side_, reinterpret_cast<sockaddr*>(&bind_address), sizeof bind_address) != 0 ||
      ::connect(server_side_, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    throw std::runtime_error("rate-limited link: cannot set up sockets");
  }
  socklen_t length = sizeof bind_address;
  ::getsockname(client_side_, reinterpret_cast<sockaddr*>(&bind_address), &length);
  port_ = ntohs(bind_address.sin_port);

  client_watch_ = EventLoop::Watch(loop, client_side_, EPOLLIN, [this](uint32_t) {
    uint8_t buffer[65536];
    socklen_t address_length = sizeof client_;
    ssize_t n;
    while ((n = ::recvfrom(client_side_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&client_),
                           &address_length)) > 0) {
      client_known_ = true;
      enqueue(to_server_, buffer, static_cast<size_t>(n));
    }
  });
  server_watch_ = EventLoop::Watch(loop, server_side_, EPOLLIN, [this](uint32_t) {
    uint8_t buffer[65536];
    ssize_t n;
    while ((n = ::recv(server_side_, buffer, sizeof buffer, 0)) > 0) {
      enqueue(to_client_, buffer, static_cast<size_t>(n));
    }
  });
}

RateLimitedLink::~RateLimitedLink() {
  client_watch_ = EventLoop::Watch();
  server_watch_ = EventLoop::Watch();
  ::close(client_side_);
  ::close(server_side_);
}

void RateLimitedLink::enqueue(Direction& direction, const uint8_t* data, size_t size) {
  if (direction.queued_bytes + size > queue_bytes_) {
    ++dropped_;
    return;
  }
  direction.queue.emplace_back(data, data + size);
  direction.queued_bytes += size;
  drain();
}

// Puts every packet whose departure time has come on the line; each occupies it for
// size / rate, so the next one leaves that much later. Packets arrive (are forwarded) the
// delay after they left.
void RateLimitedLink::drain() {
  auto now = EventLoop::Clock::now();
  EventLoop::Clock::time_point next{};
  auto wake_at = [&next](EventLoop::Clock::time_point when) {
    if (next == EventLoop::Clock::time_point{} || when < next) next = when;
  };
  for (Direction* direction : {&to_server_, &to_client_}) {
    while (!direction->queue.empty()) {
      direction->next_departure = std::max(direction->next_departure, now - std::chrono::milliseconds(2));
      if (direction->next_departure > now) break;
      auto& packet = direction->queue.front();
      direction->in_flight.push_back({direction->next_departure + delay_, std::move(packet)});
      direction->next_departure +=
          std::chrono::nanoseconds(direction->in_flight.back().packet.size() * 1'000'000'000ULL / bytes_per_second_);
      direction->queued_bytes -= direction->in_flight.back().packet.size();
      direction->queue.pop_front();
    }
    while (!direction->in_flight.empty() && direction->in_flight.front().arrival <= now) {
      const auto& packet = direction->in_flight.front().packet;
      if (direction == &to_server_) {
        ::send(server_side_, packet.data(), packet.size(), 0);
      } else if (client_known_) {
        ::sendto(client_side_, packet.data(), packet.size(), 0, reinterpret_cast<sockaddr*>(&client_), sizeof client_);
      }
      direction->in_flight.pop_front();
    }
    if (!direction->queue.empty()) wake_at(direction->next_departure);
    if (!direction->in_flight.empty()) wake_at(direction->in_flight.front().arrival);
  }
  if (next != EventLoop::Clock::time_point{}) timer_.arm_at(next);
}

}  // namespace moq::test
