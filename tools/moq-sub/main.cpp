// moq-sub: write a MoQ Transfork track to stdout.

#include "help_examples.h"
#include "sub_command.h"
#include "tool.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-sub", "Write a MoQ Transfork (wire version 2) track to stdout");
  moq::sub::SubFlags flags;
  moq::sub::add_sub_flags(tool.cli(), flags);
  tool.add_tls_client_flags(flags.tls);
  tool.add_quic_flags(flags.quic);
  tool.set_examples({
      {"moq-sub --tls-root relay.pem moqf://relay.example:4443 logs/app",
       "Print each frame as a line until the publisher ends the track."},
      {"moq-sub --frame json --count 10 --tls-fingerprint $FP moqf://localhost:4443 demo/clock",
       "Ten frames as JSON objects (group, index, size, time, text or base64)."},
      {"moq-sub --format '%g %i %s\\n' --timeout 5 moqf://localhost:4443 video/1", "Frame metadata for 5 seconds."},
  });
  return tool.run(argc, argv, [&] { moq::sub::run_sub(flags, tool.logger()); });
}
