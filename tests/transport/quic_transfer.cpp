// Test helper: one end of a bulk transfer over one stream, run as a separate process (the
// network-namespace test runs it inside two namespaces).
//   quic_transfer server --bind ADDR:PORT --bytes N    exits 0 when N intact bytes arrived
//   quic_transfer client --url moqf://HOST:PORT --bytes N   exits 0 when all were acknowledged
//   quic_transfer relay --bind ADDR:PORT --to ADDR:PORT      forwards UDP both ways, dropping 2%,
//     delaying the rest by 30 ms except 25% sent at once (netem's loss/delay/reorder, for
//     kernels without sch_netem); --loss, --delay-ms, --reorder and --duplicate change that.
//     One client at a time: replies go to whoever sent last.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <vector>

#include "bulk_transfer.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace {

using namespace std::chrono_literals;

// The hash BulkSender produces for this many bytes.
uint64_t expected_hash(uint64_t total) {
  auto buffers = moq::test::make_pattern_buffers();
  moq::test::RunningHash hash;
  for (uint64_t done = 0, i = 0; done < total; ++i) {
    auto size = std::min<uint64_t>(total - done, buffers[0].size());
    hash.add(buffers[i % buffers.size()].slice(0, size).span());
    done += size;
  }
  return hash.value();
}

int run_server(const std::string& bind, uint64_t bytes, std::chrono::seconds limit) {
  moq::EventLoop loop;
  moq::TlsServerOptions tls;
  tls.generate = {"localhost"};
  moq::QuicServerOptions options;
  options.bind = bind;
  options.certificate = moq::ServerCertificate::create(tls);
  moq::test::BulkReceiver receiver;
  std::shared_ptr<moq::QuicConnection> connection;
  moq::QuicServer server(loop, options, [&](std::shared_ptr<moq::QuicConnection> c) {
    connection = c;
    c->on_uni([&](std::shared_ptr<moq::RecvStream> stream) { receiver.attach(*stream); });
  });
  auto start = std::chrono::steady_clock::now();
  if (!loop.run_until([&] { return receiver.done || receiver.reset; }, limit)) {
    std::fprintf(stderr, "server: timed out with %llu of %llu bytes\n",
                 static_cast<unsigned long long>(receiver.received), static_cast<unsigned long long>(bytes));
    return 1;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Stay a little so the client sees its last data acknowledged.
  loop.run_until([&] { return connection && connection->closed(); }, 5s);
  bool intact = receiver.received == bytes && receiver.hash.value() == expected_hash(bytes);
  std::printf("server: %llu bytes in %.1f s (%.1f MB/s), %s\n",
              static_cast<unsigned long long>(receiver.received), seconds,
              receiver.received / 1e6 / seconds, intact ? "intact" : "CORRUPTED");
  return intact ? 0 : 1;
}

int run_client(const std::string& url, uint64_t bytes, std::chrono::seconds limit) {
  moq::EventLoop loop;
  moq::QuicClientOptions options;
  options.tls.disable_verify = true;
  // BBR keeps its rate through random loss, where loss-based control crawls (and so does the
  // reference implementation's default).
  options.quic.congestion = moq::CongestionControl::bbr;
  moq::QuicClient client(loop, options);
  std::shared_ptr<moq::QuicConnection> connection;
  std::shared_ptr<moq::test::BulkSender> sender;
  auto deadline = std::chrono::steady_clock::now() + limit;
  // The server process may not be listening yet: retry for a while.
  while (!connection && std::chrono::steady_clock::now() < deadline) {
    bool failed = false;
    client.connect(url, [&](std::shared_ptr<moq::QuicConnection> c) { connection = c; },
                   [&](const moq::Error&) { failed = true; });
    loop.run_until([&] { return connection || failed; }, 10s);
    if (!connection) loop.run_until([] { return false; }, 200ms);
  }
  if (!connection) {
    std::fprintf(stderr, "client: cannot connect to %s\n", url.c_str());
    return 1;
  }
  sender = std::make_shared<moq::test::BulkSender>(connection->open_uni(), bytes);
  sender->start();
  auto remaining = std::chrono::duration_cast<std::chrono::seconds>(deadline - std::chrono::steady_clock::now());
  if (!loop.run_until([&] { return sender->acked || connection->closed(); }, remaining) || !sender->acked) {
    std::fprintf(stderr, "client: the data was not all acknowledged\n");
    return 1;
  }
  connection->close(0, "done");
  loop.run_until([] { return false; }, 200ms);
  return 0;
}

sockaddr_in parse_ipv4(const std::string& text) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  auto colon = text.rfind(':');
  inet_pton(AF_INET, text.substr(0, colon).c_str(), &address.sin_addr);
  address.sin_port = htons(static_cast<uint16_t>(std::stoi(text.substr(colon + 1))));
  return address;
}

// How the relay role treats each datagram, as fractions of all datagrams.
struct Impairment {
  double loss = 0.02;
  std::chrono::milliseconds delay{30};
  double reorder = 0.25;    // sent at once, overtaking the delayed ones
  double duplicate = 0.0;   // sent twice (the copy delayed like the rest)
};

int run_relay(const std::string& bind, const std::string& to, const Impairment& impairment,
              std::chrono::seconds limit) {
  moq::EventLoop loop;
  int outer = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);  // faces the client
  int inner = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);  // faces the server
  auto listen = parse_ipv4(bind);
  auto server = parse_ipv4(to);
  if (::bind(outer, reinterpret_cast<sockaddr*>(&listen), sizeof listen) != 0 ||
      ::connect(inner, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
    std::perror("relay");
    return 1;
  }
  sockaddr_in client{};
  std::mt19937 random(7);
  std::uniform_real_distribution<double> chance(0, 1);
  struct Packet {
    std::vector<uint8_t> data;
    bool to_server;
  };
  std::multimap<moq::EventLoop::Clock::time_point, Packet> queue;
  auto transmit = [&](const Packet& packet) {
    if (packet.to_server)
      ::send(inner, packet.data.data(), packet.data.size(), 0);
    else
      ::sendto(outer, packet.data.data(), packet.data.size(), 0, reinterpret_cast<sockaddr*>(&client), sizeof client);
  };
  moq::EventLoop::Timer timer(loop, [&] {
    auto now = moq::EventLoop::Clock::now();
    while (!queue.empty() && queue.begin()->first <= now) {
      transmit(queue.begin()->second);
      queue.erase(queue.begin());
    }
    if (!queue.empty()) timer.arm_at(queue.begin()->first);
  });
  auto delay = [&](Packet packet) {
    queue.emplace(moq::EventLoop::Clock::now() + impairment.delay, std::move(packet));
    timer.arm_at(queue.begin()->first);
  };
  auto impair = [&](Packet packet) {
    if (chance(random) < impairment.loss) return;
    if (impairment.duplicate > 0 && chance(random) < impairment.duplicate) delay(packet);
    if (chance(random) < impairment.reorder) {
      transmit(packet);
      return;
    }
    delay(std::move(packet));
  };
  uint8_t buffer[65536];
  moq::EventLoop::Watch from_client(loop, outer, EPOLLIN, [&](uint32_t) {
    socklen_t length = sizeof client;
    ssize_t n;
    while ((n = ::recvfrom(outer, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&client), &length)) > 0)
      impair({{buffer, buffer + n}, true});
  });
  moq::EventLoop::Watch from_server(loop, inner, EPOLLIN, [&](uint32_t) {
    ssize_t n;
    while ((n = ::recv(inner, buffer, sizeof buffer, 0)) > 0) impair({{buffer, buffer + n}, false});
  });
  loop.run_until([] { return false; }, limit);
  ::close(outer);
  ::close(inner);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"one end of a QUIC bulk transfer"};
  std::string role, bind = "0.0.0.0:4443", url, to;
  uint64_t bytes = 50'000'000;
  int seconds = 120;
  Impairment impairment;
  int delay_ms = 30;
  app.add_option("role", role)->required()->check(CLI::IsMember({"server", "client", "relay"}));
  app.add_option("--bind", bind);
  app.add_option("--to", to, "relay: the server's address");
  app.add_option("--url", url);
  app.add_option("--bytes", bytes);
  app.add_option("--seconds", seconds, "give up after this long");
  app.add_option("--loss", impairment.loss, "relay: fraction of datagrams dropped");
  app.add_option("--delay-ms", delay_ms, "relay: delay of the datagrams not reordered");
  app.add_option("--reorder", impairment.reorder, "relay: fraction sent at once, ahead of delayed ones");
  app.add_option("--duplicate", impairment.duplicate, "relay: fraction sent twice");
  CLI11_PARSE(app, argc, argv);
  try {
    impairment.delay = std::chrono::milliseconds(delay_ms);
    if (role == "relay") return run_relay(bind, to, impairment, std::chrono::seconds(seconds));
    return role == "server" ? run_server(bind, bytes, std::chrono::seconds(seconds))
                            : run_client(url, bytes, std::chrono::seconds(seconds));
  } catch (const moq::Error& e) {
    std::fprintf(stderr, "%s: %s\n", role.c_str(), e.what());
    return 1;
  }
}
