#include "moq/wire/info.h"

namespace moq::wire {

void encode(Writer& writer, const Info& info) {
  encode(writer, info.priority);
  encode(writer, info.group_order);
  encode(writer, info.group_expires);
  writer.varint(info.group_latest);
}
void decode(Reader& reader, Info& info) {
  decode(reader, info.priority);
  decode(reader, info.group_order);
  decode(reader, info.group_expires);
  info.group_latest = reader.varint();
}

void encode(Writer& writer, const InfoRequest& request) { encode(writer, request.path); }
void decode(Reader& reader, InfoRequest& request) { decode(reader, request.path); }

}  // namespace moq::wire
