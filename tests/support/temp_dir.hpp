// A temporary directory removed when the test ends, and small file helpers for tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace parasearch::test {

/// A fresh, empty directory under the system temp dir; deleted (recursively) on destruction.
class TempDir {
public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("parasearch-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  /// The directory.
  const std::filesystem::path &path() const { return path_; }
  /// path() / rel.
  std::filesystem::path operator/(const std::string &rel) const { return path_ / rel; }

private:
  std::filesystem::path path_;
};

/// Writes `bytes` to `path`, creating parent folders.
inline void write_file(const std::filesystem::path &path, std::string_view bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The whole content of a file.
inline std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The repository's source dir (for corpus/ and tests/data/).
inline std::filesystem::path source_dir() { return PARASEARCH_SOURCE_DIR; }

/// True if `needle` occurs in `haystack` (tool output, messages).
inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

} // namespace parasearch::test
