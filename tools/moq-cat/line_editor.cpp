#include "line_editor.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sys/epoll.h>
#include <unistd.h>
#include <utility>

#include <editline/readline.h>

#include "moq/error.h"

namespace moq::cat {

namespace {

// The editor that rl_callback_handler_install's plain function pointer reaches: libedit has no
// user-data argument, so this one pointer is the only way back to the object.
LineEditor* active_editor = nullptr;

struct FreeDeleter {
  void operator()(char* text) const noexcept { std::free(text); }
};

}  // namespace

LineEditor::LineEditor(EventLoop& loop, std::string prompt, std::function<void(std::optional<std::string>)> on_line)
    : terminal_(isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1),
      prompt_(std::move(prompt)),
      on_line_(std::move(on_line)) {
  if (active_editor) throw Error(code::protocol_violation, "only one line editor at a time");
  active_editor = this;
  if (!terminal_) {
    plain_input_.emplace(
        loop, STDIN_FILENO, [this](const Bytes& chunk) { read_plain(chunk); },
        [this] {
          if (!partial_line_.empty()) on_line_(std::exchange(partial_line_, {}));
          on_line_(std::nullopt);
        });
    return;
  }
  // The event loop handles signals (signalfd); libedit must not install handlers of its own.
  rl_catch_signals = 0;
  rl_readline_name = "moq-cat";
  using_history();
  rl_callback_handler_install(prompt_.c_str(), &LineEditor::line_handler);
  watch_ = EventLoop::Watch(loop, STDIN_FILENO, EPOLLIN, [](uint32_t) { rl_callback_read_char(); });
}

LineEditor::~LineEditor() {
  plain_input_.reset();
  watch_ = EventLoop::Watch();
  // Puts the terminal back in the mode it had.
  if (terminal_) rl_callback_handler_remove();
  active_editor = nullptr;
}

void LineEditor::read_plain(const Bytes& chunk) {
  partial_line_.append(chunk.view());
  size_t start = 0;
  for (size_t end; active_editor == this && (end = partial_line_.find('\n', start)) != std::string::npos;
       start = end + 1) {
    on_line_(partial_line_.substr(start, end - start));
  }
  partial_line_.erase(0, start);
}

void LineEditor::line_handler(char* raw) {
  std::unique_ptr<char, FreeDeleter> line(raw);
  LineEditor* self = active_editor;
  if (!self) return;
  std::optional<std::string> text;
  if (line) {
    text = std::string(line.get());
    if (!text->empty()) add_history(line.get());
  }
  self->in_handler_ = true;
  self->on_line_(std::move(text));
  self->in_handler_ = false;
  // libedit leaves line-at-a-time (blocking) mode on after a line until the next key arrives;
  // installing again puts the terminal back in character mode and draws the prompt now.
  if (active_editor == self) rl_callback_handler_install(self->prompt_.c_str(), &LineEditor::line_handler);
}

void LineEditor::print(std::string_view text) {
  if (in_handler_ || !terminal_) {
    // The terminal is between lines: no prompt on screen to protect.
    std::fwrite(text.data(), 1, text.size(), stdout);
    if (text.empty() || text.back() != '\n') std::fputc('\n', stdout);
    std::fflush(stdout);
    return;
  }
  // Carriage return and erase the prompt's row, print, then have libedit draw the prompt and
  // the line being edited again from where the cursor now is.
  std::fputs("\r\033[K", stdout);
  std::fwrite(text.data(), 1, text.size(), stdout);
  if (text.empty() || text.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
  rl_forced_update_display();
}

void LineEditor::set_prompt(std::string prompt) {
  prompt_ = std::move(prompt);
  if (terminal_) rl_set_prompt(prompt_.c_str());
}

}  // namespace moq::cat
