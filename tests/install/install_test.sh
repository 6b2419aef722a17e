#!/usr/bin/env bash
# Installs the built project into a temporary prefix, then configures, builds and runs a small
# project that finds it with find_package(moq); also runs an installed tool.
set -euo pipefail
build_dir=$1
source_dir=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
LD_LIBRARY_PATH="$work/prefix/lib" "$work/consumer/consumer"
"$work/prefix/bin/moq-cat" --help >/dev/null
echo "installed libmoq found, linked and ran"
