// Private: the one reader of a file as a bucket stores it (paragraph documents -> FileRecord).
#pragma once

#include "index/record.hpp"

#include <xapian.h>

#include <optional>
#include <string>

namespace parasearch::detail {

/// The file stored under `path` in `db` (one bucket): header from paragraph 1, then every paragraph in
/// order (the postings of its XF term). nullopt if it is not there or its paragraphs are not 1..n.
/// Throws Xapian::Error on a database error.
std::optional<FileRecord> read_stored_file(const Xapian::Database &db, const std::string &path);

} // namespace parasearch::detail
