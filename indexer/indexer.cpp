// Indexer: walk -> classify against the stored file states -> rebuild the buckets that changed, in
// parallel -> install each rebuilt bucket atomically. See docs/ARCHITECTURE.md.
#include "parasearch/indexer.hpp"

#include "common/hash.hpp"
#include "common/record.hpp"
#include "common/snowball_stem.hpp"
#include "common/stopwords.hpp"
#include "indexer/document.hpp"
#include "indexer/store.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/stemmer.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace parasearch {
namespace {

// A file found by the walk, or a path that could not be walked (then `problem` says why).
struct Candidate {
  fs::path path;      // as found on disk
  std::string stored; // as stored in the index (relative, generic form)
  FileStatus problem = FileStatus::kIndexed;
  std::string reason;
  std::string root; // absolute folder it was found under; "" for a file named directly
};

std::string errno_text(int err) { return std::strerror(err); }

// Reads a regular file whole; sets `reason` and returns false if it is not one or cannot be read.
bool read_regular_file(const fs::path &path, std::uintmax_t max_bytes, std::string &out, std::string &reason,
                       FileStatus &status) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    status = FileStatus::kFailed;
    reason = "cannot open: " + errno_text(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    status = FileStatus::kSkipped;
    reason = "not a regular file";
    return false;
  }
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    ::close(fd);
    status = FileStatus::kSkipped;
    reason = "too large (" + std::to_string(st.st_size) + " bytes; the limit is " + std::to_string(max_bytes) + ")";
    return false;
  }
  out.clear();
  out.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      status = FileStatus::kFailed;
      reason = "read error: " + errno_text(err);
      return false;
    }
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > max_bytes) {
      ::close(fd);
      status = FileStatus::kSkipped;
      reason = "too large (grew while being read)";
      return false;
    }
  }
  ::close(fd);
  return true;
}

class Walker {
public:
  std::size_t ignored = 0;        // files whose extension is not indexed
  std::vector<std::string> roots; // absolute folders walked
  Walker(const IndexOptions &options, fs::path db) : options_(options), db_(std::move(db)) {}

  void add_root(const fs::path &root, std::vector<Candidate> &out) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(root, ec);
    if (ec || !fs::exists(st)) {
      out.push_back({root,
                     root.generic_string(),
                     FileStatus::kFailed,
                     ec ? "cannot access: " + ec.message() : "no such file or folder",
                     {}});
      return;
    }
    const fs::file_status target = fs::status(root, ec);
    if (fs::is_directory(target)) {
      root_ = fs::weakly_canonical(fs::absolute(root), ec).string();
      roots.push_back(root_);
      walk(root, fs::path(), out);
    } else {
      // A file given by name is stored under its name, as if its folder had been given.
      out.push_back({root, root.filename().generic_string(), FileStatus::kIndexed, {}, {}});
    }
  }

private:
  void walk(const fs::path &dir, const fs::path &rel, std::vector<Candidate> &out) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!ec) {
      if (canonical == db_) return; // never index the database itself
      if (!visited_.insert(canonical.string()).second) {
        out.push_back(
            {dir, rel.generic_string(), FileStatus::kSkipped, "symbolic link loop (folder already visited)", root_});
        return;
      }
    }
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      out.push_back({dir, rel.empty() ? dir.generic_string() : rel.generic_string(), FileStatus::kFailed,
                     "cannot list folder: " + ec.message(), root_});
      return;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(),
              [](const auto &a, const auto &b) { return a.path().filename() < b.path().filename(); });
    for (const fs::directory_entry &e : entries) {
      const std::string name = e.path().filename().string();
      if (!options_.include_hidden && name.starts_with(".")) continue;
      const fs::path child_rel = rel / e.path().filename();
      std::error_code sec;
      const bool is_link = e.is_symlink(sec);
      if (is_link && !options_.follow_symlinks) {
        out.push_back({e.path(), child_rel.generic_string(), FileStatus::kSkipped,
                       "symbolic link (not followed; use --follow-symlinks)", root_});
        continue;
      }
      const fs::file_status st = e.status(sec);
      if (sec) {
        out.push_back(
            {e.path(), child_rel.generic_string(), FileStatus::kFailed, "cannot access: " + sec.message(), root_});
      } else if (fs::is_directory(st)) {
        walk(e.path(), child_rel, out);
      } else if (fs::is_regular_file(st)) {
        if (wanted_extension(e.path())) {
          out.push_back({e.path(), child_rel.generic_string(), FileStatus::kIndexed, {}, root_});
        } else {
          ++ignored;
        }
      } else {
        out.push_back({e.path(), child_rel.generic_string(), FileStatus::kSkipped, "not a regular file", root_});
      }
    }
  }

  bool wanted_extension(const fs::path &p) const {
    if (options_.extensions.empty()) return true;
    std::string ext = p.extension().string();
    if (!ext.empty()) ext.erase(0, 1);
    for (char &c : ext)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return std::find(options_.extensions.begin(), options_.extensions.end(), ext) != options_.extensions.end();
  }

  const IndexOptions &options_;
  fs::path db_;
  std::string root_;
  std::set<std::string> visited_;
};

// One file of a bucket, and what to do with it.
struct Item {
  std::string stored;
  fs::path source; // empty for in-memory documents and files kept as stored
  std::string root;
  std::optional<std::string> memory; // bytes of an in-memory document
  std::optional<std::string> title;  // a title given with an in-memory document (no title detection)
  std::optional<detail::FileState> old;
  enum Action { kKeep, kCheck, kRead } action = kRead;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  FileStatus problem = FileStatus::kIndexed; // a walk problem to report (kSkipped/kFailed) or kIndexed
  std::string reason;
};

struct Bucket {
  unsigned index = 0;
  std::vector<Item> items;
  bool rebuild = false; // something new, changed or removed
  std::size_t removed = 0;
};

// The content hash of a document: its bytes, and its title when one was given with it.
std::uint64_t content_hash(std::string_view bytes, const std::optional<std::string> &title) {
  const std::uint64_t h = detail::fnv1a64(bytes);
  return title ? detail::fnv1a64(*title, h ^ 0x9e3779b97f4a7c15ULL) : h;
}

std::int64_t mtime_of(const struct stat &st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

} // namespace

struct Indexer::Impl {
  IndexOptions options;
  std::unique_ptr<detail::IndexDir> dir;
  detail::IndexConfig config;
  PathPattern pattern;
  std::vector<Item> staged; // add_text() documents

  // Loads the stored state of every file, by file id, with its bucket.
  std::map<std::uint64_t, detail::FileState> load_states() const {
    std::map<std::uint64_t, detail::FileState> out;
    for (unsigned b = 0; b < config.buckets; ++b) {
      const fs::path p = dir->bucket_path(b);
      if (p.empty()) continue;
      try {
        Xapian::Database db(p.string());
        const std::string prefix(schema::kMetaFilePrefix);
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
          if (auto st = detail::decode_state(db.get_metadata(*it))) out[detail::file_id(st->path)] = std::move(*st);
        }
      } catch (const Xapian::Error &e) {
        throw DatabaseError("cannot read bucket '" + p.string() + "': " + e.get_description() +
                            " (run parasearch-index --check, or rebuild with --full)");
      }
    }
    return out;
  }

  unsigned bucket_of(const std::string &stored) const {
    return static_cast<unsigned>(detail::file_id(stored) % config.buckets);
  }

  // Runs the staged items and the walk's candidates through classification and bucket rebuilds.
  IndexSummary run(std::vector<Candidate> candidates, const std::vector<std::string> &roots, std::size_t ignored,
                   const std::function<void(const FileEvent &)> &on_file);

  // Rebuilds one bucket into a new database and installs it.
  // Rebuilds one bucket into a new, compacted database and returns its folder (not yet synced or installed).
  fs::path rebuild_bucket(Bucket &bucket, const std::function<void(FileEvent &, std::uintmax_t)> &report);
  // Verifies kCheck items by content hash; returns true if they are all unchanged (then records new times).
  bool check_unchanged(Bucket &bucket);
};

Indexer::Indexer(IndexOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.db.empty()) throw UsageError("no database path given");
  if (options.commit_every == 0) options.commit_every = 1;
  if (options.buckets > 256) throw UsageError("at most 256 buckets");
  if (!options.language.empty()) options.language = canonical_language(options.language);
  const PathPattern pattern = PathPattern::parse(options.path_fields.value_or(""));
  impl_->options = std::move(options);
  const IndexOptions &o = impl_->options;
  impl_->dir = std::make_unique<detail::IndexDir>(o.db);
  detail::IndexDir &dir = *impl_->dir;
  if (!dir.has_config() || o.full) {
    detail::IndexConfig c;
    const detail::IndexConfig &old = dir.config();
    c.language = !o.language.empty() ? o.language : (!old.language.empty() && o.full ? old.language : "english");
    c.buckets = o.buckets != 0 ? o.buckets : (old.buckets != 0 && o.full ? old.buckets : schema::kDefaultBuckets);
    c.path_fields = o.path_fields ? *o.path_fields : (o.full ? old.path_fields : "");
    dir.reset(c);
  } else {
    const detail::IndexConfig &c = dir.config();
    auto conflict = [&](const std::string &what, const std::string &have, const std::string &want) {
      throw UsageError("index '" + o.db.string() + "' was built with " + what + " '" + have + "', not '" + want +
                       "'; add --full to rebuild it that way");
    };
    if (!o.language.empty() && o.language != c.language) conflict("language", c.language, o.language);
    if (o.path_fields && *o.path_fields != c.path_fields) conflict("--path-fields", c.path_fields, *o.path_fields);
    if (o.buckets != 0 && o.buckets != c.buckets)
      conflict("buckets", std::to_string(c.buckets), std::to_string(o.buckets));
  }
  impl_->config = dir.config();
  impl_->pattern =
      impl_->config.path_fields == pattern.text() ? pattern : PathPattern::parse(impl_->config.path_fields);
}

Indexer::~Indexer() = default;

const std::string &Indexer::language() const { return impl_->config.language; }
const std::string &Indexer::path_fields() const { return impl_->config.path_fields; }

void Indexer::add_text(const std::string &path, std::string_view bytes) {
  Item item;
  item.stored = path;
  item.memory = std::string(bytes);
  item.size = bytes.size();
  impl_->staged.push_back(std::move(item));
}

void Indexer::add_record(const std::string &path, const std::string &title, std::string_view text) {
  Item item;
  item.stored = path;
  item.memory = std::string(text);
  item.title = title;
  item.size = text.size();
  impl_->staged.push_back(std::move(item));
}

IndexSummary Indexer::commit(const std::function<void(const FileEvent &)> &on_file) {
  return impl_->run({}, {}, 0, on_file);
}

IndexSummary Indexer::index_paths(const std::vector<fs::path> &paths,
                                  const std::function<void(const FileEvent &)> &on_file) {
  std::error_code ec;
  Walker walker(impl_->options, fs::weakly_canonical(fs::absolute(impl_->options.db), ec));
  std::vector<Candidate> candidates;
  for (const fs::path &p : paths)
    walker.add_root(p, candidates);
  return impl_->run(std::move(candidates), walker.roots, walker.ignored, on_file);
}

IndexSummary Indexer::Impl::run(std::vector<Candidate> candidates, const std::vector<std::string> &roots,
                                std::size_t ignored, const std::function<void(const FileEvent &)> &on_file) {
  const auto start = std::chrono::steady_clock::now();
  IndexSummary summary;
  summary.ignored = ignored;
  std::map<std::uint64_t, detail::FileState> states = load_states();

  std::vector<Bucket> buckets(config.buckets);
  for (unsigned b = 0; b < config.buckets; ++b)
    buckets[b].index = b;
  std::set<std::uint64_t> seen;
  std::mutex report_mutex;
  std::size_t done = 0;
  const std::size_t total = candidates.size() + staged.size();
  summary.files = total;
  auto report = [&](FileEvent &ev, std::uintmax_t bytes_indexed) {
    std::lock_guard lock(report_mutex);
    ev.done = ++done;
    ev.total = total;
    ev.bytes = bytes_indexed; // the progress bar's rate
    switch (ev.status) {
    case FileStatus::kIndexed:
      ++(ev.updated ? summary.updated : summary.added);
      summary.paragraphs += ev.paragraphs;
      summary.bytes += bytes_indexed;
      break;
    case FileStatus::kUnchanged: ++summary.unchanged; break;
    case FileStatus::kRemoved: ++summary.removed; break;
    case FileStatus::kEmpty: ++summary.empty; break;
    case FileStatus::kSkipped: ++summary.skipped; break;
    case FileStatus::kFailed: ++summary.failed; break;
    }
    if (on_file) on_file(ev);
  };

  // Reports the files of a bucket that needs no rebuild: unchanged, or failed now but kept as indexed.
  auto report_unchanged = [&](const Bucket &bucket) {
    for (const Item &item : bucket.items) {
      if (item.source.empty() && !item.memory) continue; // kept from another folder: not part of this run
      FileEvent ev{item.stored, item.problem == FileStatus::kFailed ? FileStatus::kFailed : FileStatus::kUnchanged,
                   item.reason};
      ev.paragraphs = item.old ? item.old->paragraphs : 0;
      report(ev, 0);
    }
  };

  // Classify every candidate: unchanged (size and time match), to check (same size), or to read.
  std::vector<Item> items;
  for (Candidate &c : candidates) {
    Item item;
    item.stored = std::move(c.stored);
    item.source = std::move(c.path);
    item.root = std::move(c.root);
    item.problem = c.problem;
    item.reason = std::move(c.reason);
    const std::uint64_t id = detail::file_id(item.stored);
    if (!seen.insert(id).second) {
      FileEvent ev{item.stored, FileStatus::kSkipped, "the same path was given twice (or two paths share a hash)"};
      report(ev, 0);
      continue;
    }
    if (auto it = states.find(id); it != states.end()) item.old = it->second;
    if (item.problem == FileStatus::kIndexed) {
      struct stat st {};
      if (::stat(item.source.c_str(), &st) != 0) {
        item.problem = FileStatus::kFailed;
        item.reason = std::string("cannot access: ") + std::strerror(errno);
      } else {
        item.size = static_cast<std::uint64_t>(st.st_size);
        item.mtime_ns = mtime_of(st);
      }
    }
    if (item.problem == FileStatus::kFailed && item.old) {
      item.action = Item::kKeep; // unreadable now: keep what was indexed
    } else if (item.problem != FileStatus::kIndexed) {
      if (!item.old) {
        FileEvent ev{item.stored, item.problem, item.reason};
        report(ev, 0);
        continue;
      }
      item.action = Item::kRead; // skipped now (e.g. became a symlink): its old paragraphs go, and its
                                 // bucket's rebuild reports it (once: the summary's counts add up)
    } else if (item.old && item.old->size == item.size && item.old->mtime_ns == item.mtime_ns) {
      item.action = Item::kKeep;
    } else if (item.old && item.old->size == item.size) {
      item.action = Item::kCheck;
    } else {
      item.action = Item::kRead;
    }
    items.push_back(std::move(item));
  }
  for (Item &item : staged) {
    const std::uint64_t id = detail::file_id(item.stored);
    if (!seen.insert(id).second) {
      FileEvent ev{item.stored, FileStatus::kSkipped, "a record with the same id came earlier"};
      report(ev, 0);
      continue;
    }
    if (auto it = states.find(id); it != states.end()) item.old = it->second;
    const bool same = item.old && item.old->content_hash == content_hash(*item.memory, item.title);
    item.action = same ? Item::kKeep : Item::kRead;
    items.push_back(std::move(item));
  }
  staged.clear();
  // Files indexed before but not seen: removed if they came from a folder walked now, else kept.
  for (const auto &[id, st] : states) {
    if (seen.count(id)) continue;
    const bool gone = !st.root.empty() && std::find(roots.begin(), roots.end(), st.root) != roots.end();
    Bucket &bucket = buckets[bucket_of(st.path)];
    if (gone) {
      bucket.rebuild = true;
      ++bucket.removed;
      FileEvent ev{st.path, FileStatus::kRemoved, {}};
      report(ev, 0);
    } else {
      Item keep;
      keep.stored = st.path;
      keep.root = st.root;
      keep.old = st;
      keep.action = Item::kKeep;
      keep.size = st.size;
      keep.mtime_ns = st.mtime_ns;
      bucket.items.push_back(std::move(keep));
    }
  }
  for (Item &item : items) {
    Bucket &bucket = buckets[bucket_of(item.stored)];
    if (item.action == Item::kRead) bucket.rebuild = true;
    bucket.items.push_back(std::move(item));
  }

  // Work: buckets to rebuild or to check; report unchanged files of untouched buckets now.
  std::vector<Bucket *> work;
  for (Bucket &bucket : buckets) {
    std::sort(bucket.items.begin(), bucket.items.end(),
              [](const Item &a, const Item &b) { return a.stored < b.stored; });
    const bool check =
        std::any_of(bucket.items.begin(), bucket.items.end(), [](const Item &i) { return i.action == Item::kCheck; });
    if (bucket.rebuild || check) {
      work.push_back(&bucket);
      continue;
    }
    report_unchanged(bucket);
  }

  // Rebuild in parallel; the first error stops the others and is rethrown.
  const unsigned jobs =
      std::max(1u, std::min<unsigned>(options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency(),
                                      static_cast<unsigned>(std::max<std::size_t>(work.size(), 1))));
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::atomic<std::size_t> rebuilt{0};
  std::mutex installs_mutex;
  std::vector<std::future<void>> installs;
  auto worker = [&] {
    for (std::size_t i; !stop && (i = next++) < work.size();) {
      try {
        Bucket &bucket = *work[i];
        if (!bucket.rebuild && check_unchanged(bucket)) {
          report_unchanged(bucket);
          continue;
        }
        const fs::path built = rebuild_bucket(bucket, report);
        ++rebuilt;
        // fsync and install in the background, so this thread can start on the next bucket.
        std::lock_guard lock(installs_mutex);
        installs.push_back(std::async(std::launch::async, [this, b = bucket.index, built] {
          detail::sync_directory(built);
          dir->install(b, built);
        }));
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        stop = true;
      }
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t)
    threads.emplace_back(worker);
  worker();
  for (auto &t : threads)
    t.join();
  for (auto &f : installs) { // a bucket counts only once it is synced and installed
    try {
      f.get();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);

  summary.buckets_rebuilt = rebuilt;
  try {
    summary.total_paragraphs = Xapian::Database(dir->path().string()).get_doccount();
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot reopen index '" + dir->path().string() + "': " + e.get_description());
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

bool Indexer::Impl::check_unchanged(Bucket &bucket) {
  std::string bytes;
  std::vector<detail::FileState> touched;
  for (Item &item : bucket.items) {
    if (item.action != Item::kCheck) continue;
    FileStatus status = FileStatus::kIndexed;
    std::string reason;
    if (!read_regular_file(item.source, options.max_file_bytes, bytes, reason, status)) return false;
    if (detail::fnv1a64(bytes) != item.old->content_hash) return false;
    detail::FileState st = *item.old;
    st.mtime_ns = item.mtime_ns;
    touched.push_back(st);
  }
  // Only times changed: record them in place (a small commit), no rebuild.
  try {
    Xapian::WritableDatabase db(dir->bucket_path(bucket.index).string(), Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);
    for (const auto &st : touched)
      db.set_metadata(std::string(schema::kMetaFilePrefix) + detail::hex64(detail::file_id(st.path)),
                      detail::encode_state(st));
    db.commit();
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot update bucket '" + dir->bucket_path(bucket.index).string() +
                        "': " + e.get_description());
  }
  return true;
}

fs::path Indexer::Impl::rebuild_bucket(Bucket &bucket, const std::function<void(FileEvent &, std::uintmax_t)> &report) {
  const fs::path old_path = dir->bucket_path(bucket.index);
  std::optional<Xapian::Database> old_db;
  if (!old_path.empty()) old_db.emplace(old_path.string());
  // A file as the old bucket stores it: paragraph 1 holds the header, and the file's paragraphs are
  // its XF term's postings, in paragraph order (they are added in order and never renumbered).
  auto stored_record = [&](const std::string &stored) -> std::optional<detail::FileRecord> {
    if (!old_db) return std::nullopt;
    const std::string term = detail::DocumentBuilder::file_term(detail::file_id(stored));
    detail::FileRecord record;
    std::size_t expected = 0;
    for (auto it = old_db->postlist_begin(term); it != old_db->postlist_end(term); ++it) {
      auto p = detail::decode_paragraph(old_db->get_document(*it).get_data());
      if (!p || p->number != record.paragraphs.size() + 1) return std::nullopt;
      if (p->header) {
        record.path = std::move(p->header->path);
        record.title = std::move(p->header->title);
        record.fields = std::move(p->header->fields);
        expected = p->header->paragraphs;
        record.paragraphs.reserve(expected);
      }
      record.paragraphs.push_back(std::move(p->text));
    }
    if (record.paragraphs.empty() || record.paragraphs.size() != expected) return std::nullopt;
    return record;
  };

  const fs::path tmp = dir->new_build_path("tmp", bucket.index);
  const fs::path out = dir->new_build_path("b", bucket.index);
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{tmp};
  try {
    Xapian::WritableDatabase db(tmp.string(), Xapian::DB_CREATE | Xapian::DB_NO_TERMLIST | Xapian::DB_NO_SYNC);
    detail::DocumentBuilder builder(detail::make_stem(config.language), detail::stopper_for(config.language));
    std::size_t pending = 0;
    std::string bytes;
    for (Item &item : bucket.items) {
      FileEvent ev{item.stored, FileStatus::kUnchanged, item.reason};
      const bool reportable = !item.source.empty() || item.memory.has_value();
      std::optional<detail::FileRecord> record;
      detail::FileState state;
      state.path = item.stored;
      state.root = item.root;
      state.size = item.size;
      state.mtime_ns = item.mtime_ns;
      std::uintmax_t indexed_bytes = 0;

      if (item.action == Item::kCheck || item.action == Item::kRead) {
        FileStatus status = FileStatus::kIndexed;
        std::string reason;
        bool ok = true;
        if (item.memory) {
          bytes = std::move(*item.memory);
        } else if (item.problem != FileStatus::kIndexed) {
          ok = false; // skipped now: its old paragraphs are dropped
          status = item.problem;
          reason = item.reason;
        } else {
          ok = read_regular_file(item.source, options.max_file_bytes, bytes, reason, status);
        }
        if (ok && item.action == Item::kCheck && detail::fnv1a64(bytes) == item.old->content_hash) {
          item.action = Item::kKeep; // touched, not changed
        } else if (ok) {
          if (auto why = binary_reason(bytes)) {
            ev.status = FileStatus::kSkipped;
            ev.reason = *why;
          } else {
            SplitOptions split_options = options.split;
            if (item.title) split_options.detect_title = false;
            SplitDocument split = split_paragraphs(decode_text(bytes).text, split_options);
            record.emplace();
            record->path = item.stored;
            // decode_text, as for file text: a JSON title may hold control characters (ESC would reach terminals).
            record->title = item.title ? decode_text(*item.title).text : split.title;
            if (auto fields = pattern.match(item.stored)) record->fields = std::move(*fields);
            for (Paragraph &p : split.paragraphs)
              record->paragraphs.push_back(std::move(p.text)); // moved: a huge file is not held twice
            state.size = bytes.size();
            state.content_hash = content_hash(bytes, item.title);
            ev.status = record->paragraphs.empty() ? FileStatus::kEmpty : FileStatus::kIndexed;
            ev.updated = item.old.has_value();
            indexed_bytes = bytes.size();
            if (bytes.capacity() > (std::size_t{16} << 20)) std::string().swap(bytes); // nor are its raw bytes
          }
        } else if (status == FileStatus::kFailed && item.old) {
          item.action = Item::kKeep; // cannot read it now: keep what was indexed
          ev.status = FileStatus::kFailed;
          ev.reason = reason;
        } else {
          ev.status = status;
          ev.reason = reason;
        }
      }
      if (item.action == Item::kKeep) {
        state = *item.old;
        if (item.mtime_ns != 0) state.mtime_ns = item.mtime_ns;
        if (ev.status != FileStatus::kFailed) ev.status = FileStatus::kUnchanged;
        if (state.paragraphs > 0) {
          record = stored_record(item.stored);
          if (!record)
            throw DatabaseError("the stored text of '" + item.stored + "' is missing from bucket '" +
                                old_path.string() + "'; rebuild with --full");
          record->fields.clear();
          if (auto fields = pattern.match(item.stored)) record->fields = std::move(*fields);
        } else {
          record.emplace();
          record->path = item.stored;
        }
      }
      if (record) {
        state.paragraphs = static_cast<std::uint32_t>(record->paragraphs.size());
        builder.build_each(*record, [&](Xapian::Document &doc) { // one at a time: bounded memory
          db.add_document(doc);
          if (++pending >= options.commit_every) {
            db.commit();
            pending = 0;
          }
        });
        db.set_metadata(std::string(schema::kMetaFilePrefix) + detail::hex64(detail::file_id(item.stored)),
                        detail::encode_state(state));
      }
      ev.paragraphs = state.paragraphs;
      if (reportable) report(ev, indexed_bytes);
    }
    db.set_metadata(std::string(schema::kMetaLanguage), config.language);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
    db.commit();
    db.close();
    Xapian::Database(tmp.string()).compact(out.string(), Xapian::Compactor::FULLER);
  } catch (const Xapian::Error &e) {
    std::error_code ec;
    fs::remove_all(out, ec);
    throw DatabaseError("writing bucket " + std::to_string(bucket.index) + " of index '" + dir->path().string() +
                        "' failed: " + e.get_description() + " (the index keeps its previous contents)");
  }
  return out;
}

} // namespace parasearch
