// Unit tests of tools/common: logging levels and lines, the exit-code mapping, hex, the TLS
// flags, the error line and the reconnection backoff.

#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include <CLI/CLI.hpp>

#include "backoff.h"
#include "error_report.h"
#include "exit_codes.h"
#include "hex.h"
#include "log_flags.h"
#include "logger.h"
#include "moq/error.h"
#include "tls_flags.h"
#include "tool_failure.h"

using namespace moq::tool;

namespace {

// Parses a command line given as words after the program name.
void parse(CLI::App& app, std::vector<std::string> words) {
  std::vector<const char*> argv = {"test"};
  for (const auto& word : words) argv.push_back(word.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("log level: flags win over MOQ_LOG, which wins over info") {
  CHECK(resolve_log_level({}, nullptr) == LogLevel::info);
  CHECK(resolve_log_level({}, "") == LogLevel::info);
  CHECK(resolve_log_level({}, "debug") == LogLevel::debug);
  CHECK(resolve_log_level({.verbose = 1}, "error") == LogLevel::debug);
  CHECK(resolve_log_level({.verbose = 2}, nullptr) == LogLevel::trace);
  CHECK(resolve_log_level({.verbose = 5}, nullptr) == LogLevel::trace);
  CHECK(resolve_log_level({.quiet = true}, "trace") == LogLevel::error);
  try {
    resolve_log_level({}, "loud");
    FAIL("an unknown MOQ_LOG must be refused");
  } catch (const ToolFailure& failure) {
    CHECK(failure.exit_code() == ExitCode::usage);
  }
}

TEST_CASE("log flags: -v repeats, -q excludes -v") {
  CLI::App app;
  LogFlags flags;
  add_log_flags(app, flags);
  parse(app, {"-vv"});
  CHECK(flags.verbose == 2);
  CLI::App other;
  LogFlags other_flags;
  add_log_flags(other, other_flags);
  CHECK_THROWS_AS(parse(other, {"-v", "-q"}), CLI::ParseError);
}

TEST_CASE("logger: prefix, level filter, timestamp from debug on") {
  std::ostringstream out;
  Logger logger("moq-relay", LogLevel::info, out);
  logger.info("listening on port ", 4443);
  logger.debug("hidden");
  CHECK(out.str() == "moq-relay: info: listening on port 4443\n");

  out.str("");
  logger.set_level(LogLevel::debug);
  logger.debug("shown");
  std::string line = out.str();
  CHECK(line.rfind("moq-relay: 20", 0) == 0);  // a year follows the tool name
  CHECK(line.find("Z debug: shown\n") != std::string::npos);
}

TEST_CASE("exit codes: protocol codes map to documented statuses") {
  CHECK(exit_code_for_error(moq::code::not_found) == ExitCode::not_found);
  CHECK(exit_code_for_error(moq::code::transport) == ExitCode::connection);
  CHECK(exit_code_for_error(moq::code::version) == ExitCode::connection);
  CHECK(exit_code_for_error(moq::code::decode) == ExitCode::protocol);
  CHECK(exit_code_for_error(moq::code::wrong_size) == ExitCode::protocol);
  CHECK(exit_code_for_error(moq::code::cancel) == ExitCode::failure);
  CHECK(exit_code_for_error(moq::code::app_base + 1) == ExitCode::failure);
  CHECK(static_cast<int>(ExitCode::timeout) == 6);
}

TEST_CASE("hex: whitespace ignored, bad digits and odd counts refused") {
  std::vector<uint8_t> bytes = parse_hex(" 0A ff\n 10\t");
  CHECK(bytes == std::vector<uint8_t>{0x0a, 0xff, 0x10});
  CHECK(to_hex(bytes) == "0aff10");
  CHECK_THROWS_AS(parse_hex("0g"), ToolFailure);
  CHECK_THROWS_AS(parse_hex("abc"), ToolFailure);
}

TEST_CASE("tls flags: client side") {
  CLI::App app;
  moq::TlsClientOptions options;
  add_tls_client_flags(app, options);
  std::string colons = "AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89";
  parse(app, {"--tls-fingerprint", colons, "--tls-root", MOQ_SOURCE_DIR "/CMakeLists.txt"});
  CHECK(options.fingerprint == "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789");
  CHECK(options.root_files.size() == 1);
  CHECK_FALSE(options.disable_verify);

  CLI::App bad;
  moq::TlsClientOptions bad_options;
  add_tls_client_flags(bad, bad_options);
  CHECK_THROWS_AS(parse(bad, {"--tls-fingerprint", "abcd"}), CLI::ParseError);
}

TEST_CASE("tls flags: verification off is warned about, and excludes a fingerprint") {
  CLI::App app;
  moq::TlsClientOptions options;
  add_tls_client_flags(app, options);
  parse(app, {"--tls-disable-verify"});
  std::ostringstream out;
  warn_about_insecure_tls(options, Logger("moq-sub", LogLevel::info, out));
  CHECK(out.str().rfind("moq-sub: warn: --tls-disable-verify", 0) == 0);

  CLI::App both;
  moq::TlsClientOptions both_options;
  add_tls_client_flags(both, both_options);
  CHECK_THROWS_AS(parse(both, {"--tls-disable-verify", "--tls-fingerprint", std::string(64, 'a')}),
                  CLI::ParseError);
}

TEST_CASE("tls flags: server side") {
  CLI::App app;
  moq::TlsServerOptions options;
  add_tls_server_flags(app, options);
  parse(app, {"--tls-generate", "localhost,127.0.0.1"});
  CHECK(options.generate == std::vector<std::string>{"localhost", "127.0.0.1"});

  const std::string file = MOQ_SOURCE_DIR "/CMakeLists.txt";
  CLI::App cert_only;
  moq::TlsServerOptions cert_only_options;
  add_tls_server_flags(cert_only, cert_only_options);
  CHECK_THROWS_AS(parse(cert_only, {"--tls-cert", file}), CLI::ParseError);

  CLI::App both;
  moq::TlsServerOptions both_options;
  add_tls_server_flags(both, both_options);
  CHECK_THROWS_AS(parse(both, {"--tls-cert", file, "--tls-key", file, "--tls-generate", "localhost"}),
                  CLI::ParseError);
}

TEST_CASE("error line: one line with the code name, exit status from the error") {
  std::ostringstream err;
  ExitCode status = ExitCode::ok;
  try {
    throw moq::Error(moq::code::not_found, "no track\nroom/alice");
  } catch (...) {
    status = report_current_exception(err, "moq-sub");
  }
  CHECK(status == ExitCode::not_found);
  CHECK(err.str() == "moq-sub: error: no track room/alice (not found)\n");

  err.str("");
  try {
    throw ToolFailure(ExitCode::timeout, "no announcement within 5s");
  } catch (...) {
    status = report_current_exception(err, "moq-sub");
  }
  CHECK(status == ExitCode::timeout);
  CHECK(err.str() == "moq-sub: error: no announcement within 5s (timeout)\n");
}

TEST_CASE("backoff: 100 ms doubling up to 5 s, back to 100 ms after a reset") {
  using std::chrono::milliseconds;
  Backoff backoff;
  std::vector<long> delays;
  for (int i = 0; i < 8; ++i) delays.push_back(static_cast<long>(backoff.next().count()));
  CHECK(delays == std::vector<long>{100, 200, 400, 800, 1600, 3200, 5000, 5000});
  backoff.reset();
  CHECK(backoff.next() == milliseconds(100));
}
