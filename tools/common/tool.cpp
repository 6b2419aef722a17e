#include "tool.h"

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "error_report.h"
#include "quic_flags.h"
#include "tls_flags.h"

namespace moq::tool {

Tool::Tool(std::string name, const std::string& description)
    : name_(std::move(name)),
      app_(std::make_unique<CLI::App>(description, name_)),
      logger_(name_, LogLevel::info, std::cerr) {
  // The shared flags also work after a subcommand name: moq-cat decode -v ...
  app_->fallthrough();
  add_log_flags(*app_, log_flags_);
}

Tool::~Tool() = default;

void Tool::add_tls_client_flags(moq::TlsClientOptions& options) {
  moq::tool::add_tls_client_flags(*app_, options);
  tls_client_ = &options;
}

void Tool::add_tls_server_flags(moq::TlsServerOptions& options) {
  moq::tool::add_tls_server_flags(*app_, options);
}

void Tool::add_quic_flags(moq::QuicOptions& options) { moq::tool::add_quic_flags(*app_, options); }

void Tool::set_examples(std::initializer_list<Example> examples) { app_->footer(examples_footer(examples)); }

int Tool::run(int argc, const char* const* argv, const std::function<void()>& body) {
  try {
    app_->parse(argc, argv);
  } catch (const CLI::Success& help) {
    return app_->exit(help);
  } catch (const CLI::ParseError& error) {
    print_error_line(std::cerr, name_, error.what(), exit_code_name(ExitCode::usage));
    return static_cast<int>(ExitCode::usage);
  }
  try {
    logger_.set_level(resolve_log_level(log_flags_, std::getenv("MOQ_LOG")));
    if (tls_client_ != nullptr) warn_about_insecure_tls(*tls_client_, logger_);
    body();
    return static_cast<int>(ExitCode::ok);
  } catch (...) {
    return static_cast<int>(report_current_exception(std::cerr, name_));
  }
}

}  // namespace moq::tool
