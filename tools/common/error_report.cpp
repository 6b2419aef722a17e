#include "error_report.h"

#include <exception>
#include <string>

#include "moq/error.h"
#include "tool_failure.h"

namespace moq::tool {

void print_error_line(std::ostream& err, std::string_view tool_name, std::string_view what,
                      std::string_view code_name) {
  std::string line(tool_name);
  line += ": error: ";
  for (char c : what) line += (c == '\n' || c == '\r') ? ' ' : c;
  line += " (";
  line += code_name;
  line += ")\n";
  err << line << std::flush;
}

ExitCode report_current_exception(std::ostream& err, std::string_view tool_name) {
  try {
    throw;
  } catch (const moq::Error& error) {
    print_error_line(err, tool_name, error.what(), moq::code_name(error.code()));
    return exit_code_for_error(error.code());
  } catch (const ToolFailure& failure) {
    print_error_line(err, tool_name, failure.what(), exit_code_name(failure.exit_code()));
    return failure.exit_code();
  } catch (const std::exception& error) {
    print_error_line(err, tool_name, error.what(), exit_code_name(ExitCode::failure));
    return ExitCode::failure;
  }
}

}  // namespace moq::tool
