#pragma once
// `moq-cat decode`: prints captured transfork-02 bytes as JSON lines, one per message.

#include <string>

#include "cli_fwd.h"
#include "logger.h"

namespace moq::cat {

class DecodeCommand {
 public:
  // Registers the subcommand and its options on the tool's command line.
  explicit DecodeCommand(CLI::App& app);

  bool selected() const;
  void run(const tool::Logger& logger) const;

 private:
  CLI::App* command_;
  std::string file_ = "-";
  bool hex_ = false;
  std::string kind_;    // --type
  std::string stream_;  // --stream: "bidi" or "uni"
};

}  // namespace moq::cat
