// The index schema: every term prefix, value slot and metadata key parasearch writes.
// This header is the only home of these facts; docs/schema.md describes them for humans.
#pragma once

#include <string_view>

namespace parasearch::schema {

/// Version of the on-disk layout; bumped when old indexes can no longer be read.
inline constexpr int kSchemaVersion = 1;

// ---- Term prefixes (omega conventions: single capitals are Xapian's, project ones start with X).
/// Unique id of one paragraph: `Q` + file key + `#` + paragraph number.
inline constexpr std::string_view kPrefixUid = "Q";
/// Stemmed title words, searchable as `title:`.
inline constexpr std::string_view kPrefixTitle = "S";
/// Boolean term naming the source file (its file key); every paragraph of the file carries it.
inline constexpr std::string_view kPrefixFile = "XF";

/// The query-language field name for titles.
inline constexpr std::string_view kFieldTitle = "title";

// ---- Value slots.
/// Source path relative to the folder given to the indexer (UTF-8).
inline constexpr unsigned kSlotPath = 0;
/// The document's title, shown with every hit; empty when the file has none.
inline constexpr unsigned kSlotTitle = 1;
/// Paragraph number within its file, from 1, as Xapian::sortable_serialise.
inline constexpr unsigned kSlotParagraph = 2;

// ---- Metadata keys.
/// Snowball language name used for stemming, or "none".
inline constexpr std::string_view kMetaLanguage = "parasearch.language";
/// kSchemaVersion as decimal text.
inline constexpr std::string_view kMetaSchemaVersion = "parasearch.schema";
/// Prefix of the per-file bookkeeping record: key = prefix + file key.
inline constexpr std::string_view kMetaFilePrefix = "parasearch.file:";

// ---- Limits.
/// Xapian's hard limit on a term's length in bytes (glass backend).
inline constexpr std::size_t kMaxTermBytes = 245;
/// Longest file key stored verbatim; longer paths are replaced by a hash.
inline constexpr std::size_t kMaxFileKeyBytes = 180;

} // namespace parasearch::schema
