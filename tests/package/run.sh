#!/usr/bin/env bash
# Installs the built project into a temporary prefix, then builds and runs tests/package/consumer
# against it with find_package(parasearch): proves the installed CMake package works, for the C++
# library and the C API.
set -euo pipefail
build_dir=$1 source_dir=$2 flags=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
cmake -S "$source_dir/tests/package/consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_C_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer" "$work/db"
"$work/build/search_c" "$work/db" # the C API (libparasearch_c.so) on the index the consumer made
