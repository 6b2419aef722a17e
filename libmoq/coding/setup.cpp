#include "moq/wire/setup.h"

#include <string>

#include "moq/error.h"
#include "moq/wire/limits.h"
#include "moq/wire/primitives.h"
#include "limit_check.h"

namespace moq::wire {

void encode(Writer& writer, const Versions& versions) {
  check_limit(versions.size(), limits::max_versions, "version count");
  writer.varint(versions.size());
  for (uint64_t version : versions) writer.varint(version);
}
void decode(Reader& reader, Versions& versions) {
  uint64_t count = reader.varint();
  check_limit(count, limits::max_versions, "version count");
  versions.assign(count, 0);
  for (uint64_t& version : versions) version = reader.varint();
}

void encode(Writer& writer, const Extensions& extensions) {
  check_limit(extensions.size(), limits::max_extensions, "extension count");
  writer.varint(extensions.size());
  for (const auto& [id, value] : extensions) {
    writer.varint(id);
    encode(writer, value);
  }
}
void decode(Reader& reader, Extensions& extensions) {
  uint64_t count = reader.varint();
  check_limit(count, limits::max_extensions, "extension count");
  extensions.clear();
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t id = reader.varint();
    Bytes value;
    decode(reader, value);
    // Past the end of the input the id reads as 0 again; only a real repeat is an error.
    if (reader.short_input()) return;
    if (!extensions.emplace(id, std::move(value)).second) {
      throw Error(code::decode, "repeated extension id " + std::to_string(id));
    }
  }
}

void encode(Writer& writer, const ClientSetup& setup) {
  encode(writer, setup.versions);
  encode(writer, setup.extensions);
}
void decode(Reader& reader, ClientSetup& setup) {
  decode(reader, setup.versions);
  decode(reader, setup.extensions);
}

void encode(Writer& writer, const ServerSetup& setup) {
  writer.varint(setup.version);
  encode(writer, setup.extensions);
}
void decode(Reader& reader, ServerSetup& setup) {
  setup.version = reader.varint();
  decode(reader, setup.extensions);
}

void encode(Writer& writer, const SessionInfo& info) {
  if (info.bitrate == uint64_t{0}) {
    throw Error(code::bounds_exceeded, "a bitrate of 0 cannot be encoded (0 means unknown)");
  }
  writer.varint(info.bitrate.value_or(0));
}
void decode(Reader& reader, SessionInfo& info) {
  uint64_t bitrate = reader.varint();
  info.bitrate = bitrate == 0 ? std::nullopt : std::optional<uint64_t>(bitrate);
}

}  // namespace moq::wire
