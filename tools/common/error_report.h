#pragma once
// How a tool reports the failure that ends it: one line on stderr,
// "moq-cat: error: <what> (<code name>)", and an exit status from exit_codes.h.

#include <ostream>
#include <string_view>

#include "exit_codes.h"

namespace moq::tool {

// Writes the error line; newlines inside what become spaces so it stays one line.
void print_error_line(std::ostream& err, std::string_view tool_name, std::string_view what,
                      std::string_view code_name);

// Call from a catch block: reports the exception being handled (moq::Error with its protocol
// code name, ToolFailure, any std::exception) and returns the exit status for it.
ExitCode report_current_exception(std::ostream& err, std::string_view tool_name);

}  // namespace moq::tool
