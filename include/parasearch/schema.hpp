// The index schema: every term prefix, value slot, metadata key and file name parasearch writes.
// This header is the only home of these facts; docs/schema.md describes them for humans.
#pragma once

#include <cstddef>
#include <string_view>

namespace parasearch::schema {

/// Version of the on-disk layout; an index with another version must be rebuilt (--full).
inline constexpr int kSchemaVersion = 8;

// ---- Index directory layout. An index is a directory holding `kBuckets` Xapian databases
// ("buckets"), listed in a Xapian stub file so Xapian::Database(dir) opens them as one.
/// Xapian stub file naming the live bucket databases (Xapian reads it when given the directory). Its
/// comment lines hold the index settings, so settings and buckets switch together in one rename.
inline constexpr std::string_view kStubFile = "XAPIANDB";
/// Start of a settings line in the stub: this + `key=value`, keys schema, language, buckets, path-fields.
/// Xapian skips lines starting with '#'.
inline constexpr std::string_view kStubConfigPrefix = "# parasearch ";
/// Where indexes written before the settings moved into the stub kept them (`key=value` lines). Read
/// only when the stub has no settings; removed the next time the index is written.
inline constexpr std::string_view kConfigFile = "parasearch.conf";
/// Lock file held (flock) by the one writer.
inline constexpr std::string_view kLockFile = "parasearch.lock";
/// Most buckets a new index gets by default (one per core: parasearch::default_buckets()); each file
/// lives in bucket hash(path) % buckets.
inline constexpr unsigned kMaxDefaultBuckets = 8;

// ---- Term prefixes (omega conventions: single capitals are Xapian's, project ones start with X).
/// Unique id of one paragraph: `Q` + file id + `#` + paragraph number.
inline constexpr std::string_view kPrefixUid = "Q";
/// Stemmed title words, searchable as `title:`.
inline constexpr std::string_view kPrefixTitle = "S";
/// Boolean term naming the source file (its file id); every paragraph of the file carries it.
inline constexpr std::string_view kPrefixFile = "XF";
/// Boolean terms of path fields: `XM` + field name + `:` + lowercased value (e.g. `XMcountry:fra`).
inline constexpr std::string_view kPrefixField = "XM";

/// Boolean term of a paragraph's language (ISO 639-1): `XL` + code, e.g. `XLfr`; searchable as `lang:fr`.
inline constexpr std::string_view kPrefixLanguage = "XL";

/// The query-language field name for titles.
inline constexpr std::string_view kFieldTitle = "title";
/// The query-language field name for a paragraph's language (a filter: `lang:fr`).
inline constexpr std::string_view kFieldLanguage = "lang";
/// The filter name (SearchOptions::filters, not the query language) for one file, by its stored path:
/// `path:docs/a.txt` (unless a path field takes the name).
inline constexpr std::string_view kFieldPath = "path";

// ---- Value slots.
/// The file id (8 bytes, big-endian hash of the stored path): the collapse key for one hit per file.
inline constexpr unsigned kSlotFile = 0;
/// Paragraph number within its file, from 1, as Xapian::sortable_serialise.
inline constexpr unsigned kSlotParagraph = 2;
/// A paragraph's language (ISO 639-1 code as text), where known: for facets and sorting.
inline constexpr unsigned kSlotLanguage = 3;
/// The page a paragraph starts on, from 1, as Xapian::sortable_serialise; only in paged documents.
inline constexpr unsigned kSlotPage = 4;
/// Path field number i (in pattern order) with a numeric value: slot kSlotFirstField + i, sortable_serialise.
inline constexpr unsigned kSlotFirstField = 10;

// ---- Document data (see common/record.hpp). Every paragraph stores its own text; paragraph 1 of
// each file also stores the file's header: path, title, path fields and paragraph count. A file's
// paragraphs are consecutive documents of one bucket, so paragraph n's docid minus n-1 (times the
// number of buckets, in the combined database) is paragraph 1's.

// ---- Metadata keys (in every bucket).
/// Snowball language name used for stemming, "none", or kLanguageAuto.
inline constexpr std::string_view kMetaLanguage = "parasearch.language";
/// The `language` setting of an index whose every document (and paragraph, where it clearly differs) is
/// stemmed, stop-worded and searched in its own detected language.
inline constexpr std::string_view kLanguageAuto = "auto";
/// kSchemaVersion as decimal text.
inline constexpr std::string_view kMetaSchemaVersion = "parasearch.schema";
/// How many runs have updated the bucket in place since it was last built whole (decimal text; absent
/// = none). `parasearch-index --merge` rebuilds the buckets that have it.
inline constexpr std::string_view kMetaInPlaceUpdates = "parasearch.in-place-updates";
/// Per-file state used to skip unchanged files: key = prefix + file id (hex).
inline constexpr std::string_view kMetaFilePrefix = "parasearch.file:";
/// Per root folder of the bucket's files (FileState::root; "" for in-memory documents): how many
/// files it holds there and their bytes (encode_tally). Key = prefix + the root. A run of files
/// given by name reads these instead of every file's state.
inline constexpr std::string_view kMetaRootPrefix = "parasearch.root:";
/// "1" where the bucket's root tallies are complete; buckets written before tallies existed lack it.
inline constexpr std::string_view kMetaRootTallies = "parasearch.root-tallies";

// ---- Limits.
/// Longest path-field value indexed as a term; longer values are stored but not searchable.
inline constexpr std::size_t kMaxFieldValueBytes = 160;

} // namespace parasearch::schema
