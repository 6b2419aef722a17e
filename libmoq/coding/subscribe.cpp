#include "moq/wire/subscribe.h"

#include <string>

#include "moq/error.h"

namespace moq::wire {

void encode(Writer& writer, const Subscribe& subscribe) {
  writer.varint(subscribe.id);
  encode(writer, subscribe.path);
  encode(writer, subscribe.priority);
  encode(writer, subscribe.group_order);
  encode(writer, subscribe.group_expires);
  encode(writer, subscribe.group_min);
  encode(writer, subscribe.group_max);
}
void decode(Reader& reader, Subscribe& subscribe) {
  subscribe.id = reader.varint();
  decode(reader, subscribe.path);
  decode(reader, subscribe.priority);
  decode(reader, subscribe.group_order);
  decode(reader, subscribe.group_expires);
  decode(reader, subscribe.group_min);
  decode(reader, subscribe.group_max);
}

void encode(Writer& writer, const SubscribeUpdate& update) {
  // The 0.8.0 decoder reads the priority as a varint; it carries the same value + 128.
  writer.varint(static_cast<uint64_t>(update.priority + 128));
  encode(writer, update.group_order);
  encode(writer, update.group_expires);
  encode(writer, update.group_min);
  encode(writer, update.group_max);
}
void decode(Reader& reader, SubscribeUpdate& update) {
  uint64_t priority = reader.varint();
  if (priority > 255) {
    throw Error(code::bounds_exceeded, "priority " + std::to_string(priority) + " out of range");
  }
  update.priority = static_cast<int8_t>(static_cast<int>(priority) - 128);
  decode(reader, update.group_order);
  decode(reader, update.group_expires);
  decode(reader, update.group_min);
  decode(reader, update.group_max);
}

void encode(Writer& writer, const GroupDrop& drop) {
  writer.varint(drop.sequence);
  writer.varint(drop.count);
  writer.varint(drop.code);
}
void decode(Reader& reader, GroupDrop& drop) {
  drop.sequence = reader.varint();
  drop.count = reader.varint();
  drop.code = reader.varint();
}

}  // namespace moq::wire
