#include "relay_test_util.h"

namespace moq::test {

using namespace std::chrono_literals;


std::string frame_payload(uint64_t group, size_t frame) {
  size_t size = 3 + (group * 7919 + frame * 104729) % 20000;
  std::string payload(size, '\0');
  for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>((group * 31 + frame * 17 + i * 13) & 0xff);
  return payload;
}

void write_group(moq::TrackProducer& producer, size_t frames) {
  auto group = producer.append_group();
  for (size_t f = 0; f < frames; ++f) {
    group.write_frame(moq::Bytes(frame_payload(group.sequence(), f)));
  }
  group.finish();
}

std::string metrics_of(const RelayProcess& relay) { return moq::test::http_get(relay.metrics_port(), "/metrics"); }

bool wait_for_metric(moq::EventLoop& loop, const RelayProcess& relay, const std::string& name, uint64_t value,
                     std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (metric_value(metrics_of(relay), name) == value) return true;
    loop.run_until([] { return false; }, 20ms);
  }
  return false;
}

bool all_ready(const std::vector<std::unique_ptr<RelayClient>>& clients) {
  for (auto& client : clients) {
    if (!client->ready()) return false;
  }
  return true;
}


}  // namespace moq::test
