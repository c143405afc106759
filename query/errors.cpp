#include "query/errors.hpp"

#include "parasearch/errors.hpp"

#include <xapian.h>

#include <exception>
#include <new>

namespace parasearch::detail {

void rethrow_as_error(const std::filesystem::path &index, const std::string &doing) {
  const std::string where = "index '" + index.string() + "'";
  auto damaged = [&](const std::string &what) {
    return DatabaseError(where + " is damaged (" + what + "); run parasearch-index --check");
  };
  try {
    throw;
  } catch (const Error &) {
    throw;
  } catch (const Xapian::DocNotFoundError &e) {
    throw damaged("a passage it lists cannot be read: " + e.get_msg());
  } catch (const Xapian::DatabaseCorruptError &e) {
    throw damaged(e.get_msg());
  } catch (const Xapian::DatabaseModifiedError &) {
    throw DatabaseError(where + " keeps changing during the " + doing + "; try again");
  } catch (const Xapian::Error &e) {
    // Glass says "EOF reading block N" (a plain DatabaseError) when a table points past its file's
    // end: damage (a scribbled B-tree block, or a table cut short), not a failing disk.
    if (e.get_type() == std::string("DatabaseError") && e.get_msg().rfind("EOF reading block", 0) == 0)
      throw damaged(e.get_msg());
    throw DatabaseError(doing + " failed in " + where + ": " + e.get_description());
  } catch (const std::bad_alloc &) {
    throw Error("out of memory during the " + doing + " in " + where, ExitCode::kInternal);
  } catch (const std::exception &e) {
    throw Error("internal error during the " + doing + " in " + where + ": " + e.what(), ExitCode::kInternal);
  } catch (...) {
    throw Error("internal error during the " + doing + " in " + where, ExitCode::kInternal);
  }
}

} // namespace parasearch::detail
