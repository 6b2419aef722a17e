#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "bulk_transfer.h"
#include "quic_fixture.h"

namespace moq::test {

TEST_CASE("quic: 1,000 small streams arrive byte-identical, beyond the peer's stream limit") {
  QuicOptions server_options;
  server_options.max_streams_uni = 100;  // the client must queue streams until credit comes back
  QuicFixture f(server_options);
  auto client = f.connect();
  auto server = f.accepted.at(0);

  std::map<uint64_t, std::string> received;
  size_t finished = 0;
  server->on_uni([&](std::shared_ptr<RecvStream> stream) {
    stream->on_data([&, stream](std::span<const uint8_t> data, bool fin) {
      received[stream->id()].append(data.begin(), data.end());
      if (fin) ++finished;
    });
  });

  std::map<uint64_t, std::string> sent;
  for (int i = 0; i < 1000; ++i) {
    auto stream = client->open_uni();
    std::string payload = "stream " + std::to_string(i) + ": " + std::string(static_cast<size_t>(i % 97), 'x');
    sent[stream->id()] = payload;
    stream->write(Bytes(payload));
    stream->finish();
  }
  REQUIRE(f.loop.run_until([&] { return finished == 1000; }, 20s));
  CHECK(received == sent);
}

TEST_CASE("quic: 64 MB over one stream arrive intact") {
  QuicFixture f;
  auto client = f.connect();
  auto server = f.accepted.at(0);
  constexpr uint64_t total = 64ull << 20;

  BulkReceiver receiver;
  server->on_uni([&](std::shared_ptr<RecvStream> stream) { receiver.attach(*stream); });
  auto sender = std::make_shared<BulkSender>(client->open_uni(), total);
  auto start = std::chrono::steady_clock::now();
  sender->start();
  REQUIRE(f.loop.run_until([&] { return receiver.done; }, 60s));
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  CHECK(receiver.received == total);
  CHECK(receiver.hash.value() == sender->hash.value());
  MESSAGE("64 MB in " << elapsed.count() << " s: " << (total / 1e6) / elapsed.count() << " MB/s");
  REQUIRE(f.loop.run_until([&] { return sender->acked; }, 5s));
}

TEST_CASE("quic: FIN, reset and stop-sending arrive as distinct outcomes with moq codes") {
  QuicFixture f;
  auto client = f.connect();
  auto server = f.accepted.at(0);

  struct Seen {
    std::string data;
    bool fin = false;
    std::optional<uint64_t> reset;
  };
  std::map<uint64_t, Seen> seen;
  std::vector<std::shared_ptr<RecvStream>> uni_streams;
  server->on_bi([&](BiStream stream) {
    auto id = stream.recv->id();
    stream.recv->on_data([&, id](std::span<const uint8_t> data, bool fin) {
      seen[id].data.append(data.begin(), data.end());
      seen[id].fin = seen[id].fin || fin;
    });
    stream.recv->on_reset([&, id](uint64_t code) { seen[id].reset = code; });
  });
  server->on_uni([&](std::shared_ptr<RecvStream> stream) {
    uni_streams.push_back(stream);
    stream->on_data([stream](std::span<const uint8_t>, bool) { stream->stop(42); });
  });

  auto finished = client->open_bi();
  finished.send->write(Bytes(std::string("complete")));
  finished.send->finish();

  auto reset = client->open_bi();
  reset.send->write(Bytes(std::string("partial")));
  reset.send->reset(13);

  auto stopped = client->open_uni();
  std::optional<uint64_t> stop_code;
  stopped->on_stopped([&](uint64_t code) { stop_code = code; });
  stopped->write(Bytes(std::string("please stop me")));

  REQUIRE(f.loop.run_until([&] {
    return seen[finished.send->id()].fin && seen[reset.send->id()].reset && stop_code;
  }, 5s));
  CHECK(seen[finished.send->id()].data == "complete");
  CHECK_FALSE(seen[finished.send->id()].reset);
  CHECK(*seen[reset.send->id()].reset == 13);
  CHECK_FALSE(seen[reset.send->id()].fin);
  CHECK(*stop_code == 42);
}

TEST_CASE("quic: backpressure: writable() turns false past the limit and on_writable follows") {
  QuicOptions client_options;
  client_options.stream_write_limit = 64 * 1024;
  QuicFixture f({}, client_options);
  auto client = f.connect();
  auto server = f.accepted.at(0);
  BulkReceiver receiver;
  server->on_uni([&](std::shared_ptr<RecvStream> stream) { receiver.attach(*stream); });

  auto stream = client->open_uni();
  CHECK(stream->writable());
  auto buffers = make_pattern_buffers(1, 256 * 1024);
  stream->write(buffers[0]);
  CHECK_FALSE(stream->writable());
  CHECK(stream->unacked() == 256 * 1024);
  int writable_calls = 0;
  stream->on_writable([&] { ++writable_calls; });
  REQUIRE(f.loop.run_until([&] { return writable_calls > 0; }, 5s));
  CHECK(stream->writable());
  stream->finish();
  REQUIRE(f.loop.run_until([&] { return receiver.done && stream->unacked() == 0; }, 5s));
  CHECK(receiver.received == 256 * 1024);
  CHECK(writable_calls == 1);
}

TEST_CASE("quic: a paused reader holds data back and gets it on resume") {
  QuicFixture f;
  auto client = f.connect();
  auto server = f.accepted.at(0);
  std::shared_ptr<RecvStream> reader;
  uint64_t received = 0;
  bool fin = false;
  server->on_uni([&](std::shared_ptr<RecvStream> stream) {
    reader = stream;
    stream->pause();
    stream->on_data([&](std::span<const uint8_t> data, bool last) {
      received += data.size();
      fin = fin || last;
    });
  });
  auto stream = client->open_uni();
  stream->write(make_pattern_buffers(1, 100 * 1024)[0]);
  stream->finish();
  REQUIRE(f.loop.run_until([&] { return reader != nullptr; }, 5s));
  f.loop.run_until([] { return false; }, 200ms);
  CHECK(received == 0);
  reader->resume();
  REQUIRE(f.loop.run_until([&] { return fin; }, 5s));
  CHECK(received == 100 * 1024);
}

TEST_CASE("quic: higher priority streams are sent first; ties go to the newest stream") {
  QuicFixture f;
  std::vector<char> first_bytes_order;
  std::map<uint64_t, bool> seen_stream;
  std::vector<std::shared_ptr<SendStream>> streams;
  size_t finished = 0;
  f.on_accept = [&](QuicConnection& server) {
    server.on_uni([&](std::shared_ptr<RecvStream> stream) {
      stream->on_data([&, stream](std::span<const uint8_t> data, bool fin) {
        if (!data.empty() && !seen_stream[stream->id()]) {
          seen_stream[stream->id()] = true;
          first_bytes_order.push_back(static_cast<char>(data[0]));
        }
        if (fin) ++finished;
      });
    });
  };
  // Streams are filled in the connect callback, before any of them reaches the wire.
  f.client->connect(
      f.url(),
      [&](std::shared_ptr<QuicConnection> c) {
        f.connected = c;
        auto write = [&](char tag, int64_t priority) {
          auto stream = c->open_uni();
          stream->set_priority(priority);
          stream->write(Bytes(std::string(20000, tag)));
          stream->finish();
          streams.push_back(stream);
        };
        write('l', 0);
        write('h', 10);
        write('m', 5);
        write('a', 5);  // same priority as 'm', newer: goes before it
      },
      [&](const Error& e) { f.failure = e; });
  REQUIRE(f.loop.run_until([&] { return !f.accepted.empty() || f.failure; }, 5s));
  REQUIRE_FALSE(f.failure);
  REQUIRE(f.loop.run_until([&] { return finished == 4; }, 5s));
  CHECK(std::string(first_bytes_order.begin(), first_bytes_order.end()) == "haml");
}

}  // namespace moq::test
