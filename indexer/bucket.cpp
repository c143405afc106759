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

#include <utility>

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

fs::path rebuild_bucket(BucketPlan &bucket, const fs::path &old_path, const BuildContext &context,
                        const ReportFn &report) {
  const IndexOptions &options = context.options;
  const IndexConfig &config = context.config;
  std::optional<Xapian::Database> old_db;
  if (!old_path.empty()) old_db.emplace(old_path.string());
  const fs::path tmp = context.dir.new_build_path("tmp", bucket.index);
  fs::path out = context.dir.new_build_path("b", bucket.index); // not const: returned (moved)
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{tmp};
  try {
    Xapian::WritableDatabase db(tmp.string(), Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
    DocumentBuilder builder(config.language);
    const bool auto_language = config.language == schema::kLanguageAuto;
    const std::string index_code = auto_language ? std::string() : language_code(config.language);
    std::size_t pending = 0;
    std::string bytes;
    for (Item &item : bucket.items) {
      FileEvent ev{item.stored, FileStatus::kUnchanged, item.reason};
      std::optional<FileRecord> record;
      FileState state;
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
        if (ok && item.action == Item::kCheck && fnv1a64(bytes) == item.old->content_hash) {
          item.action = Item::kKeep; // touched, not changed
        } else if (ok) {
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
                doc->language = index_code;
            } catch (const ExtractError &e) {
              why = std::string("an unreadable ") + std::string(format_name(*format)) + " file: " + e.what();
            }
          }
          if (!doc) {
            // Recorded with its reason, so the next run keeps it without a rebuild and reports it again.
            ev.status = FileStatus::kSkipped;
            ev.reason = why;
            record.emplace();
            record->path = item.stored;
            state.size = bytes.size();
            state.content_hash = content_hash(bytes, item.title);
            state.skipped = why;
          } else {
            ev.encoding = doc->encoding;
            record.emplace();
            record->path = item.stored;
            // decode_text, as for file text: a JSON title may hold control characters (ESC would reach terminals).
            record->title = item.title ? decode_text(*item.title).text : std::move(doc->title);
            if (auto fields = context.pattern.match(item.stored)) record->fields = std::move(*fields);
            record->language = doc->language;
            for (ExtractedParagraph &p : doc->paragraphs) // moved: a huge file is not held twice
              record->paragraphs.push_back(
                  {std::move(p.text), {p.page, std::move(p.page_label), std::move(p.language)}});
            doc.reset();
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
        if (ev.status != FileStatus::kFailed) ev = kept_event(item);
        if (state.paragraphs > 0) {
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
        state.paragraphs = static_cast<std::uint32_t>(record->paragraphs.size());
        builder.build_each(*record, [&](Xapian::Document &doc) { // one at a time: bounded memory
          db.add_document(doc);
          if (++pending >= options.commit_every) {
            db.commit();
            pending = 0;
          }
        });
        db.set_metadata(std::string(schema::kMetaFilePrefix) + hex64(file_id(item.stored)), encode_state(state));
      }
      ev.paragraphs = state.paragraphs;
      if (item.reportable()) report(ev, indexed_bytes);
    }
    for (const auto &[joined, parts] : builder.compound_splits()) // "peacekeeping" finds "peace keeping"
      db.add_synonym(joined, parts);
    db.set_metadata(std::string(schema::kMetaLanguage), config.language);
    db.set_metadata(std::string(schema::kMetaSchemaVersion), std::to_string(schema::kSchemaVersion));
    db.commit();
    db.close();
    Xapian::Database(tmp.string()).compact(out.string(), Xapian::Compactor::FULLER);
    failpoint("after-compact");
  } catch (const Xapian::Error &e) {
    std::error_code ec;
    fs::remove_all(out, ec);
    throw DatabaseError("writing bucket " + std::to_string(bucket.index) + " of index '" + context.dir.path().string() +
                        "' failed: " + e.get_description() + " (the index keeps its previous contents)");
  }
  return out;
}

} // namespace parasearch::detail
