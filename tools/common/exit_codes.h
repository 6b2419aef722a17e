#pragma once
// Exit status shared by every moq tool, so scripts can tell failures apart without parsing
// messages. docs/tools.md documents the same table.

#include <cstdint>
#include <string_view>

namespace moq::tool {

enum class ExitCode : int {
  ok = 0,
  usage = 1,       // bad command line, option or environment variable
  failure = 2,     // anything else: I/O error, cancelled, application error
  not_found = 3,   // the broadcast, track or group does not exist (protocol code 13)
  connection = 4,  // could not connect, or the connection failed (codes 4, 9)
  protocol = 5,    // malformed or truncated data, protocol violation (codes 1, 5, 10-12, 14, 15)
  timeout = 6,     // a tool's time limit ran out
};

// The exit status for a moq::Error carrying this protocol code.
ExitCode exit_code_for_error(uint64_t code);

// Short name shown in error lines ("usage", "timeout", ...).
std::string_view exit_code_name(ExitCode code);

}  // namespace moq::tool
