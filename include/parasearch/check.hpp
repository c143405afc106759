// Consistency check of an index: finds damage that normal reads do not notice.
#pragma once

#include <filesystem>
#include <iosfwd>

namespace parasearch {

/// Checks every table of the index at `db` with Xapian's consistency check, and every paragraph's
/// stored text and order, and writes a plain-words report to `report`. Returns true if the index is sound (or holds
/// nothing yet: its first build is running or was killed, and searches see it empty), false if it is damaged; throws
/// DatabaseError if there is no index at `db`. Read-only; run it when no indexer is writing, or it may see a half-done
/// commit.
bool check_index(const std::filesystem::path &db, std::ostream &report);

} // namespace parasearch
