#pragma once
// A tool-level failure that is not a protocol error (bad input file, time limit, bad
// environment), carrying the exit status it should end the tool with.

#include <stdexcept>
#include <string>

#include "exit_codes.h"

namespace moq::tool {

class ToolFailure : public std::runtime_error {
 public:
  ToolFailure(ExitCode exit_code, const std::string& message)
      : std::runtime_error(message), exit_code_(exit_code) {}
  ExitCode exit_code() const noexcept { return exit_code_; }

 private:
  ExitCode exit_code_;
};

}  // namespace moq::tool
