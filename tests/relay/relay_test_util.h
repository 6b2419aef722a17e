#pragma once
// What the relay tests share: tracks, deterministic payloads, and waiting on relay metrics.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "moq/event_loop.h"
#include "moq/track.h"
#include "relay_client.h"
#include "relay_process.h"
#include "test_track.h"

namespace moq::test {

// Frame f of group g: distinct content and sizes from a few bytes to tens of kilobytes.
std::string frame_payload(uint64_t group, size_t frame);
// Appends a finished group of that many frame_payload frames.
void write_group(moq::TrackProducer& producer, size_t frames);
std::string metrics_of(const RelayProcess& relay);
// Runs the loop in short turns until the relay's metric reaches value.
bool wait_for_metric(moq::EventLoop& loop, const RelayProcess& relay, const std::string& name, uint64_t value,
                     std::chrono::milliseconds timeout = std::chrono::seconds(5));
bool all_ready(const std::vector<std::unique_ptr<RelayClient>>& clients);

}  // namespace moq::test
