#pragma once
// moq-cat's live modes, on the top-level command line (no subcommand name):
//   moq-cat URL             the announced tracks (--watch: then every change, live)
//   moq-cat URL PATH        the track's groups and frames with metadata, as they arrive
//   moq-cat --info URL PATH the publisher's Info about the track
//   moq-cat -i URL          an interactive shell on the session (interactive_shell.h)

#include <cstdint>
#include <string>
#include <vector>

#include "cli_fwd.h"
#include "logger.h"
#include "moq/quic.h"

namespace moq::cat {

class LiveCommand {
 public:
  // Registers the positional URL [PATH] and the live options on the tool's command line.
  explicit LiveCommand(CLI::App& app);

  bool selected() const { return !arguments_.empty(); }
  TlsClientOptions& tls() { return transport_.tls; }
  QuicOptions& quic() { return transport_.quic; }
  void run(const tool::Logger& logger) const;

 private:
  std::vector<std::string> arguments_;
  bool watch_ = false;
  bool info_ = false;
  bool interactive_ = false;
  uint64_t preview_ = 32;
  double timeout_seconds_ = 0;
  QuicClientOptions transport_;
};

}  // namespace moq::cat
