#include "exit_codes.h"

#include "moq/error.h"

namespace moq::tool {

ExitCode exit_code_for_error(uint64_t code) {
  switch (code) {
    case moq::code::not_found:
      return ExitCode::not_found;
    case moq::code::transport:
    case moq::code::version:
      return ExitCode::connection;
    case moq::code::required_extension:
    case moq::code::decode:
    case moq::code::unexpected_stream:
    case moq::code::bounds_exceeded:
    case moq::code::duplicate:
    case moq::code::wrong_size:
    case moq::code::protocol_violation:
      return ExitCode::protocol;
    default:
      return ExitCode::failure;
  }
}

std::string_view exit_code_name(ExitCode code) {
  switch (code) {
    case ExitCode::ok: return "ok";
    case ExitCode::usage: return "usage";
    case ExitCode::failure: return "failure";
    case ExitCode::not_found: return "not found";
    case ExitCode::connection: return "connection failure";
    case ExitCode::protocol: return "protocol error";
    case ExitCode::timeout: return "timeout";
  }
  return "failure";
}

}  // namespace moq::tool
