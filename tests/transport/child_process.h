#pragma once
// A child process for tests (ngtcp2's example programs, ip netns exec ...): started with
// posix_spawnp, killed and reaped when the handle goes away.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <optional>
#include <string>
#include <vector>

extern char** environ;

namespace moq::test {

class ChildProcess {
 public:
  // Output goes to output_file ("/dev/null" by default).
  explicit ChildProcess(const std::vector<std::string>& args,
                        const std::string& output_file = "/dev/null") {
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    if (posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~ChildProcess() {
    if (pid_ > 0 && !status_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // The exit status once the process has ended (without blocking), else nullopt.
  std::optional<int> exit_status() {
    if (!status_ && pid_ > 0) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_)
        status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    return status_;
  }
  void terminate() {
    if (pid_ > 0 && !status_) ::kill(pid_, SIGTERM);
  }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// Runs a command to completion; returns its exit status (-1 if it could not start).
inline int run_command(const std::vector<std::string>& args) {
  ChildProcess child(args);
  if (!child.started()) return -1;
  while (!child.exit_status()) ::usleep(2000);
  return *child.exit_status();
}

}  // namespace moq::test
