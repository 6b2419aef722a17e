// moq-relay: where publishers and subscribers meet (raw QUIC moqf-02, and WebTransport).

#include "help_examples.h"
#include "relay_command.h"
#include "tool.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-relay", "Relay MoQ Transfork (wire version 2) tracks between publishers and subscribers");
  moq::relay_tool::RelayFlags flags;
  moq::relay_tool::add_relay_flags(tool.cli(), flags);
  tool.add_tls_server_flags(flags.tls);
  tool.add_quic_flags(flags.quic);
  tool.set_examples({
      {"moq-relay --tls-generate localhost,127.0.0.1 --dev",
       "A development relay on [::]:4443 with a fresh certificate; clients pin its fingerprint."},
      {"moq-relay --bind 0.0.0.0:443 --tls-cert cert.pem --tls-key key.pem --metrics 127.0.0.1:9100",
       "A production relay on IPv4 with Prometheus metrics for the local scraper."},
  });
  return tool.run(argc, argv, [&] { moq::relay_tool::run_relay(flags, tool.logger()); });
}
