#include "frame_output.h"

#include <array>
#include <ctime>

#include <nlohmann/json.hpp>

#include "tool_failure.h"

namespace moq::sub {

namespace {

using tool::ExitCode;
using tool::ToolFailure;

bool is_utf8_text(std::string_view text) {
  // Valid UTF-8 without control characters other than tab/newline/CR shows as text in JSON.
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
      ++i;
      continue;
    }
    size_t length = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::string base64(std::string_view data) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  for (size_t i = 0; i < data.size(); i += 3) {
    uint32_t n = static_cast<uint32_t>(static_cast<unsigned char>(data[i])) << 16;
    if (i + 1 < data.size()) n |= static_cast<uint32_t>(static_cast<unsigned char>(data[i + 1])) << 8;
    if (i + 2 < data.size()) n |= static_cast<unsigned char>(data[i + 2]);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < data.size() ? alphabet[(n >> 6) & 63] : '=';
    out += i + 2 < data.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

// 2024-12-01T12:34:56.789Z
std::string utc_time(std::chrono::system_clock::time_point when) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  std::array<char, 40> text{};
  size_t n = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &parts);
  std::snprintf(text.data() + n, text.size() - n, ".%03dZ", static_cast<int>(millis % 1000));
  return text.data();
}

void check_format(const std::string& format) {
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '%') {
      if (i + 1 >= format.size() || std::string_view("gispPtT%").find(format[i + 1]) == std::string_view::npos) {
        throw ToolFailure(ExitCode::usage, "--format: unknown directive at offset " + std::to_string(i) +
                                               " (use %g %i %s %p %P %t %T %%)");
      }
      ++i;
    } else if (format[i] == '\\') {
      if (i + 1 >= format.size() || std::string_view("nt\\0").find(format[i + 1]) == std::string_view::npos) {
        throw ToolFailure(ExitCode::usage, "--format: unknown escape at offset " + std::to_string(i) +
                                               " (use \\n \\t \\\\ \\0)");
      }
      ++i;
    }
  }
}

}  // namespace

FrameOutput::FrameOutput(std::string_view mode, std::string format) : format_(std::move(format)) {
  if (!format_.empty()) {
    check_format(format_);
    mode_ = Mode::format;
  } else if (mode == "line") {
    mode_ = Mode::line;
  } else if (mode == "raw") {
    mode_ = Mode::raw;
  } else if (mode == "len32") {
    mode_ = Mode::len32;
  } else if (mode == "varint") {
    mode_ = Mode::varint;
  } else if (mode == "json") {
    mode_ = Mode::json;
  } else {
    throw ToolFailure(ExitCode::usage, "--frame: unknown output '" + std::string(mode) + "' (line, raw, len32, varint, json)");
  }
}

void FrameOutput::write(const ReceivedFrame& frame, tool::OutputWriter& out) const {
  uint64_t size = frame.payload.size();
  switch (mode_) {
    case Mode::line:
      out.write(frame.payload);
      out.write(Bytes::copy(std::string_view("\n")));
      return;
    case Mode::raw:
      out.write(frame.payload);
      return;
    case Mode::len32: {
      std::string prefix{static_cast<char>(size >> 24), static_cast<char>(size >> 16), static_cast<char>(size >> 8),
                         static_cast<char>(size)};
      out.write(Bytes(std::move(prefix)));
      out.write(frame.payload);
      return;
    }
    case Mode::varint: {
      std::string prefix;
      if (size < 64) {
        prefix = {static_cast<char>(size)};
      } else if (size < 16384) {
        prefix = {static_cast<char>(0x40 | (size >> 8)), static_cast<char>(size)};
      } else if (size < (uint64_t{1} << 30)) {
        prefix = {static_cast<char>(0x80 | (size >> 24)), static_cast<char>(size >> 16), static_cast<char>(size >> 8),
                  static_cast<char>(size)};
      } else {
        for (int shift = 56; shift >= 0; shift -= 8) prefix += static_cast<char>(size >> shift);
        prefix[0] = static_cast<char>(0xc0 | (static_cast<unsigned char>(prefix[0]) & 0x3f));
      }
      out.write(Bytes(std::move(prefix)));
      out.write(frame.payload);
      return;
    }
    case Mode::json: {
      nlohmann::ordered_json line;
      line["group"] = frame.group;
      line["index"] = frame.index;
      line["size"] = size;
      line["time"] = utc_time(frame.received);
      std::string_view payload = frame.payload.view();
      if (is_utf8_text(payload)) {
        line["text"] = payload;
      } else {
        line["base64"] = base64(payload);
      }
      out.write(Bytes(line.dump() + "\n"));
      return;
    }
    case Mode::format:
      return write_format(frame, out);
  }
}

void FrameOutput::write_format(const ReceivedFrame& frame, tool::OutputWriter& out) const {
  std::string text;
  auto flush_text = [&] {
    if (!text.empty()) out.write(Bytes(std::exchange(text, {})));
  };
  for (size_t i = 0; i < format_.size(); ++i) {
    char c = format_[i];
    if (c == '\\') {
      char e = format_[++i];
      text += e == 'n' ? '\n' : e == 't' ? '\t' : e == '0' ? '\0' : '\\';
      continue;
    }
    if (c != '%') {
      text += c;
      continue;
    }
    switch (format_[++i]) {
      case 'g': text += std::to_string(frame.group); break;
      case 'i': text += std::to_string(frame.index); break;
      case 's': text += std::to_string(frame.payload.size()); break;
      case 'p':
        flush_text();
        out.write(frame.payload);
        break;
      case 'P': text += is_utf8_text(frame.payload.view()) ? std::string(frame.payload.view()) : base64(frame.payload.view()); break;
      case 't': text += utc_time(frame.received); break;
      case 'T': text += frame.track; break;
      default: text += '%'; break;
    }
  }
  flush_text();
}

}  // namespace moq::sub
