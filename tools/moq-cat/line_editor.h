#pragma once
// A prompt with line editing and history (libedit's readline-compatible callback interface),
// driven by the event loop instead of blocking in readline(): stdin is watched, each readable
// byte goes to the editor, and complete lines come back through a callback. Output that arrives
// meanwhile (network events) is printed above the prompt, which is then drawn again with the
// half-typed line intact.
//
// libedit keeps one editor per process and calls back a plain function, so only one LineEditor
// may exist at a time (a second throws moq::Error). Without a terminal on stdin and stdout
// (commands piped in), lines are read as they are, with no prompt and no editing.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "input_reader.h"
#include "moq/bytes.h"
#include "moq/event_loop.h"

namespace moq::cat {

class LineEditor {
 public:
  // on_line: a line the user entered (without the newline), or nullopt at end of input (Ctrl-D).
  LineEditor(EventLoop& loop, std::string prompt, std::function<void(std::optional<std::string>)> on_line);
  ~LineEditor();
  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  // Prints text (one or more lines) above the prompt.
  void print(std::string_view text);
  void set_prompt(std::string prompt);

 private:
  static void line_handler(char* line);
  void read_plain(const Bytes& chunk);

  const bool terminal_;
  std::string prompt_;
  std::function<void(std::optional<std::string>)> on_line_;
  EventLoop::Watch watch_;
  std::optional<tool::InputReader> plain_input_;
  std::string partial_line_;  // without a terminal: input after the last newline
  bool in_handler_ = false;
};

}  // namespace moq::cat
