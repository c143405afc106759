// check_index(): Xapian's consistency check (what xapian-check does) of every bucket database of an
// index, reported in plain words.
#include "parasearch/check.hpp"

#include "indexer/store.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
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

// The bucket databases the index's stub file lists ("glass NAME" lines), as directory names.
std::vector<std::string> listed_buckets(const fs::path &db) {
  std::vector<std::string> out;
  std::ifstream stub(db / schema::kStubFile);
  for (std::string line; std::getline(stub, line);)
    if (const auto space = line.find(' '); space != std::string::npos) out.push_back(line.substr(space + 1));
  return out;
}

// Checks one bucket database; returns a plain-words problem, or "" if it is sound.
std::string check_bucket(const fs::path &bucket, std::string &log) {
  std::error_code ec;
  if (!fs::is_directory(bucket, ec)) return "its database folder is missing";
  std::ostringstream details;
  std::string problem;
  try {
    const std::size_t errors = Xapian::Database::check(bucket.string(), 0, &details);
    if (errors > 0) problem = std::to_string(errors) + (errors == 1 ? " error" : " errors") + " found";
  } catch (const Xapian::Error &e) {
    const std::string table = last_table(details.str());
    problem = "the check stopped at an error" + (table.empty() ? "" : " in the '" + table + "' table") + ": " +
              e.get_description();
  }
  log = sanitize_utf8(details.str()); // damaged keys may be any bytes
  return problem;
}

} // namespace

bool check_index(const fs::path &db, std::ostream &report) {
  std::error_code ec;
  if (!fs::is_directory(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  (void)detail::read_config(db); // throws DatabaseError naming the problem if it is not a readable index
  const std::vector<std::string> buckets = listed_buckets(db);
  std::size_t damaged = 0;
  std::ostringstream problems;
  for (const std::string &name : buckets) {
    std::string log;
    const std::string problem = check_bucket(db / name, log);
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
