// Bulk throughput of one QUIC stream between our client and server, each on its own thread and
// event loop: prints MB/s and the CPU seconds each side used.
//   quic_bulk_bench [--bytes N] [--cc cubic|bbr|reno]

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <future>
#include <thread>

#include "bulk_transfer.h"
#include "moq/event_loop.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace {

double thread_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Result {
  uint64_t received = 0;
  uint64_t hash = 0;
  double cpu = 0;
};

}  // namespace

int main(int argc, char** argv) {
  uint64_t bytes = 1ull << 30;
  std::string cc = "cubic";
  CLI::App app{"QUIC bulk transfer benchmark (one stream, client to server)"};
  app.add_option("--bytes", bytes, "bytes to send");
  app.add_option("--cc", cc, "congestion control")->check(CLI::IsMember({"cubic", "bbr", "reno"}));
  CLI11_PARSE(app, argc, argv);

  moq::QuicOptions quic;
  quic.congestion = cc == "bbr" ? moq::CongestionControl::bbr
                    : cc == "reno" ? moq::CongestionControl::reno
                                   : moq::CongestionControl::cubic;

  moq::TlsServerOptions tls;
  tls.generate = {"localhost"};
  auto certificate = moq::ServerCertificate::create(tls);

  std::promise<uint16_t> port_promise;
  std::promise<Result> result_promise;
  std::thread server_thread([&] {
    moq::EventLoop loop;
    moq::QuicServerOptions options;
    options.quic = quic;
    options.bind = "127.0.0.1:0";
    options.certificate = certificate;
    moq::test::BulkReceiver receiver;
    std::shared_ptr<moq::QuicConnection> connection;
    moq::QuicServer server(loop, options, [&](std::shared_ptr<moq::QuicConnection> c) {
      connection = c;
      c->on_uni([&](std::shared_ptr<moq::RecvStream> stream) { receiver.attach(*stream); });
    });
    port_promise.set_value(server.local_port());
    loop.run_until([&] { return receiver.done || receiver.reset; }, std::chrono::minutes(10));
    loop.run_until([] { return false; }, std::chrono::milliseconds(100));  // let the last ACKs out
    result_promise.set_value({receiver.received, receiver.hash.value(), thread_cpu_seconds()});
  });

  uint16_t port = port_promise.get_future().get();
  moq::EventLoop loop;
  moq::QuicClientOptions client_options;
  client_options.quic = quic;
  client_options.tls.fingerprint = certificate->fingerprint();
  moq::QuicClient client(loop, client_options);
  std::shared_ptr<moq::QuicConnection> connection;
  std::shared_ptr<moq::test::BulkSender> sender;
  std::string failure;
  auto start = std::chrono::steady_clock::now();
  double cpu_start = thread_cpu_seconds();
  client.connect(
      "moqf://127.0.0.1:" + std::to_string(port),
      [&](std::shared_ptr<moq::QuicConnection> c) {
        connection = c;
        sender = std::make_shared<moq::test::BulkSender>(c->open_uni(), bytes);
        sender->start();
      },
      [&](const moq::Error& e) { failure = e.what(); });
  loop.run_until([&] { return !failure.empty() || (sender && sender->acked); }, std::chrono::minutes(10));
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double client_cpu = thread_cpu_seconds() - cpu_start;
  auto result = result_promise.get_future().get();
  server_thread.join();
  if (!failure.empty()) {
    std::fprintf(stderr, "connect failed: %s\n", failure.c_str());
    return 1;
  }
  bool intact = result.received == bytes && sender && result.hash == sender->hash.value();
  std::printf("%s: %.1f MB in %.2f s = %.1f MB/s (%.0f Mbit/s); CPU s: sender %.2f, receiver %.2f; %s\n",
              cc.c_str(), bytes / 1e6, elapsed, bytes / 1e6 / elapsed, bytes * 8 / 1e6 / elapsed,
              client_cpu, result.cpu, intact ? "intact" : "CORRUPTED");
  return intact ? 0 : 1;
}
