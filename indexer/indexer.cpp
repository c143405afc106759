// Indexer: wires the walk (indexer/walk), the plan (indexer/plan) and the bucket builder
// (indexer/bucket) to the index folder (index/store): rebuild the buckets that changed, in parallel,
// and install each atomically; a new index or --full is built beside the old one and switched to in
// one stub rename. See docs/ARCHITECTURE.md.
#include "parasearch/indexer.hpp"

#include "common/failpoint.hpp"
#include "common/hash.hpp"
#include "index/record.hpp"
#include "index/store.hpp"
#include "indexer/bucket.hpp"
#include "indexer/plan.hpp"
#include "indexer/walk.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/pathfields.hpp"
#include "parasearch/schema.hpp"
#include "parasearch/stemmer.hpp"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace fs = std::filesystem;

namespace parasearch {

struct Indexer::Impl {
  IndexOptions options;
  std::unique_ptr<detail::IndexDir> dir;
  detail::IndexConfig config;
  PathPattern pattern;
  bool fresh = false;                 // a new index, or --full: build every bucket beside the old ones, switch once
  bool creating = false;              // the index did not exist before
  std::vector<detail::Staged> staged; // add_text() documents

  // The stored state of every file (none when building fresh).
  std::vector<detail::FileState> load_states() const {
    std::vector<detail::FileState> out;
    if (fresh) return out;
    for (unsigned b = 0; b < config.buckets; ++b) {
      const fs::path p = dir->bucket_path(b);
      if (p.empty()) continue;
      try {
        Xapian::Database db(p.string());
        const std::string prefix(schema::kMetaFilePrefix);
        for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
          if (auto st = detail::decode_state(db.get_metadata(*it))) out.push_back(std::move(*st));
        }
      } catch (const Xapian::Error &e) {
        throw DatabaseError("cannot read bucket '" + p.string() + "': " + e.get_description() +
                            " (run parasearch-index --check, or rebuild with --full)");
      }
    }
    return out;
  }

  // Plans the run from `states` (every file's, or for a run of files given by name only the ones it
  // can need, with the recorded roots in `roots`): identities, the shard filter, the plan. `total`
  // gets the number of files and documents asked about.
  detail::Plan plan_from(std::vector<detail::Candidate> candidates, const std::vector<std::string> &walked,
                         const std::vector<detail::FileState> &states, const std::vector<std::string> &roots,
                         std::size_t &total) {
    // A path given inside a folder the index records as a root takes that root's identity (before the
    // shard filter, which goes by the relative path).
    const std::vector<detail::Scope> scopes = detail::adopt_recorded_roots(candidates, walked, states, roots);
    std::set<std::string> present; // what the planner cannot tell from the stored paths alone
    for (const std::string &p : detail::paths_to_probe(states, scopes)) {
      std::error_code ec;
      if (fs::exists(fs::symlink_status(p, ec))) present.insert(p);
    }
    std::vector<detail::Staged> documents = std::move(staged);
    staged.clear();
    if (config.shards != 0) { // a shard keeps only the files that hash to it
      const auto other = [&](const std::string &stored) {
        return detail::shard_of(stored, config.shards) != config.shard;
      };
      std::erase_if(candidates, [&](const detail::Candidate &c) { return other(c.rel); });
      std::erase_if(documents, [&](const detail::Staged &d) { return other(d.id); });
    }
    total = candidates.size() + documents.size();
    return detail::make_plan(std::move(candidates), std::move(documents), states, scopes, config.buckets, present);
  }

  // Plans the run. A run of files given by name reads only the states those files can have
  // (detail::stored_forms) and the buckets' root tallies, not every file's state, so its cost does
  // not grow with the index; it plans from every state instead where that would rebuild a bucket
  // (only the whole bucket's plan can), or where a bucket has no tallies (built before them).
  detail::Plan plan_run(detail::WalkResult &walk, std::size_t &total, std::size_t &states_read) {
    const bool named_only = !fresh && !options.merge && !options.plan_from_all_states && walk.roots.empty() &&
                            staged.empty() && !walk.candidates.empty() &&
                            std::all_of(walk.candidates.begin(), walk.candidates.end(),
                                        [](const auto &c) { return c.named || !c.missing.empty(); });
    if (named_only) {
      std::vector<std::string> forms;
      for (const detail::Candidate &c : walk.candidates) {
        const std::string abs = !c.missing.empty() ? c.missing : (fs::path(c.root) / c.rel).generic_string();
        for (std::string &f : detail::stored_forms(abs))
          forms.push_back(std::move(f));
      }
      if (auto named = detail::read_named_states(*dir, config.buckets, forms)) {
        detail::Plan plan = plan_from(walk.candidates, walk.roots, named->states, named->roots, total);
        states_read = named->states.size();
        bool in_place = true;
        for (detail::BucketPlan &bucket : plan.buckets) {
          std::uintmax_t tracked = 0;
          for (const detail::Item &item : bucket.items)
            tracked += item.old ? item.old->size : 0;
          for (const detail::FileState &st : bucket.gone)
            tracked += st.size;
          bucket.complete = false;
          bucket.untracked_bytes =
              named->bucket_bytes[bucket.index] - std::min(named->bucket_bytes[bucket.index], tracked);
          if (bucket.needs_work() && !detail::worth_updating_in_place(bucket, dir->bucket_path(bucket.index)))
            in_place = false;
        }
        if (in_place) return plan;
      }
    }
    const std::vector<detail::FileState> states = load_states();
    states_read = states.size();
    return plan_from(std::move(walk.candidates), walk.roots, states, {}, total);
  }

  // Plans the run, rebuilds the buckets that need it in parallel, and installs them; `start` is when
  // the run began (before the walk), for IndexSummary::seconds.
  IndexSummary run(detail::WalkResult walk, const std::function<void(const FileEvent &)> &on_file,
                   std::chrono::steady_clock::time_point start);
};

unsigned default_buckets() { return std::clamp(std::thread::hardware_concurrency(), 1u, schema::kMaxDefaultBuckets); }

Indexer::Indexer(IndexOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.db.empty()) throw UsageError("no database path given");
  if (options.commit_every == 0) options.commit_every = 1;
  if (options.buckets > 256) throw UsageError("at most 256 buckets");
  if (options.shards > 256 || (options.shards != 0 && options.shard >= options.shards))
    throw UsageError("--shard I/N needs 0 <= I < N <= 256");
  if (!options.language.empty() && options.language != schema::kLanguageAuto)
    options.language = canonical_language(options.language);
  const PathPattern pattern = PathPattern::parse(options.path_fields.value_or(""));
  impl_->options = std::move(options);
  const IndexOptions &o = impl_->options;
  if (o.path_fields && o.path_fields->find_first_of("\r\n") != std::string::npos)
    throw UsageError("--path-fields must be one line");
  impl_->dir = std::make_unique<detail::IndexDir>(o.db, o.full);
  detail::IndexDir &dir = *impl_->dir;
  impl_->creating = !dir.has_config();
  impl_->fresh = impl_->creating || o.full;
  if (impl_->fresh) {
    detail::IndexConfig c;
    const detail::IndexConfig &old = dir.config();
    c.language = !o.language.empty() ? o.language : (!old.language.empty() && o.full ? old.language : "english");
    c.buckets = o.buckets != 0 ? o.buckets : (old.buckets != 0 && o.full ? old.buckets : default_buckets());
    c.path_fields = o.path_fields ? *o.path_fields : (o.full ? old.path_fields : "");
    c.shard = o.shards != 0 ? o.shard : (o.full ? old.shard : 0);
    c.shards = o.shards != 0 ? o.shards : (o.full ? old.shards : 0);
    c.schema = schema::kSchemaVersion;
    impl_->config = c; // installed with the new buckets, in one stub rename, when the run ends
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
    const auto shard_text = [](unsigned i, unsigned n) {
      return n == 0 ? std::string("no --shard") : "--shard " + std::to_string(i) + "/" + std::to_string(n);
    };
    if (o.shards != 0 && (o.shards != c.shards || o.shard != c.shard))
      conflict("shard setting", shard_text(c.shard, c.shards), shard_text(o.shard, o.shards));
  }
  if (!impl_->fresh) impl_->config = dir.config();
  impl_->pattern =
      impl_->config.path_fields == pattern.text() ? pattern : PathPattern::parse(impl_->config.path_fields);
}

Indexer::~Indexer() = default;

const std::string &Indexer::language() const { return impl_->config.language; }
const std::string &Indexer::path_fields() const { return impl_->config.path_fields; }

void Indexer::add_text(const std::string &path, std::string_view bytes) {
  impl_->staged.push_back({path, std::string(bytes), std::nullopt});
}

void Indexer::add_record(const std::string &path, const std::string &title, std::string_view text) {
  impl_->staged.push_back({path, std::string(text), title});
}

IndexSummary Indexer::commit(const std::function<void(const FileEvent &)> &on_file) {
  return impl_->run({}, on_file, std::chrono::steady_clock::now());
}

IndexSummary Indexer::index_paths(const std::vector<fs::path> &paths,
                                  const std::function<void(const FileEvent &)> &on_file) {
  const auto start = std::chrono::steady_clock::now(); // the walk counts: on a large folder it is seconds
  return impl_->run(detail::walk_paths(paths, impl_->options, impl_->options.db), on_file, start);
}

IndexSummary Indexer::Impl::run(detail::WalkResult walk, const std::function<void(const FileEvent &)> &on_file,
                                std::chrono::steady_clock::time_point start) {
  std::size_t total = 0;
  IndexSummary summary;
  detail::Plan plan = plan_run(walk, total, summary.states_read);
  summary.ignored = walk.ignored;
  summary.files = total;
  // Files found gone are reported too: the progress counter runs to `steps`, never past it.
  const std::size_t steps =
      total + static_cast<std::size_t>(std::count_if(plan.events.begin(), plan.events.end(), [](const FileEvent &ev) {
        return ev.status == FileStatus::kRemoved;
      }));

  std::mutex report_mutex;
  std::size_t done = 0;
  auto report = [&](FileEvent &ev, std::uintmax_t bytes_indexed) {
    std::lock_guard lock(report_mutex);
    ev.done = ++done;
    ev.total = steps;
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
  // Reports the files of a bucket that needs no rebuild, as the index has them.
  auto report_kept = [&](const detail::BucketPlan &bucket) {
    for (const detail::Item &item : bucket.items) {
      if (!item.reportable()) continue; // kept from another folder: not part of this run
      FileEvent ev = detail::kept_event(item);
      report(ev, 0);
    }
  };
  for (FileEvent &ev : plan.events)
    report(ev, 0);

  // --merge: every bucket updated in place since its last whole build is rebuilt, and every bucket
  // written before root tallies existed.
  if (options.merge && !fresh) {
    for (detail::BucketPlan &bucket : plan.buckets) {
      const fs::path p = dir->bucket_path(bucket.index);
      if (!p.empty() && !bucket.rebuild && (detail::updated_in_place(p) || !detail::has_tallies(p)))
        bucket.rebuild = true;
    }
  }

  // Work: buckets to write or to check; report the files of untouched buckets now.
  std::vector<detail::BucketPlan *> work;
  for (detail::BucketPlan &bucket : plan.buckets) {
    if (bucket.needs_work())
      work.push_back(&bucket);
    else
      report_kept(bucket);
  }

  // Write in parallel; the first error stops the others and is rethrown.
  const auto writing = std::chrono::steady_clock::now();
  const unsigned jobs =
      std::max(1u, std::min<unsigned>(options.jobs != 0 ? options.jobs : std::thread::hardware_concurrency(),
                                      static_cast<unsigned>(std::max<std::size_t>(work.size(), 1))));
  const detail::BuildContext context{*dir, config, pattern, options, detail::merge_fan_in(options.merge_fan_in, jobs)};
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  std::atomic<std::size_t> rebuilt{0};
  std::atomic<std::size_t> updated{0};
  std::mutex installs_mutex; // guards installs and the two merge totals
  std::size_t segments = 0;
  double merge_cpu_seconds = 0;
  std::vector<std::future<void>> installs;
  std::vector<std::pair<unsigned, fs::path>> built_all; // fresh: installed together at the end
  std::mutex built_mutex;
  auto worker = [&] {
    for (std::size_t i; !stop && (i = next++) < work.size();) {
      try {
        detail::BucketPlan &bucket = *work[i];
        const fs::path live = fresh ? fs::path() : dir->bucket_path(bucket.index);
        if (!bucket.rebuild && detail::record_touched(bucket, live, options.max_file_bytes)) {
          report_kept(bucket);
          continue;
        }
        // (a plan of files given by name holds only them: it is never rebuilt, plan_run made sure)
        if (!fresh && !options.merge && (!bucket.complete || detail::worth_updating_in_place(bucket, live))) {
          detail::update_bucket(bucket, live, context, report);
          ++updated;
          std::vector<detail::Item>().swap(bucket.items); // written: its plan's memory goes back now
          continue;
        }
        detail::BuiltBucket written = detail::rebuild_bucket(bucket, live, context, report);
        const fs::path built = std::move(written.path);
        ++rebuilt;
        std::vector<detail::Item>().swap(bucket.items);
        // fsync (and, incrementally, install) in the background, so this thread can start on the next bucket.
        std::lock_guard lock(installs_mutex);
        segments += written.segments;
        merge_cpu_seconds += written.merge_cpu_seconds;
        installs.push_back(std::async(std::launch::async, [this, b = bucket.index, built, &built_all, &built_mutex] {
          detail::sync_directory(built);
          detail::failpoint("after-fsync");
          if (!fresh) {
            dir->install(b, built);
            return;
          }
          std::lock_guard built_lock(built_mutex);
          built_all.emplace_back(b, built);
          detail::failpoint(creating ? "during-create" : "during-full"); // built beside the old index
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
  if (updated > 0) dir->touch(); // searchers reopen when the stub changes: now they see the updates
  if (error) {
    if (fresh) { // the old index (or none) stays as it was; drop what was built for the new one
      std::error_code ec;
      for (const auto &[b, path] : built_all)
        fs::remove_all(path, ec);
    }
    std::rethrow_exception(error);
  }
  if (fresh) {
    dir->replace_all(config, built_all); // the one switch from the old index (or none) to the new one
    fresh = false;
    creating = false;
  }

  summary.write_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - writing).count();
  summary.buckets_rebuilt = rebuilt;
  summary.buckets_updated = updated;
  summary.segments_merged = segments;
  summary.merge_cpu_seconds = merge_cpu_seconds;
  try {
    summary.total_paragraphs = Xapian::Database(dir->path().string()).get_doccount();
  } catch (const Xapian::Error &e) {
    throw DatabaseError("cannot reopen index '" + dir->path().string() + "': " + e.get_description());
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

} // namespace parasearch
