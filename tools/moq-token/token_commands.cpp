#include "token_commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <nlohmann/json.hpp>

#include <CLI/CLI.hpp>

#include "lifetime.h"
#include "moq/auth.h"
#include "moq/error.h"
#include "tool_failure.h"

namespace moq::token_tool {

namespace {

using tool::ExitCode;
using tool::ToolFailure;

int64_t seconds_of(auth::Clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
}

auth::Key load_key(const std::string& file) {
  try {
    return auth::Key::load(file);
  } catch (const Error& error) {
    throw ToolFailure(ExitCode::usage, error.what());
  }
}

// The claims as one JSON line, under the names the token uses.
std::string claims_json(const auth::Claims& claims) {
  nlohmann::json out = nlohmann::json::object();
  if (claims.publish) out["publish"] = claims.publish->to_string();
  if (claims.subscribe) out["subscribe"] = claims.subscribe->to_string();
  if (claims.expires) out["exp"] = seconds_of(*claims.expires);
  if (claims.issued) out["iat"] = seconds_of(*claims.issued);
  return out.dump();
}

// A new file only readable by its owner: a key is a secret, and an existing one is not replaced.
void write_secret_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw ToolFailure(ExitCode::failure, "cannot create " + path + ": " + std::strerror(errno));
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  bool closed = ::close(fd) == 0;
  if (!written || !closed) throw ToolFailure(ExitCode::failure, "cannot write " + path);
}

void generate_key(const TokenFlags& flags, const tool::Logger& logger) {
  std::string jwk = auth::Key::generate().to_jwk() + "\n";
  if (flags.out.empty()) {
    std::cout << jwk;
    return;
  }
  write_secret_file(flags.out, jwk);
  logger.info("wrote a new HS256 key to ", flags.out);
}

void sign(const TokenFlags& flags, const tool::Logger& logger) {
  if (!flags.publish && !flags.subscribe) {
    throw ToolFailure(ExitCode::usage, "a token needs --publish PREFIX, --subscribe PREFIX or both");
  }
  auth::Key key = load_key(flags.key_file);
  auto now = auth::Clock::now();
  auth::Claims claims;
  claims.issued = std::chrono::time_point_cast<std::chrono::seconds>(now);
  if (flags.publish) claims.publish = Path::parse(*flags.publish);
  if (flags.subscribe) claims.subscribe = Path::parse(*flags.subscribe);
  if (flags.expires) {
    auto lifetime = parse_lifetime(*flags.expires);
    if (!lifetime) {
      throw ToolFailure(ExitCode::usage, "--expires: not a lifetime like 90s, 30m, 1h or 7d: " + *flags.expires);
    }
    claims.expires = std::chrono::time_point_cast<std::chrono::seconds>(now) + *lifetime;
  } else {
    logger.warn("the token never expires (no --expires)");
  }
  std::cout << auth::sign(key, claims) << "\n";
}

void verify(const TokenFlags& flags) {
  auth::Key key = load_key(flags.key_file);
  try {
    std::cout << claims_json(auth::verify(key, flags.token)) << "\n";
  } catch (const Error& error) {
    throw ToolFailure(ExitCode::failure, std::string("token not valid: ") + error.what());
  }
}

void inspect(const TokenFlags& flags) {
  try {
    std::cout << claims_json(auth::decode_unverified(flags.token)) << "\n";
  } catch (const Error& error) {
    throw ToolFailure(ExitCode::failure, error.what());
  }
}

}  // namespace

void add_token_commands(CLI::App& app, TokenFlags& flags) {
  app.require_subcommand(1);
  auto* generate = app.add_subcommand("generate-key", "Make a new random HS256 key (a JSON Web Key)");
  generate->add_option("--out", flags.out, "File to create (mode 0600, never replaced); default: stdout")
      ->option_text("FILE");

  auto* sign_command = app.add_subcommand("sign", "Make a token; prints it on stdout");
  sign_command->add_option("--key", flags.key_file, "Key file from generate-key")->required()->option_text("FILE");
  sign_command->add_option("--publish", flags.publish, "May publish under this path prefix (\"\" for all)")
      ->option_text("PREFIX");
  sign_command->add_option("--subscribe", flags.subscribe, "May subscribe under this path prefix (\"\" for all)")
      ->option_text("PREFIX");
  sign_command->add_option("--expires", flags.expires, "Lifetime: 90s, 30m, 1h, 7d (default: never)")
      ->option_text("TIME");

  auto* verify_command = app.add_subcommand("verify", "Check a token against a key; prints its claims as JSON");
  verify_command->add_option("--key", flags.key_file, "Key file from generate-key")->required()->option_text("FILE");
  verify_command->add_option("token", flags.token, "The token")->required();

  auto* inspect_command = app.add_subcommand("inspect", "Print a token's claims as JSON without checking it");
  inspect_command->add_option("token", flags.token, "The token")->required();
}

void run_token_command(const CLI::App& app, const TokenFlags& flags, const tool::Logger& logger) {
  if (app.got_subcommand("generate-key")) {
    generate_key(flags, logger);
  } else if (app.got_subcommand("sign")) {
    sign(flags, logger);
  } else if (app.got_subcommand("verify")) {
    verify(flags);
  } else {
    inspect(flags);
  }
}

}  // namespace moq::token_tool
