// Private to parasearch-index: printing the closing summary of a run, and --show-split.
#pragma once

#include "parasearch/indexer.hpp"

#include <filesystem>
#include <ostream>
#include <string>

namespace parasearch::cli {

/// Prints `summary` as one JSON object (db, language, path_fields and every count of IndexSummary).
void print_summary_json(std::ostream &out, const IndexSummary &summary, const std::filesystem::path &db,
                        const std::string &language, const std::string &path_fields);

/// Prints `summary` as readable text: "N files in T s: a added, u updated, c unchanged, e empty,
/// s skipped, f failed; r removed." (the first six add up to N), then paragraphs, ignored files and the
/// index's total.
void print_summary_text(std::ostream &out, const IndexSummary &summary, const std::filesystem::path &db,
                        const std::string &language);

/// Prints how the file at `path` is split into title and paragraphs, as text or (`json`) as one JSON
/// object (format, encoding, layout, title, language, paragraphs [{number, text, page, page_label,
/// language, line}], empty and zero fields left out); throws UsageError (naming it) if it is a folder, not
/// a regular file, unreadable, binary or in a supported format but unreadable (a zip bomb, a damaged file).
void print_split(std::ostream &out, const std::filesystem::path &path, bool json = false);

} // namespace parasearch::cli
