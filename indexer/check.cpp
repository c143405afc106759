// check_index(): Xapian's consistency check (what xapian-check does), reported in plain words.
#include "parasearch/check.hpp"

#include "parasearch/errors.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <ostream>
#include <sstream>
#include <string>

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

} // namespace

bool check_index(const std::filesystem::path &db, std::ostream &report) {
  std::error_code ec;
  if (!std::filesystem::is_directory(db, ec))
    throw DatabaseError("no index at '" + db.string() + "' (build one with parasearch-index, or pass --db)");
  std::ostringstream details; // Xapian's own per-table log: shown only when something is wrong
  std::size_t errors = 0;
  std::string failure;
  try {
    errors = Xapian::Database::check(db.string(), 0, &details);
  } catch (const Xapian::DatabaseOpeningError &e) {
    throw DatabaseError("cannot check '" + db.string() + "': it is not a parasearch index (" + e.get_msg() + ")");
  } catch (const Xapian::Error &e) {
    failure = e.get_description(); // damage bad enough to stop the check
  }
  if (errors == 0 && failure.empty()) {
    std::size_t paragraphs = 0;
    try {
      paragraphs = Xapian::Database(db.string()).get_doccount();
    } catch (const Xapian::Error &e) {
      failure = e.get_description();
    }
    if (failure.empty()) {
      report << "Index '" << db.string() << "' is sound: every table checked, no errors (" << paragraphs
             << " paragraphs).\n";
      return true;
    }
  }
  report << "Index '" << db.string() << "' is DAMAGED: ";
  const std::string log = sanitize_utf8(details.str()); // damaged keys may be any bytes
  if (!failure.empty()) {
    const std::string table = last_table(log);
    report << "the check stopped at an error" << (table.empty() ? "" : " in the '" + table + "' table") << ": "
           << failure << "\n";
  } else {
    report << errors << (errors == 1 ? " error" : " errors") << " found.\n";
  }
  report << "Searches may return wrong or missing passages. Rebuild it: remove the folder and run "
            "parasearch-index again on the same files.\n";
  if (!log.empty()) report << "\nXapian's check said:\n" << log;
  return false;
}

} // namespace parasearch
