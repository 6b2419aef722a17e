#pragma once
// CLI::App, declared only: CLI11 is header-only and costs seconds of compile time in every file
// that includes it, so headers name the type and just the files that register or read flags
// include <CLI/CLI.hpp>.

namespace CLI {
class App;
}  // namespace CLI
