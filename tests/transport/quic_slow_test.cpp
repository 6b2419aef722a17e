// Long transfers: 1 GB over loopback, and 50 MB over a lossy, delayed, reordering link between
// two network namespaces.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <optional>
#include <tuple>
#include <vector>

#include "bulk_transfer.h"
#include "child_process.h"
#include "quic_fixture.h"

namespace moq::test {

TEST_CASE("quic: 1 GB over one stream arrives intact") {
  QuicFixture f;
  auto client = f.connect();
  auto server = f.accepted.at(0);
  constexpr uint64_t total = 1ull << 30;
  BulkReceiver receiver;
  server->on_uni([&](std::shared_ptr<RecvStream> stream) { receiver.attach(*stream); });
  auto sender = std::make_shared<BulkSender>(client->open_uni(), total);
  auto start = std::chrono::steady_clock::now();
  sender->start();
  REQUIRE(f.loop.run_until([&] { return receiver.done; }, 180s));
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  CHECK(receiver.received == total);
  CHECK(receiver.hash.value() == sender->hash.value());
  MESSAGE("1 GiB in one thread (both ends): " << elapsed.count() << " s, "
                                              << total / 1e6 / elapsed.count() << " MB/s");
}

namespace {

// Two namespaces joined by a veth pair with netem on both ends; removed again on destruction.
class LossyLink {
 public:
  LossyLink() {
    auto id = std::to_string(::getpid());
    server_ns_ = "moqq-s-" + id;
    client_ns_ = "moqq-c-" + id;
    std::string server_dev = "mqs" + id, client_dev = "mqc" + id;
    ok_ = run_command({"ip", "netns", "add", server_ns_}) == 0;
    ok_ = ok_ && run_command({"ip", "netns", "add", client_ns_}) == 0;
    ok_ = ok_ && run_command({"ip", "link", "add", server_dev, "type", "veth", "peer", "name", client_dev}) == 0;
    ok_ = ok_ && run_command({"ip", "link", "set", server_dev, "netns", server_ns_}) == 0;
    ok_ = ok_ && run_command({"ip", "link", "set", client_dev, "netns", client_ns_}) == 0;
    netem_ = ok_;
    for (auto [ns, dev, address] : {std::tuple{server_ns_, server_dev, "10.77.0.1/30"},
                                    std::tuple{client_ns_, client_dev, "10.77.0.2/30"}}) {
      ok_ = ok_ && run_command({"ip", "-n", ns, "addr", "add", address, "dev", dev}) == 0;
      ok_ = ok_ && run_command({"ip", "-n", ns, "link", "set", dev, "up"}) == 0;
      ok_ = ok_ && run_command({"ip", "-n", ns, "link", "set", "lo", "up"}) == 0;
      netem_ = netem_ && ok_ &&
               run_command({"ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root",
                            "netem", "loss", "2%", "delay", "30ms", "reorder", "25%"}) == 0;
    }
  }
  ~LossyLink() {
    // Deleting a namespace deletes the veth end inside it, and with it the pair.
    run_command({"ip", "netns", "delete", server_ns_});
    run_command({"ip", "netns", "delete", client_ns_});
  }
  bool ok() const { return ok_; }
  // Whether the kernel has sch_netem; without it a user-space relay impairs the traffic.
  bool netem() const { return netem_; }
  const std::string& server_ns() const { return server_ns_; }
  const std::string& client_ns() const { return client_ns_; }

 private:
  std::string server_ns_, client_ns_;
  bool ok_ = false;
  bool netem_ = false;
};

}  // namespace

TEST_CASE("quic: 50 MB arrive intact over 2% loss, 30 ms delay and reordering (netns)") {
  LossyLink link;
  if (!link.ok()) {
    MESSAGE("skipped: cannot create network namespaces and a veth pair (needs root and iproute2)");
    return;
  }
  std::string bytes = "50000000";
  std::string log = "/tmp/quic_transfer_server_" + std::to_string(::getpid()) + ".log";
  // Without netem the server listens on 4444 behind a relay on 4443 that drops, delays and
  // reorders the same way.
  std::string server_port = link.netem() ? "4443" : "4444";
  std::optional<ChildProcess> relay;
  if (!link.netem()) {
    MESSAGE("no sch_netem in this kernel: impairing with quic_transfer relay instead");
    relay.emplace(std::vector<std::string>{"ip", "netns", "exec", link.server_ns(), QUIC_TRANSFER,
                                           "relay", "--bind", "10.77.0.1:4443", "--to",
                                           "10.77.0.1:4444", "--seconds", "170"});
  }
  ChildProcess server({"ip", "netns", "exec", link.server_ns(), QUIC_TRANSFER, "server", "--bind",
                       "10.77.0.1:" + server_port, "--bytes", bytes, "--seconds", "150"},
                      log);
  ChildProcess client({"ip", "netns", "exec", link.client_ns(), QUIC_TRANSFER, "client", "--url",
                       "moqf://10.77.0.1:4443", "--bytes", bytes, "--seconds", "150"});
  REQUIRE(server.started());
  REQUIRE(client.started());
  auto start = std::chrono::steady_clock::now();
  while (!(server.exit_status() && client.exit_status()) &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(170)) {
    ::usleep(50'000);
  }
  REQUIRE(server.exit_status());
  REQUIRE(client.exit_status());
  CHECK(*server.exit_status() == 0);
  CHECK(*client.exit_status() == 0);
  std::ifstream in(log);
  std::string line;
  std::getline(in, line);
  MESSAGE(line);
  ::unlink(log.c_str());
}

}  // namespace moq::test
