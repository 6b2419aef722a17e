#pragma once
// moq-cat -i URL: an interactive shell on one session. Commands (`help` lists them) subscribe,
// fetch, ask for info and announcements, and publish typed lines; what arrives is printed above
// the prompt as it comes.

#include <cstdint>
#include <string>

#include "logger.h"
#include "moq/quic.h"

namespace moq::cat {

struct ShellOptions {
  std::string url;
  QuicClientOptions transport;
  uint64_t preview_bytes = 32;
};

// Returns at quit, end of input or Ctrl-C; throws when the connection fails.
void run_interactive_shell(const ShellOptions& options, const tool::Logger& logger);

}  // namespace moq::cat
