// moq-cat: inspect MoQ Transfork traffic. Each mode is a subcommand with its own class; the live
// modes (URL [PATH]) take the top-level command line.

#include "decode_command.h"
#include "help_examples.h"
#include "live_command.h"
#include "tool.h"
#include "tool_failure.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-cat", "Inspect MoQ Transfork (wire version 2) traffic");
  moq::cat::DecodeCommand decode(tool.cli());
  moq::cat::LiveCommand live(tool.cli());
  tool.add_tls_client_flags(live.tls());
  tool.add_quic_flags(live.quic());
  tool.set_examples({
      {"moq-cat decode --hex --stream uni group.hex", "Show a captured group stream as JSON lines."},
      {"moq-cat decode --help", "Options of the decode subcommand."},
      {"moq-cat --tls-root relay.pem moqf://relay.example:4443", "List the tracks the relay announces."},
      {"moq-cat --tls-root relay.pem moqf://relay.example:4443 demo/clock", "Show groups and frames as they arrive."},
      {"moq-cat -i --tls-root relay.pem moqf://relay.example:4443", "An interactive shell: sub, pub, fetch, info, ..."},
  });
  return tool.run(argc, argv, [&] {
    if (decode.selected()) {
      decode.run(tool.logger());
    } else if (live.selected()) {
      live.run(tool.logger());
    } else {
      throw moq::tool::ToolFailure(moq::tool::ExitCode::usage, "expected a subcommand (decode) or URL [PATH]");
    }
  });
}
