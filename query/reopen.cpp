#include "query/reopen.hpp"

#include "parasearch/schema.hpp"

#include <sys/stat.h>

#include <chrono>
#include <thread>

namespace parasearch::detail {

StubStamp stub_stamp(const std::filesystem::path &dir) {
  struct stat st {};
  // A shard set may be a stub file of its own rather than an index folder.
  const bool file = ::stat(dir.c_str(), &st) == 0 && S_ISREG(st.st_mode);
  if (!file && ::stat((dir / schema::kStubFile).c_str(), &st) != 0) return {};
  return {st.st_ino, st.st_size, st.st_mtim};
}

Xapian::Database open_index_database(const std::filesystem::path &dir) {
  constexpr int kAttempts = 10;
  for (int attempt = 1;; ++attempt) {
    try {
      return Xapian::Database(dir.string());
    } catch (const Xapian::DatabaseOpeningError &) { // includes DatabaseNotFoundError
      if (attempt == kAttempts) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt)); // let the swap finish
    }
  }
}

} // namespace parasearch::detail
