// check_index(): Xapian's consistency check (what xapian-check does) of every bucket database of an
// index, reported in plain words.
#include "parasearch/check.hpp"

#include "common/hash.hpp"
#include "index/record.hpp"
#include "index/store.hpp"
#include "index/stored.hpp"
#include "indexer/bucket.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace parasearch {
namespace {

// The table Xapian's check log was working on last (its "postlist:" heading), or empty.
std::string last_table(const std::string &log) {
  std::istringstream in(log);
  std::string table;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line.back() == ':' && line.find(' ') == std::string::npos)
      table = line.substr(0, line.size() - 1);
  return table;
}

// True if every file of `bucket` may be opened for writing by this process.
bool writable(const fs::path &bucket) {
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(bucket, ec))
    if (::access(e.path().c_str(), W_OK) != 0) return false;
  return !ec;
}

// A private copy of a bucket, read from the index with read-only opens, deleted with this object.
class BucketCopy {
public:
  explicit BucketCopy(const fs::path &bucket) {
    std::string templ = (fs::temp_directory_path() / "parasearch-check-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr)
      throw DatabaseError("cannot make a temporary folder to check '" + bucket.string() + "': " + std::strerror(errno));
    dir_ = templ;
    std::error_code ec;
    fs::copy(bucket, dir_, fs::copy_options::recursive, ec);
    if (ec) throw DatabaseError("cannot copy '" + bucket.string() + "' to check it: " + ec.message());
  }
  ~BucketCopy() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  BucketCopy(const BucketCopy &) = delete;
  BucketCopy &operator=(const BucketCopy &) = delete;
  const fs::path &path() const { return dir_; }

private:
  fs::path dir_;
};

// Checks one bucket database; returns a plain-words problem, or "" if it is sound. Xapian's check opens
// every table read/write; a bucket this process may not write (a read-only index, another user's) is
// checked through a private copy, so the index itself is only ever opened read-only.
std::string check_bucket(const fs::path &bucket, std::string &log) {
  std::error_code ec;
  if (!fs::is_directory(bucket, ec)) return "its database folder is missing";
  std::optional<BucketCopy> copy;
  if (!writable(bucket)) copy.emplace(bucket);
  const fs::path target = copy ? copy->path() : bucket;
  std::ostringstream details;
  std::string problem;
  try {
    const std::size_t errors = Xapian::Database::check(target.string(), 0, &details);
    if (errors > 0) problem = std::to_string(errors) + (errors == 1 ? " error" : " errors") + " found";
  } catch (const Xapian::Error &e) {
    const std::string table = last_table(details.str());
    problem = "the check stopped at an error" + (table.empty() ? "" : " in the '" + table + "' table") + ": " +
              e.get_description();
  }
  log = sanitize_utf8(details.str()); // damaged keys may be any bytes
  return problem;
}

// Checks the stored text of one sound bucket: every document's data decodes, each file's paragraphs
// are consecutive documents numbered 1..n after a header that names the file, and n is what the
// file's state says. The searcher relies on that order to find a hit's header. Returns a
// plain-words problem, or "".
std::string check_stored_text(const fs::path &bucket) {
  try {
    const Xapian::Database db(bucket.string());
    std::uint64_t file = 0;
    std::uint32_t expected = 0, seen = 0;
    std::string path;
    auto finish = [&]() -> std::string {
      if (seen != expected)
        return "file '" + path + "' has " + std::to_string(seen) + " of its " + std::to_string(expected) +
               " paragraphs in a row";
      const std::string state = db.get_metadata(std::string(schema::kMetaFilePrefix) + detail::hex64(file));
      const auto st = detail::decode_state(state);
      if (!st || st->paragraphs != expected) return "file '" + path + "' has no matching state record";
      return {};
    };
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const auto p = detail::read_stored_paragraph(db, *it);
      const std::string where = "document " + std::to_string(*it);
      if (!p) return where + " has unreadable stored text";
      if (p->header) {
        if (expected != 0)
          if (std::string problem = finish(); !problem.empty()) return problem;
        if (detail::file_id(p->header->path) != p->file_id) return where + " names another file than its header";
        file = p->file_id, expected = p->header->paragraphs, seen = 1, path = p->header->path;
      } else if (expected == 0 || p->file_id != file || p->number != seen + 1) {
        return where + " is out of order: paragraph " + std::to_string(p->number) + " where paragraph " +
               std::to_string(seen + 1) + (path.empty() ? " of a file" : " of '" + path + "'") + " belongs";
      } else {
        ++seen;
      }
    }
    if (expected != 0) return finish();
    return {};
  } catch (const Xapian::Error &e) {
    return "its stored text cannot be read: " + e.get_description();
  }
}

} // namespace

bool check_index(const fs::path &db, std::ostream &report) {
  std::error_code ec;
  if (!fs::is_directory(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  if (fs::exists(db / schema::kLockFile, ec) && detail::only_creation_leftovers(db)) {
    // A first build running, or killed before it wrote the stub: nothing is damaged, searches see an
    // empty index, and the next parasearch-index run redoes the creation.
    report << "Index '" << db.string()
           << "' holds no paragraphs yet: its first build is still running, or was interrupted before it "
              "finished. Nothing is damaged; if no indexer is running, run parasearch-index again to build it."
           << '\n';
    return true;
  }
  (void)detail::read_config(db); // throws DatabaseError naming the problem if it is not a readable index
  const std::vector<std::string> buckets = detail::listed_buckets(db);
  std::size_t damaged = 0;
  std::ostringstream problems;
  for (const std::string &name : buckets) {
    std::string log;
    std::string problem = check_bucket(db / name, log);
    if (problem.empty()) problem = check_stored_text(db / name);
    if (problem.empty()) {
      try {
        problem = detail::check_tallies(db / name);
      } catch (const Xapian::Error &e) {
        problem = "its metadata cannot be read: " + e.get_description();
      }
    }
    if (problem.empty()) continue;
    ++damaged;
    problems << "\nBucket database '" << name << "': " << problem << ".\n";
    if (!log.empty()) problems << "Xapian's check said:\n" << log;
  }
  std::size_t paragraphs = 0;
  if (damaged == 0) {
    try {
      paragraphs = Xapian::Database(db.string()).get_doccount();
    } catch (const Xapian::Error &e) {
      ++damaged;
      problems << "\nThe buckets check out, but the index does not open as a whole: " << e.get_description() << "\n";
    }
  }
  if (damaged == 0) {
    report << "Index '" << db.string() << "' is sound: " << buckets.size()
           << (buckets.size() == 1 ? " database" : " databases") << " checked, no errors (" << paragraphs
           << " paragraphs).\n";
    return true;
  }
  report << "Index '" << db.string() << "' is DAMAGED: " << damaged << " of " << buckets.size()
         << " databases failed the check. Searches may return wrong or missing passages. Rebuild it with "
            "parasearch-index --full on the same files.\n"
         << problems.str();
  return false;
}

} // namespace parasearch
