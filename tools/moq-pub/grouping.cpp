#include "grouping.h"

#include <string>

#include "positive_number.h"
#include "tool_failure.h"

namespace moq::pub {

using tool::ExitCode;
using tool::ToolFailure;

Grouping parse_grouping(std::string_view text) {
  Grouping grouping;
  auto colon = text.find(':');
  std::string_view name = text.substr(0, colon);
  bool has_argument = colon != std::string_view::npos;
  std::string_view argument = has_argument ? text.substr(colon + 1) : std::string_view();
  using Kind = Grouping::Kind;
  if (name == "every" && has_argument) {
    grouping.kind = Kind::every;
    grouping.count = parse_positive_number(argument, "--group every:N");
  } else if (name == "bytes" && has_argument) {
    grouping.kind = Kind::bytes;
    grouping.count = parse_positive_number(argument, "--group bytes:N");
  } else if (name == "ms" && has_argument) {
    grouping.kind = Kind::ms;
    grouping.count = parse_positive_number(argument, "--group ms:N");
  } else if (name == "match" && has_argument) {
    grouping.kind = Kind::match;
    try {
      grouping.pattern.emplace(std::string(argument), std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& error) {
      throw ToolFailure(ExitCode::usage, "--group match: invalid regular expression '" + std::string(argument) +
                                             "': " + error.what());
    }
  } else if (name == "never" && !has_argument) {
    grouping.kind = Kind::never;
  } else {
    throw ToolFailure(ExitCode::usage, "--group: unknown grouping '" + std::string(text) +
                                           "' (every:N, bytes:N, ms:N, match:REGEX, never)");
  }
  return grouping;
}

bool Grouper::starts_group(const Bytes& frame, Clock::time_point now) const {
  if (!open_) return true;
  switch (grouping_.kind) {
    case Grouping::Kind::ms:
      return now - started_ >= std::chrono::milliseconds(grouping_.count);
    case Grouping::Kind::match: {
      auto text = frame.view();
      return std::regex_search(text.begin(), text.end(), *grouping_.pattern);
    }
    default:
      return false;
  }
}

bool Grouper::add(const Bytes& frame, Clock::time_point now) {
  if (!open_) {
    open_ = true;
    started_ = now;
  }
  ++frames_;
  bytes_ += frame.size();
  switch (grouping_.kind) {
    case Grouping::Kind::every:
      return frames_ >= grouping_.count;
    case Grouping::Kind::bytes:
      return bytes_ >= grouping_.count;
    default:
      return false;
  }
}

}  // namespace moq::pub
