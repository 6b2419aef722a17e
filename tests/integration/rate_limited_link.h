#pragma once
// A UDP forwarder on the event loop that models a bottleneck link: packets in each direction
// leave at a fixed rate through a bounded queue (tail drop), like a router in front of a slow
// line, and arrive a fixed one-way delay later. Used where netem is not available (the test
// kernel has no sch_netem); tests/bench/udp_link wraps it as a standalone process.

#include <chrono>
#include <cstdint>
#include <deque>
#include <vector>

#include <netinet/in.h>

#include "moq/event_loop.h"

namespace moq::test {

class RateLimitedLink {
 public:
  // Forwards between a socket bound on 127.0.0.1 (port()) and the server at server_port.
  RateLimitedLink(EventLoop& loop, uint16_t server_port, uint64_t bytes_per_second, size_t queue_bytes,
                  std::chrono::microseconds delay = {});
  ~RateLimitedLink();
  RateLimitedLink(const RateLimitedLink&) = delete;
  RateLimitedLink& operator=(const RateLimitedLink&) = delete;

  uint16_t port() const { return port_; }
  uint64_t dropped_packets() const { return dropped_; }

 private:
  struct InFlight {
    EventLoop::Clock::time_point arrival;
    std::vector<uint8_t> packet;
  };
  struct Direction {
    std::deque<std::vector<uint8_t>> queue;
    size_t queued_bytes = 0;
    EventLoop::Clock::time_point next_departure{};
    std::deque<InFlight> in_flight;  // sent onto the line, arriving after the delay
  };
  void enqueue(Direction& direction, const uint8_t* data, size_t size);
  void drain();

  EventLoop& loop_;
  uint64_t bytes_per_second_;
  size_t queue_bytes_;
  std::chrono::microseconds delay_;
  int client_side_ = -1;  // faces the client
  int server_side_ = -1;  // connected to the server
  uint16_t port_ = 0;
  sockaddr_in client_{};
  bool client_known_ = false;
  Direction to_server_;
  Direction to_client_;
  uint64_t dropped_ = 0;
  EventLoop::Timer timer_;
  EventLoop::Watch client_watch_;
  EventLoop::Watch server_watch_;
};

}  // namespace moq::test
