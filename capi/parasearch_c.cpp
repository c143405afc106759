// The C API (parasearch/parasearch.h) over the C++ library: argument checks, option parsing (options.hpp),
// error mapping and memory management only. Every entry point catches every exception.
#include "parasearch/parasearch.h"

#include "capi/options.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/json.hpp"
#include "parasearch/searcher.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct ps_searcher {
  parasearch::Searcher searcher;
  ps_searcher(const char *db, unsigned threads) : searcher(db, threads) {}
};

struct ps_indexer {
  parasearch::Indexer indexer;
  std::string db;
  explicit ps_indexer(const parasearch::IndexOptions &options) : indexer(options), db(options.db.string()) {}
};

namespace {

thread_local std::string last_message;              // the last error's message on this thread
thread_local const char *last_error_text = nullptr; // last_message, or a static text if it could not be stored

// Records `message` as this thread's last error and returns `status`.
int fail(int status, const char *message) noexcept {
  try {
    last_message = message;
    last_error_text = last_message.c_str();
  } catch (...) { // no memory for the message itself
    last_error_text = "out of memory";
  }
  return status;
}

// The status for a library error: its exit code, with malformed queries told apart from other usage errors.
int status_of(const parasearch::Error &e) noexcept {
  if (dynamic_cast<const parasearch::QueryError *>(&e) != nullptr) return PS_ERR_QUERY;
  switch (e.code()) {
  case parasearch::ExitCode::kUsage: return PS_ERR_USAGE;
  case parasearch::ExitCode::kBusy: return PS_ERR_BUSY;
  case parasearch::ExitCode::kDatabase: return PS_ERR_DATABASE;
  default: return PS_ERR_INTERNAL;
  }
}

// Runs `body` (which returns a status), turning every exception into a status and a message.
template <class Body> int guarded(Body &&body) noexcept {
  try {
    last_error_text = nullptr;
    return body();
  } catch (const parasearch::Error &e) {
    return fail(status_of(e), e.what());
  } catch (const std::bad_alloc &) {
    return fail(PS_ERR_INTERNAL, "out of memory");
  } catch (const std::exception &e) {
    try {
      return fail(PS_ERR_INTERNAL, (std::string("internal error: ") + e.what()).c_str());
    } catch (...) {
      return fail(PS_ERR_INTERNAL, "out of memory");
    }
  } catch (...) {
    return fail(PS_ERR_INTERNAL, "internal error: an unexpected exception");
  }
}

// Throws UsageError naming `what` if `p` is NULL.
template <class T> void need(const T *p, const char *what) {
  if (p == nullptr) throw parasearch::UsageError(std::string(what) + " is NULL");
}

// Sets `*out` to a malloc'ed copy of `s` (ps_free() releases it).
void give(char **out, const std::string &s) {
  auto *p = static_cast<char *>(std::malloc(s.size() + 1));
  if (p == nullptr) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  *out = p;
}

// Sets `*out` (if not NULL) to the JSON of an indexing run's `summary`.
void give_summary(char **out, const ps_indexer *ix, const parasearch::IndexSummary &summary) {
  if (out == nullptr) return;
  give(out, parasearch::summary_json(summary, ix->db, ix->indexer.language(), ix->indexer.path_fields()));
}

} // namespace

extern "C" {

const char *ps_version(void) { return PARASEARCH_VERSION; }

const char *ps_last_error(void) { return last_error_text != nullptr ? last_error_text : ""; }

void ps_free(char *p) { std::free(p); }

int ps_searcher_open(const char *db, unsigned threads, ps_searcher **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(out, "ps_searcher_open: the out-pointer");
    need(db, "ps_searcher_open: the index path");
    *out = new ps_searcher(db, threads);
    return PS_OK;
  });
}

void ps_searcher_close(ps_searcher *s) { delete s; }

int ps_search(ps_searcher *s, const char *query, size_t query_len, const char *options_json, char **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(out, "ps_search: the out-pointer");
    need(s, "ps_search: the searcher");
    need(query, "ps_search: the query");
    const parasearch::SearchOptions options = parasearch::capi::search_options(options_json);
    const std::string_view text(query, query_len == PS_NUL_TERMINATED ? std::strlen(query) : query_len);
    give(out, parasearch::results_json(s->searcher.search(text, options), options));
    return PS_OK;
  });
}

int ps_passage(ps_searcher *s, const char *path, unsigned paragraph, size_t context, char **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(out, "ps_passage: the out-pointer");
    need(s, "ps_passage: the searcher");
    need(path, "ps_passage: the path");
    const auto hit = s->searcher.passage(path, paragraph, context);
    if (!hit) {
      return fail(PS_NOT_FOUND,
                  ("no paragraph " + std::to_string(paragraph) + " of '" + path + "' in the index").c_str());
    }
    parasearch::SearchOptions options;
    options.context = context;
    give(out, parasearch::hit_json(*hit, options));
    return PS_OK;
  });
}

int ps_searcher_info(ps_searcher *s, char **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(out, "ps_searcher_info: the out-pointer");
    need(s, "ps_searcher_info: the searcher");
    const nlohmann::json j = {{"paragraphs", s->searcher.paragraph_count()}, {"language", s->searcher.language()}};
    give(out, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return PS_OK;
  });
}

int ps_searcher_load_synonyms(ps_searcher *s, const char *file) {
  return guarded([&]() -> int {
    need(s, "ps_searcher_load_synonyms: the searcher");
    need(file, "ps_searcher_load_synonyms: the file name");
    s->searcher.load_synonyms(file);
    return PS_OK;
  });
}

int ps_indexer_open(const char *db, const char *options_json, ps_indexer **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(out, "ps_indexer_open: the out-pointer");
    need(db, "ps_indexer_open: the index path");
    *out = new ps_indexer(parasearch::capi::index_options(db, options_json));
    return PS_OK;
  });
}

void ps_indexer_close(ps_indexer *ix) { delete ix; } // ~Indexer is noexcept

int ps_indexer_add_text(ps_indexer *ix, const char *path, const char *bytes, size_t len) {
  return guarded([&]() -> int {
    need(ix, "ps_indexer_add_text: the indexer");
    need(path, "ps_indexer_add_text: the path");
    if (len > 0) need(bytes, "ps_indexer_add_text: the text");
    ix->indexer.add_text(path, std::string_view(len > 0 ? bytes : "", len));
    return PS_OK;
  });
}

int ps_indexer_index_paths(ps_indexer *ix, const char *const *paths, size_t count, char **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(ix, "ps_indexer_index_paths: the indexer");
    if (count > 0) need(paths, "ps_indexer_index_paths: the paths");
    std::vector<std::filesystem::path> list;
    for (size_t i = 0; i < count; ++i) {
      need(paths[i], ("ps_indexer_index_paths: paths[" + std::to_string(i) + "]").c_str());
      list.emplace_back(paths[i]);
    }
    give_summary(out, ix, ix->indexer.index_paths(list));
    return PS_OK;
  });
}

int ps_indexer_commit(ps_indexer *ix, char **out) {
  if (out != nullptr) *out = nullptr;
  return guarded([&]() -> int {
    need(ix, "ps_indexer_commit: the indexer");
    give_summary(out, ix, ix->indexer.commit());
    return PS_OK;
  });
}

} // extern "C"
