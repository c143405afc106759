// Private: the one reader of stored text: a paragraph document as stored, and a whole file as a
// bucket stores it (paragraph documents -> FileRecord). Used by the indexer, the searcher and --check.
#pragma once

#include "index/record.hpp"

#include <xapian.h>

#include <optional>
#include <string>

namespace parasearch::detail {

/// The paragraph stored as document `did` of `db` (its text; its file's header if it is paragraph 1),
/// or nullopt if there is no such document or its data is not a paragraph's. Throws Xapian::Error on a
/// database error.
std::optional<StoredParagraph> read_stored_paragraph(const Xapian::Database &db, Xapian::docid did);

/// The file stored under `path` in `db` (one bucket): header from paragraph 1, then every paragraph in
/// order (the postings of its XF term). nullopt if it is not there or its paragraphs are not 1..n.
/// Throws Xapian::Error on a database error.
std::optional<FileRecord> read_stored_file(const Xapian::Database &db, const std::string &path);

} // namespace parasearch::detail
