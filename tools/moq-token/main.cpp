// moq-token: keys and tokens for moq-relay --auth-key.

#include "help_examples.h"
#include "token_commands.h"
#include "tool.h"

int main(int argc, char** argv) {
  moq::tool::Tool tool("moq-token", "Make and check moq-relay authorization tokens (HS256 JWT)");
  moq::token_tool::TokenFlags flags;
  moq::token_tool::add_token_commands(tool.cli(), flags);
  tool.set_examples({
      {"moq-token generate-key --out relay.jwk", "A new key for moq-relay --auth-key relay.jwk."},
      {"moq-token sign --key relay.jwk --publish room/alice --subscribe room --expires 1h",
       "A token for one hour: publish under room/alice, subscribe under room."},
      {"moq-token verify --key relay.jwk \"$TOKEN\"", "Check a token and print its claims."},
  });
  return tool.run(argc, argv, [&] { moq::token_tool::run_token_command(tool.cli(), flags, tool.logger()); });
}
