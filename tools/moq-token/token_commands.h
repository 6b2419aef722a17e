#pragma once
// moq-token's subcommands: generate-key, sign, verify, inspect (docs/moq-token.md).

#include <optional>
#include <string>

#include "cli_fwd.h"
#include "logger.h"

namespace moq::token_tool {

struct TokenFlags {
  std::string out;                       // generate-key: the key file to create
  std::string key_file;                  // sign, verify
  std::optional<std::string> publish;    // sign: the publish prefix claim
  std::optional<std::string> subscribe;  // sign: the subscribe prefix claim
  std::optional<std::string> expires;    // sign: lifetime ("1h")
  std::string token;                     // verify, inspect
};

// Adds the subcommands; exactly one is required.
void add_token_commands(CLI::App& app, TokenFlags& flags);

// Runs the subcommand that was parsed. Throws tool::ToolFailure on bad input or a token that
// is not valid.
void run_token_command(const CLI::App& app, const TokenFlags& flags, const tool::Logger& logger);

}  // namespace moq::token_tool
