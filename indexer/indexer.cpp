// Indexer: walk -> read -> decode -> split -> build documents -> replace in the database -> commit.
#include "parasearch/indexer.hpp"

#include "common/hash.hpp"
#include "common/snowball_stem.hpp"
#include "indexer/document.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/stemmer.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/stat.h>
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
  std::size_t ignored = 0; // files whose extension is not indexed
  Walker(const IndexOptions &options, fs::path db) : options_(options), db_(std::move(db)) {}

  void add_root(const fs::path &root, std::vector<Candidate> &out) {
    std::error_code ec;
    const fs::file_status st = fs::symlink_status(root, ec);
    if (ec || !fs::exists(st)) {
      out.push_back({root, root.generic_string(), FileStatus::kFailed,
                     ec ? "cannot access: " + ec.message() : "no such file or folder"});
      return;
    }
    const fs::file_status target = fs::status(root, ec);
    if (fs::is_directory(target)) {
      walk(root, fs::path(), out);
    } else {
      // A file given by name is stored under its name, as if its folder had been given.
      out.push_back({root, root.filename().generic_string(), FileStatus::kIndexed, {}});
    }
  }

private:
  void walk(const fs::path &dir, const fs::path &rel, std::vector<Candidate> &out) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (!ec) {
      if (canonical == db_) return; // never index the database itself
      if (!visited_.insert(canonical.string()).second) {
        out.push_back({dir, rel.generic_string(), FileStatus::kSkipped, "symbolic link loop (folder already visited)"});
        return;
      }
    }
    std::vector<fs::directory_entry> entries;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      out.push_back({dir, rel.empty() ? dir.generic_string() : rel.generic_string(), FileStatus::kFailed,
                     "cannot list folder: " + ec.message()});
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
                       "symbolic link (not followed; use --follow-symlinks)"});
        continue;
      }
      const fs::file_status st = e.status(sec);
      if (sec) {
        out.push_back({e.path(), child_rel.generic_string(), FileStatus::kFailed, "cannot access: " + sec.message()});
      } else if (fs::is_directory(st)) {
        walk(e.path(), child_rel, out);
      } else if (fs::is_regular_file(st)) {
        if (wanted_extension(e.path())) {
          out.push_back({e.path(), child_rel.generic_string(), FileStatus::kIndexed, {}});
        } else {
          ++ignored;
        }
      } else {
        out.push_back({e.path(), child_rel.generic_string(), FileStatus::kSkipped, "not a regular file"});
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
  std::set<std::string> visited_;
};

std::string make_file_record(std::size_t paragraphs, std::uintmax_t size) {
  return std::to_string(paragraphs) + "\t" + std::to_string(size);
}

std::size_t record_paragraphs(const std::string &record) {
  return record.empty() ? 0 : static_cast<std::size_t>(std::stoull(record.substr(0, record.find('\t'))));
}

} // namespace

struct Indexer::Impl {
  IndexOptions options;
  Xapian::WritableDatabase db;
  std::string language;
  std::unique_ptr<detail::DocumentBuilder> builder;
  std::size_t pending = 0; // paragraphs written since the last commit

  [[noreturn]] void rethrow(const Xapian::Error &e, const std::string &what) const {
    throw DatabaseError(what + " in index '" + options.db.string() + "': " + e.get_description());
  }

  // Writes the paragraphs of one decoded file, replacing any earlier version of it.
  std::size_t write_file(const std::string &stored, const std::string &text, std::uintmax_t size) {
    const SplitDocument split = split_paragraphs(text, options.split);
    const std::string key = detail::file_key(stored);
    const std::string meta_key = std::string(schema::kMetaFilePrefix) + key;
    try {
      const std::size_t old_count = record_paragraphs(db.get_metadata(meta_key));
      for (const Paragraph &p : split.paragraphs) {
        Xapian::Document doc = builder->build(stored, key, split.title, p.number, p.text);
        db.replace_document(detail::DocumentBuilder::uid_term(key, p.number), doc);
      }
      for (std::size_t n = split.paragraphs.size() + 1; n <= old_count; ++n)
        db.delete_document(detail::DocumentBuilder::uid_term(key, static_cast<unsigned>(n)));
      db.set_metadata(meta_key, make_file_record(split.paragraphs.size(), size));
    } catch (const Xapian::Error &e) {
      rethrow(e, "writing '" + stored + "' failed");
    }
    pending += split.paragraphs.size() + 1;
    if (pending >= options.commit_every) commit();
    return split.paragraphs.size();
  }

  void commit() {
    try {
      db.commit();
      pending = 0;
    } catch (const Xapian::Error &e) {
      rethrow(e, "commit failed");
    }
  }
};

Indexer::Indexer(IndexOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.db.empty()) throw UsageError("no database path given");
  if (options.commit_every == 0) options.commit_every = 1;
  impl_->options = std::move(options);
  const fs::path &path = impl_->options.db;
  try {
    impl_->db = Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError &) {
    throw IndexBusyError("index is busy: another parasearch-index is writing to '" + path.string() +
                         "'; wait for it to finish");
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot open index '" + path.string() + "' for writing: " + e.get_description());
  }
  const std::string stored = impl_->db.get_metadata(std::string(schema::kMetaLanguage));
  const std::string wanted = impl_->options.language.empty() ? (stored.empty() ? "english" : stored)
                                                             : canonical_language(impl_->options.language);
  if (!stored.empty() && stored != wanted)
    throw UsageError("index '" + path.string() + "' was built with language '" + stored +
                     "'; it cannot be mixed with '" + wanted + "' (rebuild into a new --db)");
  impl_->language = wanted;
  impl_->builder = std::make_unique<detail::DocumentBuilder>(detail::make_stem(wanted));
  if (stored.empty()) {
    impl_->db.set_metadata(std::string(schema::kMetaLanguage), wanted);
    impl_->db.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
  }
}

Indexer::~Indexer() = default;

const std::string &Indexer::language() const { return impl_->language; }

void Indexer::commit() { impl_->commit(); }

std::size_t Indexer::add_text(const std::string &path, std::string_view bytes) {
  return impl_->write_file(path, decode_text(bytes).text, bytes.size());
}

IndexSummary Indexer::index_paths(const std::vector<fs::path> &paths,
                                  const std::function<void(const FileEvent &)> &on_file) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  Walker walker(impl_->options, fs::weakly_canonical(impl_->options.db, ec));
  std::vector<Candidate> candidates;
  for (const fs::path &p : paths)
    walker.add_root(p, candidates);

  IndexSummary summary;
  summary.files = candidates.size();
  summary.ignored = walker.ignored;
  std::string bytes;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate &c = candidates[i];
    FileEvent ev;
    ev.path = c.stored;
    ev.done = i + 1;
    ev.total = candidates.size();
    ev.status = c.problem;
    ev.reason = c.reason;
    if (ev.status == FileStatus::kIndexed &&
        read_regular_file(c.path, impl_->options.max_file_bytes, bytes, ev.reason, ev.status)) {
      ev.bytes = bytes.size();
      if (auto why = binary_reason(bytes)) {
        ev.status = FileStatus::kSkipped;
        ev.reason = *why;
      } else {
        ev.paragraphs = impl_->write_file(c.stored, decode_text(bytes).text, bytes.size());
        ev.status = ev.paragraphs == 0 ? FileStatus::kEmpty : FileStatus::kIndexed;
        summary.bytes += ev.bytes;
        summary.paragraphs += ev.paragraphs;
      }
    }
    switch (ev.status) {
    case FileStatus::kIndexed: ++summary.indexed; break;
    case FileStatus::kEmpty: ++summary.empty; break;
    case FileStatus::kSkipped: ++summary.skipped; break;
    case FileStatus::kFailed: ++summary.failed; break;
    }
    if (on_file) on_file(ev);
  }
  impl_->commit();
  summary.total_paragraphs = impl_->db.get_doccount();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

} // namespace parasearch
