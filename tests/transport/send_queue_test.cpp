// SendQueue: the datagrams of one loop iteration, sent together at its end.

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "moq/event_loop.h"
#include "transport/send_queue.h"
#include "transport/udp_socket.h"

namespace moq::quic {

namespace {

UdpSocket bound() { return UdpSocket::bind(SocketAddress::parse("127.0.0.1:0")); }

// The first byte of each datagram waiting at socket, in arrival order.
std::vector<uint8_t> received_tags(UdpSocket& socket) {
  std::vector<uint8_t> tags;
  ReceiveBatch batch;
  int error = 0;
  while (socket.receive(batch, error)) {
    for (size_t i = 0; i < batch.count(); ++i) tags.push_back(batch[i].data[0]);
  }
  return tags;
}

void send_tagged(SendQueue& queue, const UdpSocket& to, uint8_t tag, size_t size = 100) {
  std::vector<uint8_t> datagram(size, tag);
  auto result = queue.send(to.local_address(), datagram.data(), datagram.size(), datagram.size());
  CHECK(result.sent == size);
  CHECK(!result.blocked);
}

}  // namespace

TEST_CASE("datagrams queued during an iteration go out at its end, in order, each to its peer") {
  EventLoop loop;
  auto sender = bound();
  auto first = bound();
  auto second = bound();
  auto queue = std::make_shared<SendQueue>(loop, sender, [] { FAIL("the socket is never full here"); });
  bool held_until_end = false;
  bool done = false;
  loop.post([&] {
    for (uint8_t tag = 0; tag < 10; ++tag) send_tagged(*queue, tag % 2 == 0 ? first : second, tag);
    held_until_end = received_tags(first).empty() && received_tags(second).empty();
    loop.post([&] { done = true; });
  });
  REQUIRE(loop.run_until([&] { return done; }, std::chrono::seconds(5)));
  CHECK(held_until_end);
  CHECK(received_tags(first) == std::vector<uint8_t>{0, 2, 4, 6, 8});
  CHECK(received_tags(second) == std::vector<uint8_t>{1, 3, 5, 7, 9});
}

TEST_CASE("a long iteration's datagrams go out in batches, in order; a GSO train is split on arrival") {
  EventLoop loop;
  auto sender = bound();
  auto receiver = bound();
  auto queue = std::make_shared<SendQueue>(loop, sender, [] { FAIL("the socket is never full here"); });
  bool done = false;
  std::vector<uint8_t> tags;
  loop.post([&] {
    for (uint8_t tag = 0; tag < 100; ++tag) send_tagged(*queue, receiver, tag);
    tags = received_tags(receiver);  // the full batches, sent without waiting for the end
    std::vector<uint8_t> train(250, 200);  // three datagrams of 100, 100 and 50 bytes
    CHECK(queue->send(receiver.local_address(), train.data(), train.size(), 100).sent == train.size());
    loop.post([&] { done = true; });
  });
  REQUIRE(loop.run_until([&] { return done; }, std::chrono::seconds(5)));
  CHECK(!tags.empty());
  CHECK(tags.size() < 100);
  auto rest = received_tags(receiver);
  tags.insert(tags.end(), rest.begin(), rest.end());
  std::vector<uint8_t> expected;
  for (uint8_t tag = 0; tag < 100; ++tag) expected.push_back(tag);
  expected.insert(expected.end(), {200, 200, 200});
  CHECK(tags == expected);
}

TEST_CASE("what is queued when the queue goes is sent, not lost") {
  EventLoop loop;
  auto sender = bound();
  auto receiver = bound();
  auto queue = std::make_shared<SendQueue>(loop, sender, [] {});
  send_tagged(*queue, receiver, 7);
  send_tagged(*queue, receiver, 8);
  queue.reset();
  CHECK(received_tags(receiver) == std::vector<uint8_t>{7, 8});
}

}  // namespace moq::quic
