#pragma once
// One JSON object per decoded value: {"offset":N,"type":"<kind>", ...fields}. The schema is in
// docs/moq-cat.md; keep the two in step. Keys keep this insertion order in the output.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "message_kind.h"
#include "moq/wire/decode.h"

namespace moq::cat {

using Json = nlohmann::ordered_json;

Json to_fields(const wire::ClientSetup& setup);
Json to_fields(const wire::ServerSetup& setup);
Json to_fields(const wire::SessionInfo& info);
Json to_fields(const wire::AnnouncePlease& request);
Json to_fields(const wire::Announce& announce);
Json to_fields(const wire::Subscribe& subscribe);
Json to_fields(const wire::SubscribeUpdate& update);
Json to_fields(const wire::Info& info);
Json to_fields(const wire::InfoRequest& request);
Json to_fields(const wire::Fetch& fetch);
Json to_fields(const wire::Group& group);
Json to_fields(const wire::GroupDrop& drop);
Json to_fields(const wire::FrameHeader& frame);
Json to_fields(wire::ControlType type);
Json to_fields(wire::DataType type);
Json to_fields(uint64_t varint);
Json to_fields(int8_t priority);
Json to_fields(std::chrono::milliseconds duration);
Json to_fields(const std::string& text);
Json to_fields(const Path& path);
Json to_fields(wire::GroupOrder order);
Json to_fields(const wire::Versions& versions);

template <class T>
Json message_line(size_t offset, const T& value) {
  Json line = {{"offset", offset}, {"type", Kind<T>::name}};
  line.update(to_fields(value));
  return line;
}

// A frame of a group stream with its payload: size, payload as hex, and "text" as well when the
// payload is printable UTF-8.
Json frame_line(size_t offset, std::span<const uint8_t> payload);

}  // namespace moq::cat
