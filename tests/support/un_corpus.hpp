// Real UN text for tests that need hundreds of files: one session of the UN General Debate Corpus,
// extracted from the project's shared data at run time (never committed).
#pragma once

#include "support/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>

namespace parasearch::test {

/// The UN General Debate Corpus tarball in the shared data, or an empty path if it is not there.
inline std::filesystem::path ungdc_tarball() {
  if (const char *env = std::getenv("PARASEARCH_UNGDC"); env != nullptr && *env != '\0') return env;
  const auto p = source_dir() / ".." / "shared" / "corpora" / "ungdc-1946-2022.tar.zst";
  return std::filesystem::exists(p) ? p : std::filesystem::path();
}

/// Extracts the speeches of one session (e.g. "50" for 1995) into `into`; returns the folder that
/// holds them, or an empty path if the corpus is unavailable.
inline std::filesystem::path extract_session(const std::filesystem::path &into, const std::string &session) {
  const auto tarball = ungdc_tarball();
  if (tarball.empty()) return {};
  const std::string cmd = "tar --zstd -xf '" + tarball.string() + "' -C '" + into.string() +
                          "' --wildcards 'TXT/Session " + session + " - *' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return {};
  return into / "TXT";
}

} // namespace parasearch::test
