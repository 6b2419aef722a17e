#include "moq/wire/stream_type.h"

#include <string>

#include "moq/error.h"

namespace moq::wire {

namespace {

template <class Type>
uint64_t checked(uint64_t value, Type last, const char* what) {
  if (value > static_cast<uint64_t>(last)) {
    throw Error(code::decode, std::string("unknown ") + what + " " + std::to_string(value));
  }
  return value;
}

}  // namespace

void encode(Writer& writer, ControlType type) {
  writer.varint(checked(static_cast<uint64_t>(type), ControlType::info, "control type"));
}
void decode(Reader& reader, ControlType& type) {
  type = static_cast<ControlType>(checked(reader.varint(), ControlType::info, "control type"));
}

void encode(Writer& writer, DataType type) {
  writer.varint(checked(static_cast<uint64_t>(type), DataType::group, "data type"));
}
void decode(Reader& reader, DataType& type) {
  type = static_cast<DataType>(checked(reader.varint(), DataType::group, "data type"));
}

}  // namespace moq::wire
