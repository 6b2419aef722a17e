// ChunkQueue: indexes stay in order across releases from the front and compaction, and taken
// chunks come out oldest first.
#include <doctest/doctest.h>

#include <deque>
#include <string>

#include "transport/chunk_queue.h"

using moq::Bytes;
using moq::quic::ChunkQueue;

TEST_CASE("chunk queue: indexes follow the front through releases and compaction") {
  ChunkQueue queue;
  std::deque<std::string> expected;
  CHECK(queue.empty());
  int next = 0;
  auto push = [&] {
    queue.push_back(Bytes(std::to_string(next)));
    expected.push_back(std::to_string(next++));
  };
  for (int i = 0; i < 100; ++i) push();
  for (int step = 0; step < 140; ++step) {
    if (step % 3 == 0) push();
    queue.pop_front();
    expected.pop_front();
    REQUIRE(queue.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) CHECK(queue[i].view() == expected[i]);
  }
  CHECK(queue.front().view() == expected.front());
}

TEST_CASE("chunk queue: take_front hands out the oldest chunks in order") {
  ChunkQueue queue;
  for (const char* text : {"a", "b", "c", "d"}) queue.push_back(Bytes(std::string(text)));
  queue.pop_front();
  auto taken = queue.take_front(2);
  REQUIRE(taken.size() == 2);
  CHECK(taken[0].view() == "b");
  CHECK(taken[1].view() == "c");
  CHECK(queue.size() == 1);
  CHECK(queue.front().view() == "d");
  CHECK(queue.take_front(1).size() == 1);
  CHECK(queue.empty());
}
