#include "moq/wire/fetch.h"

#include "moq/wire/primitives.h"

namespace moq::wire {

void encode(Writer& writer, const Fetch& fetch) {
  encode(writer, fetch.path);
  encode(writer, fetch.priority);
  writer.varint(fetch.group);
  writer.varint(fetch.offset);
}
void decode(Reader& reader, Fetch& fetch) {
  decode(reader, fetch.path);
  decode(reader, fetch.priority);
  fetch.group = reader.varint();
  fetch.offset = reader.varint();
}

}  // namespace moq::wire
