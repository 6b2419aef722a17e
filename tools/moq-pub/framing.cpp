#include "framing.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "positive_number.h"
#include "tool_failure.h"

namespace moq::pub {

namespace {

using tool::ExitCode;
using tool::ToolFailure;

uint8_t parse_byte(std::string_view text) {
  if (text.size() == 1) return static_cast<uint8_t>(text[0]);
  if (text == "\\n") return '\n';
  if (text == "\\t") return '\t';
  if (text == "\\r") return '\r';
  if (text == "\\0") return 0;
  if (text.size() == 4 && (text.substr(0, 2) == "0x" || text.substr(0, 2) == "0X")) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(text.data() + 2, text.data() + 4, value, 16);
    if (error == std::errc() && end == text.data() + 4) return static_cast<uint8_t>(value);
  }
  throw ToolFailure(ExitCode::usage, "--frame delim:BYTE: expected one character, \\n, \\t, \\r, \\0 or 0xHH, got '" +
                                         std::string(text) + "'");
}

Bytes join(const std::vector<Bytes>& parts, uint64_t size) {
  if (parts.size() == 1) return parts.front();
  std::vector<uint8_t> joined;
  joined.reserve(size);
  for (const Bytes& part : parts) joined.insert(joined.end(), part.data(), part.data() + part.size());
  return Bytes(std::move(joined));
}

}  // namespace

Framing parse_framing(std::string_view text, bool keep_delimiter) {
  Framing framing;
  framing.keep_delimiter = keep_delimiter;
  auto colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  std::string_view argument = colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  bool has_argument = colon != std::string_view::npos;
  using Kind = Framing::Kind;
  if (name == "line" && !has_argument) {
    framing.kind = Kind::line;
  } else if (name == "delim" && has_argument) {
    framing.kind = Kind::delimiter;
    framing.delimiter = parse_byte(argument);
  } else if (name == "size" && has_argument) {
    framing.kind = Kind::size;
    framing.size = parse_positive_number(argument, "--frame size:N");
  } else if (name == "len32" && !has_argument) {
    framing.kind = Kind::len32;
  } else if (name == "varint" && !has_argument) {
    framing.kind = Kind::varint;
  } else if (name == "all" && !has_argument) {
    framing.kind = Kind::all;
  } else if (name == "chunk" && !has_argument) {
    framing.kind = Kind::chunk;
  } else {
    throw ToolFailure(ExitCode::usage, "--frame: unknown framing '" + std::string(text) +
                                           "' (line, delim:BYTE, size:N, len32, varint, all, chunk)");
  }
  return framing;
}

void Framer::push(const Bytes& chunk, const Emit& emit) {
  switch (framing_.kind) {
    case Framing::Kind::line:
    case Framing::Kind::delimiter:
      return push_delimited(chunk, emit);
    case Framing::Kind::size:
    case Framing::Kind::len32:
    case Framing::Kind::varint:
      return push_sized(chunk, emit);
    case Framing::Kind::all:
      pending_.push_back(chunk);
      pending_size_ += chunk.size();
      return;
    case Framing::Kind::chunk:
      return emit(chunk);
  }
}

void Framer::emit_pending(Bytes tail, const Emit& emit) {
  if (!tail.empty() || pending_.empty()) {
    pending_size_ += tail.size();
    pending_.push_back(std::move(tail));
  }
  Bytes frame = join(pending_, pending_size_);
  pending_.clear();
  pending_size_ = 0;
  emit(std::move(frame));
}

void Framer::push_delimited(const Bytes& chunk, const Emit& emit) {
  const uint8_t* data = chunk.data();
  size_t start = 0;
  while (start < chunk.size()) {
    const void* found = std::memchr(data + start, framing_.delimiter, chunk.size() - start);
    if (found == nullptr) {
      pending_.push_back(chunk.slice(start));
      pending_size_ += chunk.size() - start;
      return;
    }
    size_t end = static_cast<size_t>(static_cast<const uint8_t*>(found) - data);
    size_t kept = framing_.keep_delimiter ? end + 1 : end;
    emit_pending(chunk.slice(start, kept - start), emit);
    start = end + 1;
  }
}

bool Framer::read_prefix(uint8_t byte) {
  prefix_.push_back(static_cast<char>(byte));
  auto at = [this](size_t i) { return static_cast<uint8_t>(prefix_[i]); };
  if (framing_.kind == Framing::Kind::len32) {
    if (prefix_.size() < 4) return false;
    frame_size_ = (uint64_t{at(0)} << 24) | (uint64_t{at(1)} << 16) | (uint64_t{at(2)} << 8) | at(3);
  } else {
    // QUIC variable-length integer: the top two bits of the first byte give its length.
    size_t length = size_t{1} << (at(0) >> 6);
    if (prefix_.size() < length) return false;
    frame_size_ = at(0) & 0x3f;
    for (size_t i = 1; i < length; ++i) frame_size_ = (frame_size_ << 8) | at(i);
  }
  prefix_.clear();
  return true;
}

void Framer::push_sized(const Bytes& chunk, const Emit& emit) {
  size_t at = 0;
  while (at < chunk.size() || (have_size_ && frame_size_ == pending_size_)) {
    if (!have_size_) {
      if (framing_.kind == Framing::Kind::size) {
        frame_size_ = framing_.size;
        have_size_ = true;
      } else {
        have_size_ = read_prefix(chunk.data()[at++]);
        continue;
      }
    }
    size_t take = static_cast<size_t>(std::min<uint64_t>(frame_size_ - pending_size_, chunk.size() - at));
    Bytes part = chunk.slice(at, take);
    at += take;
    if (pending_size_ + take == frame_size_) {
      have_size_ = false;
      emit_pending(std::move(part), emit);
    } else {
      pending_.push_back(std::move(part));
      pending_size_ += take;
    }
  }
}

void Framer::finish(const Emit& emit) {
  switch (framing_.kind) {
    case Framing::Kind::line:
    case Framing::Kind::delimiter:
    case Framing::Kind::size:
    case Framing::Kind::all:
      if (pending_size_ > 0) emit_pending(Bytes(), emit);
      return;
    case Framing::Kind::len32:
    case Framing::Kind::varint:
      if (have_size_ || !prefix_.empty()) {
        throw ToolFailure(ExitCode::failure, "stdin ended inside a length-prefixed frame (" +
                                                 std::to_string(pending_size_) + " of " +
                                                 std::to_string(frame_size_) + " bytes)");
      }
      return;
    case Framing::Kind::chunk:
      return;
  }
}

}  // namespace moq::pub
