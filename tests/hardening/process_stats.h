#pragma once
// What /proc says about a process: for tests that bound a child's memory and descriptors.

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace hardening {

// The pid of this process's child whose command name (/proc/PID/comm) is name; -1 if none.
pid_t child_named(const std::string& name);
// VmRSS from /proc/PID/status in KiB; 0 if unreadable.
uint64_t resident_kib(pid_t pid);

}  // namespace hardening
