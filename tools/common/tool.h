#pragma once
// The frame every tool runs in: its command line (CLI11) with the shared logging flags, an
// optional set of TLS flags, and one place that turns failures into an error line and an exit
// status.
//
//   moq::tool::Tool tool("moq-cat", "Inspect MoQ Transfork traffic");
//   tool.cli().add_option(...);
//   return tool.run(argc, argv, [&] { ... use tool.logger() ... });

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>

#include "cli_fwd.h"
#include "help_examples.h"
#include "log_flags.h"
#include "logger.h"
#include "moq/quic.h"
#include "moq/tls.h"

namespace moq::tool {

class Tool {
 public:
  Tool(std::string name, const std::string& description);
  ~Tool();
  Tool(const Tool&) = delete;
  Tool& operator=(const Tool&) = delete;

  CLI::App& cli() noexcept { return *app_; }
  // Configured from -v/-q/MOQ_LOG by run() before the body starts.
  const Logger& logger() const noexcept { return logger_; }

  // The options are filled while run() parses; they must outlive run().
  void add_tls_client_flags(moq::TlsClientOptions& options);
  void add_tls_server_flags(moq::TlsServerOptions& options);
  void add_quic_flags(moq::QuicOptions& options);
  // The "Examples:" section at the end of --help.
  void set_examples(std::initializer_list<Example> examples);

  // Parses the command line (--help prints help and returns 0; a bad command line reports a
  // usage error), configures logging, then runs body. Returns the process exit status.
  int run(int argc, const char* const* argv, const std::function<void()>& body);

 private:
  std::string name_;
  std::unique_ptr<CLI::App> app_;
  LogFlags log_flags_;
  Logger logger_;
  const moq::TlsClientOptions* tls_client_ = nullptr;  // to warn about insecure settings
};

}  // namespace moq::tool
