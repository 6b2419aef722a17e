#include "decode_modes.h"

#include <array>
#include <stdexcept>

#include "message_json.h"

namespace moq::cat {
namespace {

template <class T>
T take_and_print(CaptureCursor& cursor, std::ostream& out) {
  size_t offset = cursor.offset();
  T value = cursor.take<T>();
  out << message_line(offset, value).dump() << '\n';
  return value;
}

template <class T>
void print_one(CaptureCursor& cursor, std::ostream& out) {
  take_and_print<T>(cursor, out);
}

struct KindDecoder {
  std::string_view name;
  void (*decode_one)(CaptureCursor&, std::ostream&);
};

template <class T>
constexpr KindDecoder kind_decoder() {
  return {Kind<T>::name, &print_one<T>};
}

constexpr std::array kind_decoders = {
    kind_decoder<wire::ClientSetup>(),    kind_decoder<wire::ServerSetup>(),
    kind_decoder<wire::AnnouncePlease>(), kind_decoder<wire::Announce>(),
    kind_decoder<wire::Subscribe>(),      kind_decoder<wire::SubscribeUpdate>(),
    kind_decoder<wire::Info>(),           kind_decoder<wire::InfoRequest>(),
    kind_decoder<wire::Fetch>(),          kind_decoder<wire::Group>(),
    kind_decoder<wire::GroupDrop>(),      kind_decoder<wire::FrameHeader>(),
    kind_decoder<wire::SessionInfo>(),    kind_decoder<wire::ControlType>(),
    kind_decoder<wire::DataType>(),       kind_decoder<uint64_t>(),
    kind_decoder<int8_t>(),               kind_decoder<std::chrono::milliseconds>(),
    kind_decoder<std::string>(),          kind_decoder<Path>(),
    kind_decoder<wire::GroupOrder>(),     kind_decoder<wire::Versions>(),
};

// The opener sends exactly one message on every stream type but subscribe.
void expect_end(const CaptureCursor& cursor, std::string_view stream, std::string_view last) {
  if (cursor.at_end()) return;
  throw moq::Error(moq::code::protocol_violation,
                   "unexpected bytes at offset " + std::to_string(cursor.offset()) + ": the opener of a " +
                       std::string(stream) + " stream sends nothing after its " + std::string(last));
}

}  // namespace

std::vector<std::string> message_kind_names() {
  std::vector<std::string> names;
  names.reserve(std::size(kind_decoders));
  for (const KindDecoder& decoder : kind_decoders) names.emplace_back(decoder.name);
  return names;
}

void decode_messages(std::string_view kind, CaptureCursor& cursor, std::ostream& out) {
  for (const KindDecoder& decoder : kind_decoders) {
    if (decoder.name != kind) continue;
    while (!cursor.at_end()) decoder.decode_one(cursor, out);
    return;
  }
  throw std::invalid_argument("unknown message kind " + std::string(kind));
}

void decode_bidi_stream(CaptureCursor& cursor, std::ostream& out) {
  switch (take_and_print<wire::ControlType>(cursor, out)) {
    case wire::ControlType::session:
      take_and_print<wire::ClientSetup>(cursor, out);
      expect_end(cursor, "session", Kind<wire::ClientSetup>::name);
      return;
    case wire::ControlType::announce:
      take_and_print<wire::AnnouncePlease>(cursor, out);
      expect_end(cursor, "announce", Kind<wire::AnnouncePlease>::name);
      return;
    case wire::ControlType::subscribe:
      take_and_print<wire::Subscribe>(cursor, out);
      while (!cursor.at_end()) take_and_print<wire::SubscribeUpdate>(cursor, out);
      return;
    case wire::ControlType::fetch:
      take_and_print<wire::Fetch>(cursor, out);
      expect_end(cursor, "fetch", Kind<wire::Fetch>::name);
      return;
    case wire::ControlType::info:
      take_and_print<wire::InfoRequest>(cursor, out);
      expect_end(cursor, "info", Kind<wire::InfoRequest>::name);
      return;
  }
}

void decode_uni_stream(CaptureCursor& cursor, std::ostream& out) {
  // Group is the only data type; anything else fails to decode.
  take_and_print<wire::DataType>(cursor, out);
  take_and_print<wire::Group>(cursor, out);
  while (!cursor.at_end()) {
    size_t offset = cursor.offset();
    auto header = cursor.take<wire::FrameHeader>();
    out << frame_line(offset, cursor.take_payload(header.size)).dump() << '\n';
  }
}

}  // namespace moq::cat
