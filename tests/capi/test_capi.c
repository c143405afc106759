/* The C API from C (compiled as C99): index the sample corpus and a text from memory, search, read the
 * JSON, look up passages, and get each error as a status with a message. Usage: test_capi CORPUS_DIR.
 * Prints each failed check and exits 1 if any failed. */
#define _POSIX_C_SOURCE 200809L /* NOLINT(bugprone-reserved-identifier): the feature-test macro for mkdtemp */
#include <parasearch/parasearch.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures = 0;

/* Records a failed check (with its line) when `ok` is false. */
#define CHECK(ok)                                                                                                      \
  do {                                                                                                                 \
    if (!(ok)) {                                                                                                       \
      fprintf(stderr, "%s:%d: check failed: %s (last error: %s)\n", __FILE__, __LINE__, #ok, ps_last_error());         \
      ++failures;                                                                                                      \
    }                                                                                                                  \
  } while (0)

/* True if `haystack` is not NULL and contains `needle`. */
static int contains(const char *haystack, const char *needle) {
  return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* Removes the folder tree at `path` (the test's own temporary index). */
static void remove_tree(const char *path) {
  char command[4200];
  if (snprintf(command, sizeof command, "rm -rf '%s'", path) < (int)sizeof command) {
    if (system(command) != 0) fprintf(stderr, "could not remove %s\n", path);
  }
}

/* Indexes `corpus` and one text from memory into `db`. */
static void build_index(const char *db, const char *corpus) {
  ps_indexer *ix = NULL;
  char *summary = NULL;
  const char *paths[1];
  static const char note[] = "A note about the Universal Postal Union.\n\nIts second paragraph.\n\n"
                             "A third paragraph on postal rates.\n";
  paths[0] = corpus;
  CHECK(ps_indexer_open(db, "{\"lang\": \"english\", \"jobs\": 1}", &ix) == PS_OK);
  CHECK(ix != NULL);
  CHECK(ps_indexer_index_paths(ix, paths, 1, &summary) == PS_OK);
  CHECK(contains(summary, "\"added\":1"));
  ps_free(summary);
  summary = NULL;

  /* A second writer on the same index is told the index is busy. */
  {
    ps_indexer *second = (ps_indexer *)1;
    CHECK(ps_indexer_open(db, NULL, &second) == PS_ERR_BUSY);
    CHECK(second == NULL);
    CHECK(contains(ps_last_error(), "busy"));
  }

  CHECK(ps_indexer_add_text(ix, "notes/upu.txt", note, sizeof note - 1) == PS_OK);
  CHECK(ps_indexer_commit(ix, &summary) == PS_OK);
  CHECK(contains(summary, "\"paragraphs\":3"));
  ps_free(summary);
  ps_indexer_close(ix);
}

/* Searches, pages and reads passages from `db`. */
static void search_index(const char *db) {
  ps_searcher *s = NULL;
  char *json = NULL;
  CHECK(ps_searcher_open(db, 1, &s) == PS_OK);
  CHECK(strcmp(ps_last_error(), "") == 0);

  /* The demo's first hit: the press release's paragraph 4. */
  CHECK(ps_search(s, "\"preventive diplomacy\"", PS_NUL_TERMINATED, "{\"limit\": 1}", &json) == PS_OK);
  CHECK(contains(json, "\"path\":\"000_8dde486aecdac76d.txt\""));
  CHECK(contains(json, "\"paragraph\":4,"));
  CHECK(contains(json, "**preventive diplomacy**") || contains(json, "**preventive** **diplomacy**"));
  CHECK(contains(json, "\"total\":"));
  ps_free(json);

  /* A length, not a NUL, ends the query: only "postal" is searched. */
  CHECK(ps_search(s, "postal rates", 6, "{\"per_doc\": true, \"context\": 1}", &json) == PS_OK);
  CHECK(contains(json, "\"path\":\"notes/upu.txt\""));
  CHECK(contains(json, "\"others\":1"));
  CHECK(contains(json, "\"before\":"));
  ps_free(json);

  /* No hits is not an error. */
  CHECK(ps_search(s, "xylophonequartz", PS_NUL_TERMINATED, NULL, &json) == PS_OK);
  CHECK(contains(json, "\"hits\":[]"));
  ps_free(json);

  /* Passages: one that exists, with context; one that does not. */
  CHECK(ps_passage(s, "notes/upu.txt", 2, 1, &json) == PS_OK);
  CHECK(contains(json, "\"text\":\"Its second paragraph.\""));
  CHECK(contains(json, "\"paragraph\":1,\"text\":\"A note about the Universal Postal Union.\""));
  ps_free(json);
  json = (char *)1;
  CHECK(ps_passage(s, "notes/upu.txt", 99, 0, &json) == PS_NOT_FOUND);
  CHECK(json == NULL);
  CHECK(contains(ps_last_error(), "notes/upu.txt"));

  CHECK(ps_searcher_info(s, &json) == PS_OK);
  CHECK(contains(json, "\"language\":\"english\""));
  ps_free(json);

  /* Errors: a malformed query, bad options, NULL arguments. */
  json = (char *)1;
  CHECK(ps_search(s, "peace AND", PS_NUL_TERMINATED, NULL, &json) == PS_ERR_QUERY);
  CHECK(json == NULL);
  CHECK(contains(ps_last_error(), "peace AND"));
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, "{\"limt\": 3}", &json) == PS_ERR_USAGE);
  CHECK(contains(ps_last_error(), "'limt'"));
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, "{\"limit\": \"ten\"}", &json) == PS_ERR_USAGE);
  CHECK(contains(ps_last_error(), "'limit'"));
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, "{\"limit\": -1}", &json) == PS_ERR_USAGE);
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, "{\"ranking\": {\"b\": 2}}", &json) == PS_ERR_USAGE);
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, "[1, 2]", &json) == PS_ERR_USAGE);
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, "{\"limit\": ", &json) == PS_ERR_USAGE);
  CHECK(ps_search(s, NULL, 0, NULL, &json) == PS_ERR_USAGE);
  CHECK(ps_search(NULL, "peace", PS_NUL_TERMINATED, NULL, &json) == PS_ERR_USAGE);
  CHECK(ps_search(s, "peace", PS_NUL_TERMINATED, NULL, NULL) == PS_ERR_USAGE);
  CHECK(contains(ps_last_error(), "out-pointer"));
  CHECK(ps_passage(s, NULL, 1, 0, &json) == PS_ERR_USAGE);

  /* A success clears the last error. */
  CHECK(ps_search(s, "postal", PS_NUL_TERMINATED, "", &json) == PS_OK);
  CHECK(strcmp(ps_last_error(), "") == 0);
  ps_free(json);
  ps_searcher_close(s);
}

int main(int argc, char **argv) {
  char db_root[] = "/tmp/parasearch-capi-XXXXXX";
  char db[sizeof db_root + 8];
  ps_searcher *s = (ps_searcher *)1;
  ps_indexer *ix = NULL;
  if (argc != 2) {
    fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  CHECK(ps_version() != NULL && ps_version()[0] != '\0');
  if (mkdtemp(db_root) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  snprintf(db, sizeof db, "%s/db", db_root);

  /* A missing index is a database error naming it; the handle stays NULL. */
  CHECK(ps_searcher_open(db, 0, &s) == PS_ERR_DATABASE);
  CHECK(s == NULL);
  CHECK(contains(ps_last_error(), db));
  CHECK(ps_searcher_open(NULL, 0, &s) == PS_ERR_USAGE);
  CHECK(ps_indexer_open(db, "{\"buckets\": true}", &ix) == PS_ERR_USAGE);
  CHECK(ix == NULL);
  CHECK(contains(ps_last_error(), "'buckets' must be a whole number"));
  CHECK(ps_indexer_open(db, "{\"bucket\": 2}", &ix) == PS_ERR_USAGE);
  CHECK(contains(ps_last_error(), "unknown key 'bucket'"));
  CHECK(ps_indexer_open(db, "{\"lang\": \"english\"}", NULL) == PS_ERR_USAGE);
  ps_searcher_close(NULL);
  ps_indexer_close(NULL);
  ps_free(NULL);

  build_index(db, argv[1]);
  search_index(db);
  remove_tree(db_root);
  if (failures > 0) fprintf(stderr, "%d check(s) failed\n", failures);
  return failures > 0 ? 1 : 0;
}
