/* parasearch's C API: search (and build) a paragraph index from C or any language with a C FFI.
 *
 * Link with -lparasearch_c (the shared library libparasearch_c.so; CMake: parasearch::parasearch_c).
 * Compiles as C99 and as C++. This header is the reference; docs/API-C.md has a worked example.
 *
 * Conventions, for every function below:
 * - Strings in are UTF-8 (invalid UTF-8 is accepted and shown as U+FFFD in results) and NUL-terminated,
 *   except where a length is taken.
 * - Results come out as JSON text in a buffer the library allocates: `*out` is set to a NUL-terminated
 *   string the caller owns and must release with ps_free() (on any status other than PS_OK, `*out` is
 *   set to NULL). Hits use the JSON encoding of `parasearch-query --json` (fields listed in
 *   parasearch/json.hpp, hit_json).
 * - Every function returns a status (enum ps_status); on an error, ps_last_error() gives a message
 *   naming the file, the query or the option at fault. No C++ exception ever leaves the library.
 * - Options are one JSON object in a string (NULL or "" = all defaults), so new options never change
 *   the ABI; an unknown key or a value of the wrong type is refused with PS_ERR_USAGE naming the key.
 * - NULL where a handle, string or out-pointer is required gives PS_ERR_USAGE (closing NULL is a no-op).
 * - A handle may be used from any thread, but by one thread at a time; give each thread its own.
 */
#ifndef PARASEARCH_PARASEARCH_H
#define PARASEARCH_PARASEARCH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define PS_API __attribute__((visibility("default")))
#else
#define PS_API
#endif

/** What a function returns. 2-5 are the parasearch tools' exit codes for the same errors
 *  (parasearch/errors.hpp); PS_ERR_QUERY refines PS_ERR_USAGE (the tools exit with 2 for both). */
enum ps_status {
  PS_OK = 0,           /**< Success. */
  PS_NOT_FOUND = 1,    /**< ps_passage(): the index holds no such paragraph (not an error). */
  PS_ERR_USAGE = 2,    /**< A bad argument: NULL, an unknown option key, a value of the wrong type or range. */
  PS_ERR_BUSY = 3,     /**< ps_indexer_open(): another indexer holds the index's write lock. */
  PS_ERR_DATABASE = 4, /**< The index is missing, unreadable, corrupt, or could not be written. */
  PS_ERR_INTERNAL = 5, /**< Out of memory, or an unexpected internal error (a bug: please report it). */
  PS_ERR_QUERY = 7     /**< A malformed or over-long query (the message names it). */
};

/** A search handle: an open index read-only (opaque). */
typedef struct ps_searcher ps_searcher;
/** An indexing handle: an index open for writing, holding its write lock (opaque). */
typedef struct ps_indexer ps_indexer;

/** parasearch's version, e.g. "0.1.0" (static storage; never NULL). */
PS_API const char *ps_version(void);

/** The message of the last error on the calling thread (static to the thread, valid until its next
 *  ps_ call); "" if the last call succeeded. Never NULL. */
PS_API const char *ps_last_error(void);

/** Releases a string the library returned through an out-pointer; NULL is a no-op. */
PS_API void ps_free(char *p);

/* ------------------------------------------------------------------ searching */

/** Opens the index at `db` (a folder made by parasearch-index or ps_indexer) read-only into `*out`.
 *  A search ranks the index's buckets on up to `threads` threads (0 = one per core; give 1 when many
 *  searchers run side by side). PS_ERR_DATABASE if the index is missing or unreadable (`*out` = NULL). */
PS_API int ps_searcher_open(const char *db, unsigned threads, ps_searcher **out);

/** Closes a searcher and frees it; NULL is a no-op. */
PS_API void ps_searcher_close(ps_searcher *s);

/** Passed as `query_len` when `query` is NUL-terminated. */
#define PS_NUL_TERMINATED ((size_t)-1)

/** Runs `query` (the query language of docs/QUERY.md; `query_len` bytes, or PS_NUL_TERMINATED) and
 *  sets `*out` to one JSON object {"total": N, "hits": [...]} (plus "suggestion" with "spelling", and
 *  "facets" when asked for).
 *  `options_json` is NULL, "" or an object with any of these keys (defaults as parasearch-query):
 *    "limit" (10), "offset" (0), "per_doc" (false), "context" (0), "lang" ("": every language),
 *    "explain" (false), "spelling" (false), "exact_count" (false), "default_op" ("or" or "and"),
 *    "plain" (false: no operators), "snippet_chars" (240), "snippets" (true), "html" (false),
 *    "mark_start" ("**"), "mark_end" ("**"), "facets" (an array: path fields, FIELD/N, "lang"),
 *    "filters" (an array of FIELD:VALUE, FIELD:LO..HI, path:PATH), and "ranking": {"k1", "b", "proximity",
 *    "proximity_window", "rerank_depth", "title_weight"} (docs/QUERY.md).
 *  No hits is PS_OK with "hits": []. PS_ERR_QUERY for a malformed query, PS_ERR_USAGE for bad
 *  options, PS_ERR_DATABASE if the index cannot be read. */
PS_API int ps_search(ps_searcher *s, const char *query, size_t query_len, const char *options_json, char **out);

/** Paragraph `paragraph` (from 1) of the file stored as `path` (a hit's "path"), with up to `context`
 *  paragraphs before and after it, as one hit object (no rank, score or snippet; "before"/"after"
 *  when `context` > 0). PS_NOT_FOUND (and `*out` = NULL) if the index holds no such paragraph. */
PS_API int ps_passage(ps_searcher *s, const char *path, unsigned paragraph, size_t context, char **out);

/** Sets `*out` to {"paragraphs": N, "language": "english"}: the index's size and stemming language. */
PS_API int ps_searcher_info(ps_searcher *s, char **out);

/** Reads synonym groups for later searches from `file`, one per line ("UN = United Nations";
 *  `#` starts a comment). PS_ERR_USAGE naming the file and line if it cannot be used. */
PS_API int ps_searcher_load_synonyms(ps_searcher *s, const char *file);

/* ------------------------------------------------------------------ indexing */

/** Opens or creates the index at `db` for writing into `*out` (holding its write lock until closed).
 *  `options_json` is NULL, "" or an object with any of these keys (defaults as parasearch-index):
 *    "lang" ("english"; "auto" detects each document's; fixed once created), "path_fields" (a pattern,
 *    README "Path fields"), "buckets" (0: one per core, at most 8), "full" (false: rebuild), "jobs" (0 = one per core),
 *    "commit_every" (1000), "max_file_bytes" (512 MiB), "follow_symlinks" (false),
 *    "include_hidden" (false), "extensions" (["txt", "pdf", "html", ...]; [] = every file).
 *  PS_ERR_BUSY if another indexer holds the index, PS_ERR_USAGE for settings that conflict with the
 *  index's own, PS_ERR_DATABASE otherwise. */
PS_API int ps_indexer_open(const char *db, const char *options_json, ps_indexer **out);

/** Closes an indexer and releases its lock; documents added but not committed are dropped. NULL: no-op. */
PS_API void ps_indexer_close(ps_indexer *ix);

/** Stages a document of `len` bytes (text, or a PDF/HTML/DOCX/ODT file's bytes) under `path`, replacing
 *  any earlier version; ps_indexer_commit() writes it. */
PS_API int ps_indexer_add_text(ps_indexer *ix, const char *path, const char *bytes, size_t len);

/** Indexes the `count` files and folders in `paths` (folders recursively, as parasearch-index does),
 *  then commits; `*out` (may be NULL if not wanted) is set to the summary as JSON (the object of
 *  `parasearch-index --json`: files, added, updated, unchanged, removed, skipped, failed, ...). */
PS_API int ps_indexer_index_paths(ps_indexer *ix, const char *const *paths, size_t count, char **out);

/** Writes everything staged with ps_indexer_add_text(); `*out` (may be NULL) as for index_paths.
 *  PS_ERR_DATABASE (e.g. disk full) keeps what the index held before. */
PS_API int ps_indexer_commit(ps_indexer *ix, char **out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PARASEARCH_PARASEARCH_H */
