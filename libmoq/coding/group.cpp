#include "moq/wire/group.h"

namespace moq::wire {

void encode(Writer& writer, const Group& group) {
  writer.varint(group.subscribe);
  writer.varint(group.sequence);
}
void decode(Reader& reader, Group& group) {
  group.subscribe = reader.varint();
  group.sequence = reader.varint();
}

void encode(Writer& writer, const FrameHeader& frame) { writer.varint(frame.size); }
void decode(Reader& reader, FrameHeader& frame) { frame.size = reader.varint(); }

}  // namespace moq::wire
