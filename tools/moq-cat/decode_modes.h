#pragma once
// The ways `moq-cat decode` reads a capture: a run of one message kind, or a whole stream from
// its type varint on. Each prints one JSON line per value and throws moq::Error (with the byte
// offset in the message) at the first malformed or incomplete value.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "capture_cursor.h"

namespace moq::cat {

// The kinds --type accepts.
std::vector<std::string> message_kind_names();

// Decodes values of one kind until the input ends. kind must be one of message_kind_names().
void decode_messages(std::string_view kind, CaptureCursor& cursor, std::ostream& out);

// A bidirectional stream as its opener writes it: the control type, then the opener's messages
// for that type (session: client-setup; announce: announce-please; subscribe: subscribe, then
// subscribe-updates; fetch: fetch; info: info-request).
void decode_bidi_stream(CaptureCursor& cursor, std::ostream& out);

// A unidirectional stream: the data type, the group header, then frames with their payload.
void decode_uni_stream(CaptureCursor& cursor, std::ostream& out);

}  // namespace moq::cat
