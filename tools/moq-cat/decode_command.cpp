#include "decode_command.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "capture_cursor.h"
#include "capture_input.h"
#include "decode_modes.h"
#include "help_examples.h"

namespace moq::cat {

DecodeCommand::DecodeCommand(CLI::App& app)
    : command_(app.add_subcommand("decode", "Decode captured stream bytes into one JSON line per message")) {
  // moq-cat is either this subcommand or the live modes (URL [PATH]) on the top level.
  app.require_subcommand(0, 1);
  command_->add_option("FILE", file_, "Captured bytes; - or none for stdin")->option_text(" ");
  command_->add_flag("--hex", hex_, "The input is hex text (whitespace ignored) instead of raw bytes");
  auto* mode = command_->add_option_group("mode", "What the capture holds (exactly one)");
  mode->add_option("-t,--type", kind_, "A sequence of messages of this kind")
      ->check(CLI::IsMember(message_kind_names()))
      ->option_text("KIND");
  mode->add_option("-s,--stream", stream_,
                   "A whole stream from its type varint on, as written by the side that opened it")
      ->check(CLI::IsMember({"bidi", "uni"}))
      ->option_text("bidi|uni");
  mode->require_option(1);
  command_->footer(tool::examples_footer({
      {"moq-cat decode --hex --stream bidi session.hex",
       "Decode the client side of a session stream written as hex."},
      {"printf '0000000568656c6c6f00' | moq-cat decode --hex --stream uni",
       "Decode a group stream: data type, group header, then frames with payload."},
      {"moq-cat decode --type announce announces.bin", "Decode a run of announce messages."},
  }));
}

void DecodeCommand::run(const tool::Logger& logger) const {
  std::vector<uint8_t> bytes = read_capture(file_, hex_);
  logger.debug("decoding ", bytes.size(), " bytes from ", file_ == "-" ? "stdin" : file_, " as ",
               kind_.empty() ? stream_ + " stream" : kind_);
  CaptureCursor cursor(bytes);
  if (!kind_.empty()) {
    decode_messages(kind_, cursor, std::cout);
  } else if (stream_ == "bidi") {
    decode_bidi_stream(cursor, std::cout);
  } else {
    decode_uni_stream(cursor, std::cout);
  }
  std::cout.flush();
}

bool DecodeCommand::selected() const { return command_->parsed(); }

}  // namespace moq::cat
