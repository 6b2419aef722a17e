#include "quic_flags.h"

#include <array>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

namespace moq::tool {
namespace {

constexpr std::array<std::pair<const char*, moq::CongestionControl>, 3> controllers{{
    {"cubic", moq::CongestionControl::cubic},
    {"bbr", moq::CongestionControl::bbr},
    {"reno", moq::CongestionControl::reno},
}};

const moq::CongestionControl* find_controller(const std::string& name) {
  for (const auto& [known, controller] : controllers) {
    if (name == known) return &controller;
  }
  return nullptr;
}

}  // namespace

void add_quic_flags(CLI::App& app, moq::QuicOptions& options) {
  CLI::Validator known_controller(
      [](std::string& value) {
        if (find_controller(value) != nullptr) return std::string{};
        return "unknown congestion controller '" + value + "' (cubic, bbr or reno)";
      },
      "");
  app.add_option_function<std::string>(
         "--congestion",
         [&options](const std::string& value) { options.congestion = *find_controller(value); },
         "Congestion controller of every QUIC connection")
      ->check(known_controller)
      ->option_text("cubic|bbr|reno (default cubic)")
      ->group("QUIC");
  app.add_option("--qlog-dir", options.qlog_dir,
                 "Write a qlog trace (JSON-SEQ, .sqlog) of every QUIC connection into this existing directory")
      ->check(CLI::ExistingDirectory)
      ->option_text("DIR")
      ->group("QUIC");
  app.add_flag_callback(
         "--small-datagrams", [&options] { options.loopback_datagrams = false; },
         "Keep datagrams within 1,452 bytes on loopback too (by default up to 8 KB there), e.g. "
         "through a link emulator on loopback")
      ->group("QUIC");
}

}  // namespace moq::tool
