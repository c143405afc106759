// The bucket builder: a bucket's planned files -> a new compacted Xapian database.
#include "indexer/bucket.hpp"

#include "common/failpoint.hpp"
#include "common/hash.hpp"
#include "index/document.hpp"
#include "index/stored.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/extract.hpp"
#include "parasearch/language.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/stemmer.hpp"
#include "parasearch/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <memory>
#include <utility>

#include <sys/resource.h>

namespace fs = std::filesystem;

namespace parasearch::detail {

FileEvent kept_event(const Item &item) {
  FileEvent ev{item.stored, FileStatus::kUnchanged, {}};
  if (item.problem == FileStatus::kFailed) {
    ev.status = FileStatus::kFailed;
    ev.reason = item.reason;
  } else if (item.old && !item.old->skipped.empty()) {
    ev.status = FileStatus::kSkipped;
    ev.reason = item.old->skipped;
  } else if (item.old && item.old->paragraphs == 0) {
    ev.status = FileStatus::kEmpty;
  }
  ev.paragraphs = item.old ? item.old->paragraphs : 0;
  return ev;
}

bool record_touched(BucketPlan &bucket, const fs::path &live, std::uintmax_t max_file_bytes) {
  std::string bytes;
  std::vector<FileState> touched;
  for (Item &item : bucket.items) {
    if (item.action != Item::kCheck) continue;
    FileStatus status = FileStatus::kIndexed;
    std::string reason;
    if (!read_regular_file(item.source, max_file_bytes, bytes, reason, status)) return false;
    if (fnv1a64(bytes) != item.old->content_hash) return false;
    FileState st = *item.old;
    st.mtime_ns = item.mtime_ns;
    touched.push_back(st);
  }
  // Only times changed: record them in place (a small commit), no rebuild.
  try {
    Xapian::WritableDatabase db(live.string(), Xapian::DB_OPEN);
    for (const auto &st : touched)
      db.set_metadata(std::string(schema::kMetaFilePrefix) + hex64(file_id(st.path)), encode_state(st));
    db.commit();
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot update bucket '" + live.string() + "': " + e.get_description());
  }
  return true;
}

namespace {

// What reading one item gave: the paragraphs to write (none if the file is kept as stored), its new
// state, and its event.
struct ReadItem {
  FileEvent ev;
  std::optional<FileRecord> record;
  FileState state;
  std::uintmax_t indexed_bytes = 0;
};

// Reads and splits a kCheck or kRead item (turning it into kKeep when its content is unchanged or it
// cannot be read now but was indexed before); a kKeep item is returned with its state and event only.
ReadItem read_item(Item &item, const BuildContext &context, std::string &bytes) {
  const IndexOptions &options = context.options;
  ReadItem out;
  out.ev = FileEvent{item.stored, FileStatus::kUnchanged, item.reason};
  FileState &state = out.state;
  state.path = item.stored;
  state.root = item.root;
  state.size = item.size;
  state.mtime_ns = item.mtime_ns;
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
    if (ok && item.action == Item::kCheck && fnv1a64(bytes) == item.old->content_hash) {
      item.action = Item::kKeep; // touched, not changed
    } else if (ok) {
      const bool auto_language = context.config.language == schema::kLanguageAuto;
      std::optional<ExtractedDocument> doc;
      const std::optional<Format> format = detect_format(bytes, item.stored);
      std::string why;
      if (!format) {
        why = binary_reason(bytes).value_or("binary data");
      } else {
        ExtractOptions extract_options = options.extract;
        if (item.title) extract_options.split.detect_title = false;
        try {
          doc = extract_document(bytes, *format, extract_options);
          // --lang auto: detected where not declared; otherwise the index's language, at no cost.
          if (auto_language)
            assign_languages(*doc);
          else if (doc->language.empty())
            doc->language = language_code(context.config.language);
        } catch (const ExtractError &e) {
          why = std::string("an unreadable ") + std::string(format_name(*format)) + " file: " + e.what();
        }
      }
      FileRecord &record = out.record.emplace();
      record.path = item.stored;
      state.size = bytes.size();
      state.content_hash = content_hash(bytes, item.title);
      if (!doc) {
        // Recorded with its reason, so the next run keeps it without a rebuild and reports it again.
        out.ev.status = FileStatus::kSkipped;
        out.ev.reason = why;
        state.skipped = why;
      } else {
        out.ev.encoding = doc->encoding;
        // decode_text, as for file text: a JSON title may hold control characters (ESC would reach terminals).
        record.title = item.title ? decode_text(*item.title).text : std::move(doc->title);
        if (auto fields = context.pattern.match(item.stored)) record.fields = std::move(*fields);
        record.language = doc->language;
        for (ExtractedParagraph &p : doc->paragraphs) // moved: a huge file is not held twice
          record.paragraphs.push_back({std::move(p.text), {p.page, std::move(p.page_label), std::move(p.language)}});
        doc.reset();
        out.ev.status = record.paragraphs.empty() ? FileStatus::kEmpty : FileStatus::kIndexed;
        out.ev.updated = item.old.has_value();
        out.indexed_bytes = bytes.size();
        if (bytes.capacity() > (std::size_t{16} << 20)) std::string().swap(bytes); // nor are its raw bytes
      }
    } else if (status == FileStatus::kFailed && item.old) {
      item.action = Item::kKeep; // cannot read it now: keep what was indexed
      out.ev.status = FileStatus::kFailed;
      out.ev.reason = reason;
    } else {
      out.ev.status = status;
      out.ev.reason = reason;
    }
  }
  if (item.action == Item::kKeep) {
    state = *item.old;
    if (item.mtime_ns != 0) state.mtime_ns = item.mtime_ns;
    if (out.ev.status != FileStatus::kFailed) out.ev = kept_event(item);
  }
  return out;
}

// The metadata key of a file's state.
std::string state_key(const std::string &path) { return std::string(schema::kMetaFilePrefix) + hex64(file_id(path)); }

// Per root folder, what a bucket holds of it (schema::kMetaRootPrefix).
using RootTallies = std::map<std::string, RootTally>;

// Adds (sign +1) or takes away (-1) one file's state from `tallies`.
void count(RootTallies &tallies, const FileState &st, int sign) {
  RootTally &t = tallies[st.root];
  if (sign > 0) {
    ++t.files, t.bytes += st.size;
  } else {
    t.files -= std::min<std::uint64_t>(t.files, 1);
    t.bytes -= std::min(t.bytes, st.size);
  }
}

// Writes the tally of `root` (removes its key when it holds no file).
void write_tally(Xapian::WritableDatabase &db, const std::string &root, const RootTally &t) {
  db.set_metadata(std::string(schema::kMetaRootPrefix) + root, t.files == 0 ? std::string() : encode_tally(t));
}

// Reads a bucket's tallies; nullopt if it has none (written before tallies existed) or one is malformed.
std::optional<RootTallies> read_tallies(const Xapian::Database &db) {
  if (db.get_metadata(std::string(schema::kMetaRootTallies)) != "1") return std::nullopt;
  RootTallies out;
  const std::string prefix(schema::kMetaRootPrefix);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
    const auto t = decode_tally(db.get_metadata(*it));
    if (!t) return std::nullopt;
    out.emplace((*it).substr(prefix.size()), *t);
  }
  return out;
}

// Replaces the bucket's tallies with `tallies`, marking them complete.
void write_all_tallies(Xapian::WritableDatabase &db, const RootTallies &tallies) {
  const std::string prefix(schema::kMetaRootPrefix);
  std::vector<std::string> stale;
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
    if (!tallies.contains((*it).substr(prefix.size()))) stale.push_back(*it);
  for (const std::string &key : stale)
    db.set_metadata(key, {});
  for (const auto &[root, t] : tallies)
    write_tally(db, root, t);
  db.set_metadata(std::string(schema::kMetaRootTallies), "1");
}

/// The calling thread's cpu time in seconds (0 if the clock is unavailable).
double thread_cpu_seconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// Writes the documents of `parts`, in order, into a new compacted database at `out`.
void compact(Xapian::Database &parts, const fs::path &out) { parts.compact(out.string(), Xapian::Compactor::FULLER); }

/// A bucket's closed segments, by level, merged as Lucene's log merge policy merges: `fan_in` segments of
/// one level become one segment of the next. So no compaction opens more than fan_in databases (the
/// open-file limit), and a paragraph is copied once per level it climbs; a bucket of fewer than fan_in
/// segments is merged once, at the end. Read from the top level down, the segments are in the order they
/// were written, so the merged documents keep their order.
class SegmentStack {
public:
  SegmentStack(fs::path dir, std::size_t fan_in) : dir_(std::move(dir)), fan_in_(std::max<std::size_t>(fan_in, 2)) {}

  /// A new path for a segment, in the build folder.
  fs::path next_path() { return dir_ / std::to_string(paths_++); }

  /// Adds the closed segment at `path` (written after every segment added before), merging full levels.
  void add(fs::path path) {
    ++written_;
    add_at(0, std::move(path));
  }

  /// Merges until at most fan_in segments are left, and returns them in the order their documents were
  /// written.
  std::vector<fs::path> finish() {
    // Level by level from the bottom (a merge may add a level on top, so no range loop).
    std::size_t level = 0;
    while (total() > fan_in_ && level + 1 < levels_.size()) {
      std::vector<fs::path> &here = levels_[level];
      if (here.size() == 1) { // newer than every segment above it, so it goes last there
        levels_[level + 1].push_back(std::move(here.front()));
        here.clear();
      } else if (here.size() > 1) {
        add_at(level + 1, merge(here));
      }
      ++level;
    }
    std::vector<fs::path> out;
    for (std::size_t i = levels_.size(); i-- > 0;) // the top level first
      out.insert(out.end(), levels_[i].begin(), levels_[i].end());
    return out;
  }

  std::size_t written() const { return written_; }                ///< Segments added.
  double merge_cpu_seconds() const { return merge_cpu_seconds_; } ///< Cpu time of the merges of levels.

private:
  void add_at(std::size_t level, fs::path path) {
    if (levels_.size() <= level) levels_.resize(level + 1);
    levels_[level].push_back(std::move(path));
    if (levels_[level].size() >= fan_in_) {
      fs::path merged = merge(levels_[level]);
      add_at(level + 1, std::move(merged));
    }
  }

  // Merges `parts` into one new segment, removes them and empties the list.
  fs::path merge(std::vector<fs::path> &parts) {
    fs::path out = next_path();
    Xapian::Database all;
    for (const fs::path &part : parts)
      all.add_database(Xapian::Database(part.string()));
    const double start = thread_cpu_seconds();
    compact(all, out);
    merge_cpu_seconds_ += thread_cpu_seconds() - start;
    all.close();
    for (const fs::path &part : parts) {
      std::error_code ec;
      fs::remove_all(part, ec); // early, to bound the build's disk use; the build folder goes anyway
    }
    parts.clear();
    return out;
  }

  std::size_t total() const {
    std::size_t n = 0;
    for (const auto &level : levels_)
      n += level.size();
    return n;
  }

  fs::path dir_;
  std::size_t fan_in_;
  std::vector<std::vector<fs::path>> levels_;
  std::size_t paths_ = 0;
  std::size_t written_ = 0;
  double merge_cpu_seconds_ = 0;
};

} // namespace

std::size_t merge_fan_in(std::size_t requested, unsigned writers) {
  if (requested != 0) return std::max<std::size_t>(requested, 2);
  // A glass database open for reading holds a file per table (six at most). Kept back: the process's
  // other files (the live buckets, readers, the walk) and each writer's open segment and old bucket.
  constexpr std::size_t kFilesPerDatabase = 6;
  constexpr std::size_t kReserved = 64;
  std::size_t files = 1024;
  if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0)
    files = limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(limit.rlim_cur);
  const std::size_t per_writer = files > kReserved ? (files - kReserved) / std::max(writers, 1u) : 0;
  const std::size_t databases = per_writer / kFilesPerDatabase;
  return std::clamp<std::size_t>(databases > 2 ? databases - 2 : 0, 2, 256);
}

BuiltBucket rebuild_bucket(BucketPlan &bucket, const fs::path &old_path, const BuildContext &context,
                           const ReportFn &report) {
  const IndexOptions &options = context.options;
  const IndexConfig &config = context.config;
  std::optional<Xapian::Database> old_db;
  if (!old_path.empty()) old_db.emplace(old_path.string());
  const fs::path tmp = context.dir.new_build_path("tmp", bucket.index);
  BuiltBucket built{context.dir.new_build_path("b", bucket.index)};
  const fs::path &out = built.path;
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{tmp};
  try {
    // The bucket is written as segments of about options.segment_paragraphs, each a fresh database, merged by
    // the compaction that follows anyway: glass rewrites every block a flush touches, and a flush touches
    // more blocks as the database grows, so one growing database made the build grow faster than the
    // corpus (docs/PERFORMANCE.md §6). A file's paragraphs stay in one segment, and compaction numbers
    // the segments' documents in order, so each file's docids stay consecutive.
    if (std::error_code ec; !fs::create_directories(tmp, ec) && ec)
      throw DatabaseError("cannot create the build folder '" + tmp.string() + "' for bucket " +
                          std::to_string(bucket.index) + ": " + ec.message() +
                          " (the index keeps its previous contents)");
    SegmentStack segments(tmp, context.merge_fan_in);
    fs::path segment = segments.next_path();
    auto db = std::make_unique<Xapian::WritableDatabase>(segment.string(), Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
    std::size_t in_segment = 0;
    RootTallies tallies;
    DocumentBuilder builder(config.language);
    std::size_t pending = 0;
    std::string bytes;
    for (Item &item : bucket.items) {
      if (in_segment >= std::max<std::size_t>(options.segment_paragraphs, 1)) { // at a file boundary
        db->commit();
        db->close();
        segments.add(segment);
        segment = segments.next_path();
        db = std::make_unique<Xapian::WritableDatabase>(segment.string(), Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
        in_segment = pending = 0;
      }
      ReadItem read = read_item(item, context, bytes);
      std::optional<FileRecord> &record = read.record;
      if (item.action == Item::kKeep) {
        if (read.state.paragraphs > 0) {
          record = old_db ? read_stored_file(*old_db, item.stored) : std::nullopt;
          if (!record)
            throw DatabaseError("the stored text of '" + item.stored + "' is missing from bucket '" +
                                old_path.string() + "'; rebuild with --full");
          record->fields.clear();
          if (auto fields = context.pattern.match(item.stored)) record->fields = std::move(*fields);
        } else {
          record.emplace();
          record->path = item.stored;
        }
      }
      if (record) {
        read.state.paragraphs = static_cast<std::uint32_t>(record->paragraphs.size());
        builder.build_each(*record, [&](Xapian::Document &doc) { // one at a time: bounded memory
          db->add_document(doc);
          ++in_segment;
          if (++pending >= options.commit_every) {
            db->commit();
            pending = 0;
          }
        });
        db->set_metadata(state_key(item.stored), encode_state(read.state));
        count(tallies, read.state, +1);
      }
      read.ev.paragraphs = read.state.paragraphs;
      if (item.reportable()) report(read.ev, read.indexed_bytes);
    }
    for (const auto &[joined, parts] : builder.compound_splits()) // "peacekeeping" finds "peace keeping"
      db->add_synonym(joined, parts);
    db->set_metadata(std::string(schema::kMetaLanguage), config.language);
    db->set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
    write_all_tallies(*db, tallies);
    db->commit();
    db->close();
    segments.add(segment);
    Xapian::Database all;
    for (const fs::path &part : segments.finish())
      all.add_database(Xapian::Database(part.string()));
    // A merge of k segments compares keys in a heap of k cursors (docs/PERFORMANCE.md §6), so the merges
    // are timed on their own: this one and those of full levels.
    const double merge_start = thread_cpu_seconds();
    compact(all, out);
    built.merge_cpu_seconds = segments.merge_cpu_seconds() + thread_cpu_seconds() - merge_start;
    built.segments = segments.written();
    failpoint("after-compact");
  } catch (const Xapian::Error &e) {
    std::error_code ec;
    fs::remove_all(out, ec);
    throw DatabaseError("writing bucket " + std::to_string(bucket.index) + " of index '" + context.dir.path().string() +
                        "' failed: " + e.get_description() + " (the index keeps its previous contents)");
  }
  return built;
}

bool updated_in_place(const fs::path &live) {
  try {
    return !Xapian::Database(live.string()).get_metadata(std::string(schema::kMetaInPlaceUpdates)).empty();
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot read bucket '" + live.string() + "': " + e.get_description() +
                        " (run parasearch-index --check, or rebuild with --full)");
  }
}

bool worth_updating_in_place(const BucketPlan &bucket, const fs::path &live) {
  if (live.empty() || !bucket.small_change()) return false;
  try {
    const Xapian::Database db(live.string());
    const Xapian::docid last = db.get_lastdocid();
    return std::uintmax_t{db.get_doccount()} * 2 >= last; // at most half its docids deleted so far
  } catch (const Xapian::Error &) {
    return false; // a rebuild reports the problem
  }
}

void update_bucket(BucketPlan &bucket, const fs::path &live, const BuildContext &context, const ReportFn &report) {
  const IndexOptions &options = context.options;
  try {
    Xapian::WritableDatabase db(live.string(), Xapian::DB_OPEN);
    DocumentBuilder builder(context.config.language);
    std::size_t pending = 0;
    std::string bytes;
    // Each file's deletion, paragraphs and state go into one transaction (no automatic flush inside
    // it), so a kill leaves every file old or new; transactions end at file boundaries only.
    db.begin_transaction();
    // The root tallies change with each file, in the same transaction. A plan that holds every file
    // of the bucket recounts them (a bucket written before tallies existed gets them); a plan of
    // files given by name, made only where the bucket has them, updates them.
    RootTallies tallies;
    if (bucket.complete) {
      for (const FileState &st : bucket.gone)
        count(tallies, st, +1);
      for (const Item &item : bucket.items)
        if (item.old) count(tallies, *item.old, +1);
      write_all_tallies(db, tallies);
    } else if (auto stored = read_tallies(db)) {
      tallies = std::move(*stored);
    } else {
      throw DatabaseError("bucket '" + live.string() + "' has no root tallies; run parasearch-index --merge");
    }
    auto file_done = [&] {
      if (pending < options.commit_every) return;
      db.commit_transaction();
      failpoint("during-update"); // some files new, the others old
      db.begin_transaction();
      pending = 0;
    };
    for (const FileState &st : bucket.gone) {
      const std::string term = DocumentBuilder::file_term(file_id(st.path));
      pending += db.get_termfreq(term) + 1;
      db.delete_document(term);
      db.set_metadata(state_key(st.path), {});
      count(tallies, st, -1);
      write_tally(db, st.root, tallies[st.root]);
      file_done();
    }
    for (Item &item : bucket.items) {
      if (item.action == Item::kKeep && (item.mtime_ns == 0 || item.mtime_ns == item.old->mtime_ns)) {
        FileEvent ev = kept_event(item); // nothing to read, nothing to write
        if (item.reportable()) report(ev, 0);
        continue;
      }
      ReadItem read = read_item(item, context, bytes);
      const bool keep = item.action == Item::kKeep;
      if (!keep && item.old) { // changed, or unusable now: its old paragraphs go
        const std::string term = DocumentBuilder::file_term(file_id(item.stored));
        pending += db.get_termfreq(term);
        db.delete_document(term);
      }
      if (read.record) {
        read.state.paragraphs = static_cast<std::uint32_t>(read.record->paragraphs.size());
        builder.build_each(*read.record, [&](Xapian::Document &doc) {
          db.add_document(doc);
          ++pending;
        });
      }
      const bool recorded = keep || read.record;
      db.set_metadata(state_key(item.stored), recorded ? encode_state(read.state) : std::string());
      if (item.old) count(tallies, *item.old, -1);
      if (recorded) count(tallies, read.state, +1);
      if (item.old) write_tally(db, item.old->root, tallies[item.old->root]);
      if (recorded) write_tally(db, read.state.root, tallies[read.state.root]);
      ++pending;
      read.ev.paragraphs = read.state.paragraphs;
      if (item.reportable()) report(read.ev, read.indexed_bytes);
      file_done();
    }
    for (const auto &[joined, parts] : builder.compound_splits())
      db.add_synonym(joined, parts);
    const std::string updates = db.get_metadata(std::string(schema::kMetaInPlaceUpdates));
    unsigned long long runs = 0; // a count that does not parse (never written so) starts again
    std::from_chars(updates.data(), updates.data() + updates.size(), runs);
    db.set_metadata(std::string(schema::kMetaInPlaceUpdates), std::to_string(runs + 1));
    db.commit_transaction();
    failpoint("after-update"); // committed; the stub is not touched yet
  } catch (const Xapian::Error &e) {
    throw DatabaseError("updating bucket " + std::to_string(bucket.index) + " of index '" +
                        context.dir.path().string() + "' failed: " + e.get_description() +
                        " (files written before the error are kept; the next run redoes the others)");
  }
}

bool has_tallies(const fs::path &live) {
  try {
    return Xapian::Database(live.string()).get_metadata(std::string(schema::kMetaRootTallies)) == "1";
  } catch (const Xapian::Error &) {
    return false; // a rebuild reports the problem
  }
}

std::string check_tallies(const fs::path &bucket) {
  const Xapian::Database db(bucket.string());
  if (db.get_metadata(std::string(schema::kMetaRootTallies)).empty()) return {};
  const auto stored = read_tallies(db);
  if (!stored) return "its root tallies cannot be read";
  RootTallies counted;
  const std::string prefix(schema::kMetaFilePrefix);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
    if (const auto st = decode_state(db.get_metadata(*it))) count(counted, *st, +1);
  std::erase_if(counted, [](const auto &kv) { return kv.second.files == 0; });
  for (const auto &[root, t] : counted) {
    const auto it = stored->find(root);
    const RootTally have = it == stored->end() ? RootTally{} : it->second;
    if (have != t)
      return "its root tally for '" + root + "' says " + std::to_string(have.files) + " files of " +
             std::to_string(have.bytes) + " bytes where its file states hold " + std::to_string(t.files) + " of " +
             std::to_string(t.bytes);
  }
  for (const auto &[root, t] : *stored)
    if (!counted.contains(root))
      return "its root tally for '" + root + "' counts " + std::to_string(t.files) + " files that it does not hold";
  return {};
}

std::optional<NamedStates> read_named_states(const IndexDir &dir, unsigned buckets,
                                             const std::vector<std::string> &paths) {
  NamedStates out;
  std::vector<std::string> roots;
  for (unsigned b = 0; b < buckets; ++b) {
    const fs::path p = dir.bucket_path(b);
    if (p.empty()) return std::nullopt;
    try {
      const Xapian::Database db(p.string());
      const auto tallies = read_tallies(db);
      if (!tallies) return std::nullopt;
      std::uintmax_t bytes = 0;
      for (const auto &[root, t] : *tallies) {
        bytes += t.bytes;
        if (!root.empty() && t.files > 0) roots.push_back(root);
      }
      out.bucket_bytes.push_back(bytes);
      for (const std::string &path : paths) {
        if (file_id(path) % buckets != b) continue;
        if (auto st = decode_state(db.get_metadata(state_key(path))); st && st->path == path)
          out.states.push_back(std::move(*st));
      }
    } catch (const Xapian::Error &e) {
      throw DatabaseError("cannot read bucket '" + p.string() + "': " + e.get_description() +
                          " (run parasearch-index --check, or rebuild with --full)");
    }
  }
  std::sort(roots.begin(), roots.end());
  roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
  out.roots = std::move(roots);
  return out;
}

} // namespace parasearch::detail
