#include "message_json.h"

#include <cstdio>
#include <string>

#include "hex.h"
#include "moq/error.h"
#include "printable_text.h"

namespace moq::cat {
namespace {

std::string version_hex(uint64_t version) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(version));
  return text;
}

Json versions_json(const wire::Versions& versions) {
  Json array = Json::array();
  for (uint64_t version : versions) array.push_back(version_hex(version));
  return array;
}

// {"<id>": "<hex value>", ...}, ids in decimal
Json extensions_json(const wire::Extensions& extensions) {
  Json object = Json::object();
  for (const auto& [id, value] : extensions) object[std::to_string(id)] = tool::to_hex(value.span());
  return object;
}

// A path shown both ways: "<name>": ["a","b"] and "<name>_text": "a/b".
void add_path(Json& fields, const std::string& name, const Path& path) {
  fields[name] = path.parts();
  fields[name + "_text"] = path.to_string();
}

std::string order_name(wire::GroupOrder order) {
  return order == wire::GroupOrder::ascending ? "ascending" : "descending";
}

Json optional_sequence(const std::optional<uint64_t>& sequence) {
  return sequence ? Json(*sequence) : Json(nullptr);
}

std::string control_type_name(wire::ControlType type) {
  switch (type) {
    case wire::ControlType::session: return "session";
    case wire::ControlType::announce: return "announce";
    case wire::ControlType::subscribe: return "subscribe";
    case wire::ControlType::fetch: return "fetch";
    case wire::ControlType::info: return "info";
  }
  return "unknown";
}

std::string announce_status_name(wire::AnnounceStatus status) {
  switch (status) {
    case wire::AnnounceStatus::ended: return "ended";
    case wire::AnnounceStatus::active: return "active";
    case wire::AnnounceStatus::live: return "live";
  }
  return "unknown";
}

}  // namespace

Json to_fields(const wire::ClientSetup& setup) {
  return {{"versions", versions_json(setup.versions)}, {"extensions", extensions_json(setup.extensions)}};
}

Json to_fields(const wire::ServerSetup& setup) {
  return {{"version", version_hex(setup.version)}, {"extensions", extensions_json(setup.extensions)}};
}

Json to_fields(const wire::SessionInfo& info) { return {{"bitrate", optional_sequence(info.bitrate)}}; }

Json to_fields(const wire::AnnouncePlease& request) {
  Json fields = Json::object();
  add_path(fields, "prefix", request.prefix);
  return fields;
}

Json to_fields(const wire::Announce& announce) {
  Json fields = {{"status", announce_status_name(announce.status)}};
  if (announce.status != wire::AnnounceStatus::live) add_path(fields, "suffix", announce.suffix);
  return fields;
}

Json to_fields(const wire::Subscribe& subscribe) {
  Json fields = {{"id", subscribe.id}};
  add_path(fields, "path", subscribe.path);
  fields["priority"] = subscribe.priority;
  fields["group_order"] = order_name(subscribe.group_order);
  fields["group_expires_ms"] = subscribe.group_expires.count();
  fields["group_min"] = optional_sequence(subscribe.group_min);
  fields["group_max"] = optional_sequence(subscribe.group_max);
  return fields;
}

Json to_fields(const wire::SubscribeUpdate& update) {
  return {{"priority", update.priority},
          {"group_order", order_name(update.group_order)},
          {"group_expires_ms", update.group_expires.count()},
          {"group_min", optional_sequence(update.group_min)},
          {"group_max", optional_sequence(update.group_max)}};
}

Json to_fields(const wire::Info& info) {
  return {{"priority", info.priority},
          {"group_order", order_name(info.group_order)},
          {"group_expires_ms", info.group_expires.count()},
          {"group_latest", info.group_latest}};
}

Json to_fields(const wire::InfoRequest& request) {
  Json fields = Json::object();
  add_path(fields, "path", request.path);
  return fields;
}

Json to_fields(const wire::Fetch& fetch) {
  Json fields = Json::object();
  add_path(fields, "path", fetch.path);
  fields["priority"] = fetch.priority;
  fields["group"] = fetch.group;
  // "offset" is already the byte offset of the message.
  fields["frame_index"] = fetch.offset;
  return fields;
}

Json to_fields(const wire::Group& group) { return {{"subscribe", group.subscribe}, {"sequence", group.sequence}}; }

Json to_fields(const wire::GroupDrop& drop) {
  return {{"sequence", drop.sequence}, {"count", drop.count}, {"code", drop.code}, {"code_name", moq::code_name(drop.code)}};
}

Json to_fields(const wire::FrameHeader& frame) { return {{"size", frame.size}}; }

Json to_fields(wire::ControlType type) {
  return {{"value", static_cast<uint64_t>(type)}, {"name", control_type_name(type)}};
}

Json to_fields(wire::DataType type) {
  return {{"value", static_cast<uint64_t>(type)}, {"name", type == wire::DataType::group ? "group" : "unknown"}};
}

Json to_fields(uint64_t varint) { return {{"value", varint}}; }

Json to_fields(int8_t priority) { return {{"value", priority}}; }

Json to_fields(std::chrono::milliseconds duration) { return {{"value_ms", duration.count()}}; }

Json to_fields(const std::string& text) { return {{"value", text}}; }

Json to_fields(const Path& path) {
  Json fields = Json::object();
  add_path(fields, "value", path);
  return fields;
}

Json to_fields(wire::GroupOrder order) {
  return {{"value", static_cast<uint64_t>(order)}, {"name", order_name(order)}};
}

Json to_fields(const wire::Versions& versions) { return {{"value", versions_json(versions)}}; }

Json frame_line(size_t offset, std::span<const uint8_t> payload) {
  Json line = {{"offset", offset}, {"type", Kind<wire::FrameHeader>::name}, {"size", payload.size()},
               {"payload", tool::to_hex(payload)}};
  if (is_printable_text(payload)) line["text"] = std::string(payload.begin(), payload.end());
  return line;
}

}  // namespace moq::cat
