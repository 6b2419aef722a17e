// moq-pub: publish stdin as a MoQ Transfork track.

#include "help_examples.h"
#include "pub_command.h"
#include "tool.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-pub", "Publish stdin as a MoQ Transfork (wire version 2) track");
  moq::pub::PubFlags flags;
  moq::pub::add_pub_flags(tool.cli(), flags);
  tool.add_tls_client_flags(flags.tls_client);
  tool.add_tls_server_flags(flags.tls_server);
  tool.add_quic_flags(flags.quic);
  tool.set_examples({
      {"tail -f app.log | moq-pub --tls-root relay.pem moqf://relay.example:4443 logs/app",
       "One frame and one group per line, read as fast as subscribers take it."},
      {"moq-pub --listen [::]:4443 --tls-generate localhost --frame size:65536 --group never files/big < big.iso",
       "Serve a file directly (no relay) in 64 KiB frames of one group."},
  });
  return tool.run(argc, argv, [&] { moq::pub::run_pub(flags, tool.logger()); });
}
