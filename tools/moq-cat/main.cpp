// moq-cat: inspect MoQ Transfork traffic. Each mode is a subcommand with its own class.

#include "decode_command.h"
#include "help_examples.h"
#include "tool.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-cat", "Inspect MoQ Transfork (wire version 2) traffic");
  tool.cli().require_subcommand(1);
  moq::cat::DecodeCommand decode(tool.cli());
  tool.cli().footer(moq::tool::examples_footer({
      {"moq-cat decode --hex --stream uni group.hex", "Show a captured group stream as JSON lines."},
      {"moq-cat decode --help", "Options of the decode subcommand."},
  }));
  return tool.run(argc, argv, [&] {
    if (decode.selected()) decode.run(tool.logger());
  });
}
