// Fault injection through the real tools: a full disk (RLIMIT_FSIZE), a second writer, readers while the
// index is rewritten, and a damaged database found by --check. (kill -9 is covered by the indexing tests.)
#include "common/hash.hpp"
#include "index/document.hpp"
#include "index/record.hpp"
#include "parasearch/check.hpp"
#include "parasearch/errors.hpp"
#include "parasearch/indexer.hpp"
#include "parasearch/searcher.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

namespace fs = std::filesystem;
using parasearch::test::ChildProcess;
using parasearch::test::contains;
using parasearch::test::kSanitized;
using parasearch::test::ProcessResult;
using parasearch::test::TempDir;
using parasearch::test::write_file;

constexpr const char *kIndexExe = PARASEARCH_INDEX_EXE;

/// Writes `files` speeches of `paragraphs` one-line paragraphs each into `dir`, file k carrying the word
/// "<tag>k<k>" in every paragraph (e.g. "bk7"), so each file's paragraphs can be counted by search.
void write_speeches(const fs::path &dir, const std::string &tag, int files, int paragraphs) {
  static const char *const kWords[] = {"security", "council",  "assembly", "delegation",  "peace",  "development",
                                       "nuclear",  "treaty",   "rights",   "cooperation", "region", "dialogue",
                                       "climate",  "refugees", "mandate",  "resolution",  "budget", "reform"};
  std::uint32_t x = 42;
  for (int f = 0; f < files; ++f) {
    std::string text;
    for (int p = 0; p < paragraphs; ++p) {
      text += "The " + tag + "k" + std::to_string(f);
      for (int w = 0; w < 60; ++w) {
        x = x * 1103515245u + 12345u;
        text += std::string(" ") + kWords[(x >> 16) % std::size(kWords)];
      }
      text += ".\n";
    }
    write_file(dir / (tag + "_speech_" + std::to_string(f) + ".txt"), text);
  }
}

/// Paragraphs in the index at `db` that carry `word`.
std::size_t count_hits(const fs::path &db, const std::string &word) {
  parasearch::Searcher searcher(db);
  parasearch::SearchOptions options;
  options.limit = 100000;
  return searcher.search(word, options).hits.size();
}

/// Runs `parasearch-index --check` on `args`. Xapian 1.4.22's own check code deletes an object through
/// the wrong type (AddressSanitizer: new-delete-type-mismatch, 440 vs 432 bytes, inside
/// Xapian::Database::check_), a bug in the library we cannot fix; the check runs in a child process
/// with that one report turned off, so the rest of the suite keeps it on.
ProcessResult run_check(const std::vector<std::string> &args) {
  parasearch::test::ProcessOptions options;
  options.env = {"ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0"};
  std::vector<std::string> all = {"--check"};
  all.insert(all.end(), args.begin(), args.end());
  return parasearch::test::run_process(kIndexExe, all, options);
}

/// True if `parasearch-index --check` finds the index at `db` sound.
bool index_is_sound(const fs::path &db) {
  const ProcessResult r = run_check({"--db", db.string()});
  INFO(r.out << r.err);
  return r.status == 0 && contains(r.out, "is sound");
}

/// True if process `pid` holds a flock on the file `path` (read from /proc/locks; takes no lock itself).
bool holds_flock(pid_t pid, const fs::path &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  std::ifstream locks("/proc/locks");
  const std::string inode = ":" + std::to_string(st.st_ino) + " ";
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::string n, kind, mode, rw, owner, where;
    fields >> n >> kind >> mode >> rw >> owner >> where;
    if (kind == "FLOCK" && owner == std::to_string(pid) && contains(where + " ", inode)) return true;
  }
  return false;
}

} // namespace

// ---------------------------------------------------------------- a full disk

TEST_CASE("faults: a full disk stops the run with exit 4, keeps the last commit, and the next run completes",
          "[faults][diskfull]") {
  TempDir a, b, db;
  write_speeches(a.path(), "a", 3, 5);
  write_speeches(b.path(), "b", 40, 100); // 1.7 MB: its bucket tables outgrow the limit below
  const std::string dbs = db.path().string();
  REQUIRE(parasearch::test::run_process(kIndexExe, {"--db", dbs, a.path().string()}).status == 0);
  REQUIRE(count_hits(db.path(), "ak0 OR ak1 OR ak2") == 15);

  // "Disk full": no file the indexer writes may grow past 128 KiB; with SIGXFSZ ignored, write() fails
  // with EFBIG just as it fails with ENOSPC on a full disk.
  parasearch::test::ProcessOptions full;
  full.in_child = [] {
    const struct rlimit limit = {rlim_t{128} * 1024, rlim_t{128} * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    ::signal(SIGXFSZ, SIG_IGN);
  };
  const ProcessResult failed =
      parasearch::test::run_process(kIndexExe, {"--db", dbs, a.path().string(), b.path().string()}, full);
  INFO("stderr: " << failed.err);
  CHECK(failed.signal == 0);
  CHECK(failed.status == 4);
  CHECK(contains(failed.err, "error:"));
  CHECK(contains(failed.err, dbs));
  CHECK(contains(failed.err, "File too large"));
  // The last commit is intact: A's paragraphs are all there, the databases pass the check, and no
  // half-built database is left behind.
  CHECK(count_hits(db.path(), "ak0 OR ak1 OR ak2") == 15);
  CHECK(index_is_sound(db.path()));
  for (const auto &entry : fs::directory_iterator(db.path()))
    CHECK_FALSE(entry.path().filename().string().starts_with("tmp"));

  // Room is made: the same run completes, with everything.
  const ProcessResult again =
      parasearch::test::run_process(kIndexExe, {"--db", dbs, a.path().string(), b.path().string()});
  INFO("stderr: " << again.err);
  CHECK(again.status == 0);
  CHECK(count_hits(db.path(), "ak0 OR ak1 OR ak2") == 15);
  for (const int k : {0, 17, 39})
    CHECK(count_hits(db.path(), "bk" + std::to_string(k)) == 100);
  CHECK(parasearch::Searcher(db.path()).paragraph_count() == 15 + 4000);
  CHECK(index_is_sound(db.path()));
}

// ---------------------------------------------------------------- two writers

TEST_CASE("faults: a second parasearch-index while another is writing exits 3 'index is busy' and changes nothing",
          "[faults][lock]") {
  TempDir in, db;
  write_speeches(in.path(), "w", 40, 100);
  const std::string dbs = db.path().string();
  ChildProcess first(kIndexExe, {"--db", dbs, in.path().string()});
  // Wait until the first run holds the writer lock, then freeze it mid-run.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!holds_flock(first.pid(), db.path() / "parasearch.lock") && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(holds_flock(first.pid(), db.path() / "parasearch.lock"));
  REQUIRE(::kill(first.pid(), SIGSTOP) == 0);

  const ProcessResult second = parasearch::test::run_process(kIndexExe, {"--db", dbs, in.path().string()});
  CHECK(second.status == 3);
  CHECK(contains(second.err, "index is busy"));
  CHECK(contains(second.err, dbs));
  CHECK(second.out.empty());

  REQUIRE(::kill(first.pid(), SIGCONT) == 0);
  const ProcessResult done = first.wait();
  INFO("first run's stderr: " << done.err);
  CHECK(done.status == 0);
  CHECK(parasearch::Searcher(db.path()).paragraph_count() == 4000);
  CHECK(index_is_sound(db.path()));
}

// ---------------------------------------------------------------- readers during writes

TEST_CASE("faults: searches never fail while parasearch-index rewrites the index again and again",
          "[faults][readers]") {
  TempDir in, db;
  // 16 files that never change, each with one "steadfast" paragraph; 4 that change on every run, so
  // buckets are rebuilt and swapped under the readers (stable files in them are rewritten too); or,
  // in one bucket of longer stable files, 1 that changes, so the bucket is written in place.
  const bool in_place = GENERATE(false, true);
  INFO((in_place ? "in place" : "rebuilt buckets"));
  const int churned = in_place ? 1 : 4;
  std::string filler;
  for (int p = 0; in_place && p < 12; ++p)
    filler += "Another paragraph of the general debate, on trade, climate and development.\n";
  for (int k = 0; k < 16; ++k)
    write_file(in / ("stable_" + std::to_string(k) + ".txt"),
               "The steadfast delegation " + std::to_string(k) + " reaffirmed its position.\n" + filler);
  auto churn = [&](int round) {
    for (int k = 0; k < churned; ++k) {
      std::string text;
      for (int p = 0; p <= round % 5 + k; ++p)
        text += "Round " + std::to_string(round) + " brought amendment " + std::to_string(p) + " to the draft.\n";
      write_file(in / ("churn_" + std::to_string(k) + ".txt"), text);
    }
  };
  churn(0);
  const std::string dbs = db.path().string();
  REQUIRE(parasearch::test::run_process(kIndexExe, {"--db", dbs, "--buckets", in_place ? "1" : "8", in.path().string()})
              .status == 0);

  constexpr int kRounds = 12;
  std::atomic<bool> writing{true};
  std::atomic<int> writer_failures{0};
  std::mutex message_mutex;
  std::string writer_message;
  std::thread writer([&] {
    for (int round = 1; round <= kRounds; ++round) {
      churn(round);
      const ProcessResult r = parasearch::test::run_process(kIndexExe, {"--db", dbs, in.path().string()});
      const bool written_in_place = r.out.find("Wrote 1 bucket in place, rebuilt 0") != std::string::npos;
      if (r.status != 0 || written_in_place != in_place) {
        ++writer_failures;
        std::lock_guard lock(message_mutex);
        writer_message = r.out + r.err;
      }
    }
    writing = false;
  });

  std::size_t searches = 0, wrong = 0, errors = 0, fresh_errors = 0;
  std::string first_error, first_fresh_error;
  parasearch::Searcher reader(db.path()); // long-lived, like a server's
  parasearch::SearchOptions options;
  options.limit = 100;
  while (writing || searches < 50) {
    try {
      const auto hits = reader.search(searches % 2 ? "steadfast" : "steadfas*", options).hits;
      if (hits.size() != 16) ++wrong;
    } catch (const std::exception &e) {
      if (errors++ == 0) first_error = e.what();
    }
    try { // a reader opened now sees a whole index too
      if (parasearch::Searcher(db.path()).search("steadfast", options).hits.size() != 16) ++wrong;
    } catch (const std::exception &e) {
      if (fresh_errors++ == 0) first_fresh_error = e.what();
    }
    ++searches;
  }
  writer.join();
  INFO("writer: " << writer_message << "\nfirst search error: " << first_error
                  << "\nfirst error of a new reader: " << first_fresh_error);
  CHECK(writer_failures == 0);
  CHECK(errors == 0);
  CHECK(fresh_errors == 0);
  CHECK(wrong == 0);
  CHECK(searches >= 50);
  CHECK(count_hits(db.path(), "steadfast") == 16);
  // The long-lived reader follows the writer: it sees the last round's text.
  const std::string last = "round " + std::to_string(kRounds);
  CHECK(count_hits(db.path(), last) > 0);
  CHECK(reader.search(last, options).hits.size() == count_hits(db.path(), last));
}

// ---------------------------------------------------------------- a damaged database

TEST_CASE("check: --check passes a sound index (exit 0) and reports a damaged copy in plain words (exit 4)",
          "[faults][check]") {
  TempDir in, db, copy;
  write_speeches(in.path(), "c", 40, 10);
  const std::string dbs = db.path().string();
  // One bucket, so its tables span many blocks and the middle of a table is real data.
  REQUIRE(parasearch::test::run_process(kIndexExe, {"--db", dbs, "--buckets", "1", in.path().string()}).status == 0);

  const ProcessResult sound = run_check({"--db", dbs});
  CHECK(sound.status == 0);
  CHECK(contains(sound.out, "is sound"));
  CHECK(contains(sound.out, "400 paragraphs"));

  fs::copy(db.path(), copy.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  fs::path table;
  for (const auto &entry : fs::recursive_directory_iterator(copy.path()))
    if (entry.path().filename() == "postlist.glass") table = entry.path();
  REQUIRE_FALSE(table.empty());
  const auto size = fs::file_size(table);
  REQUIRE(size >= std::uintmax_t{4} * 8192); // several blocks
  {
    std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2 + 1000));
    const std::string garbage(256, '\xA5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const ProcessResult damaged = run_check({"--db", copy.path().string()});
  INFO(damaged.out << damaged.err);
  CHECK(damaged.status == 4);
  CHECK(contains(damaged.out, "is DAMAGED"));
  CHECK(contains(damaged.out, "postlist"));
  CHECK(contains(damaged.out, "Rebuild it"));
  std::ostringstream report;
  if (!kSanitized) { // the library call, in this process (see run_check for why not under ASan)
    CHECK_FALSE(parasearch::check_index(copy.path(), report));
    CHECK(parasearch::check_index(db.path(), report));
  }
  CHECK(index_is_sound(db.path())); // the original is untouched

  const ProcessResult missing = run_check({"--db", (in / "nope").string()});
  CHECK(missing.status == 4);
  CHECK(contains(missing.err, "no index"));
  CHECK_THROWS_AS(parasearch::check_index(in / "nope", report), parasearch::DatabaseError);
}

TEST_CASE("check: --check finds a paragraph whose stored text is out of order (exit 4)", "[faults][check]") {
  TempDir in, db;
  write_speeches(in.path(), "o", 3, 4);
  const std::string dbs = db.path().string();
  REQUIRE(parasearch::test::run_process(kIndexExe, {"--db", dbs, "--buckets", "1", in.path().string()}).status == 0);
  CHECK(run_check({"--db", dbs}).status == 0);
  fs::path bucket;
  for (const auto &entry : fs::directory_iterator(db.path()))
    if (entry.is_directory()) bucket = entry.path();
  REQUIRE_FALSE(bucket.empty());
  {
    // A stray paragraph 3 of some file after the last file's paragraphs: searches would show a
    // wrong header for it.
    Xapian::WritableDatabase w(bucket.string(), Xapian::DB_OPEN);
    Xapian::Document doc;
    doc.set_data(
        parasearch::detail::encode_paragraph(3, parasearch::detail::file_id("elsewhere.txt"), nullptr, "Stray."));
    doc.add_term("stray");
    w.add_document(doc);
    w.commit();
  }
  const ProcessResult r = run_check({"--db", dbs});
  INFO(r.out << r.err);
  CHECK(r.status == 4);
  CHECK(contains(r.out, "is DAMAGED"));
  CHECK(contains(r.out, "out of order: paragraph 3 where paragraph"));
}

TEST_CASE("faults: a hit whose paragraph 1 is not where the order says still gets its file's header",
          "[faults][records]") {
  TempDir in, db;
  write_speeches(in.path(), "h", 3, 4);
  REQUIRE(parasearch::test::run_process(kIndexExe, {"--db", db.path().string(), in.path().string()}).status == 0);
  // Paragraph 2 of h_speech_1.txt, added again at the end of its bucket: `number - 1` documents back
  // is another file's paragraph, so the header must come from the file's XF posting list.
  const std::string file = "h_speech_1.txt";
  const std::uint64_t id = parasearch::detail::file_id(file);
  fs::path bucket;
  for (const auto &entry : fs::directory_iterator(db.path()))
    if (entry.is_directory() &&
        Xapian::Database(entry.path().string()).term_exists(parasearch::detail::DocumentBuilder::file_term(id)))
      bucket = entry.path();
  REQUIRE_FALSE(bucket.empty());
  {
    Xapian::WritableDatabase w(bucket.string(), Xapian::DB_OPEN);
    Xapian::Document doc;
    doc.set_data(parasearch::detail::encode_paragraph(2, id, nullptr, "Zanzibar, a stray copy."));
    doc.add_boolean_term(parasearch::detail::DocumentBuilder::file_term(id));
    doc.add_term("zanzibar");
    w.add_document(doc);
    w.commit();
  }
  parasearch::Searcher searcher(db.path());
  const auto hits = searcher.search("zanzibar").hits;
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].path == file);
  CHECK(hits[0].paragraph == 2);
  CHECK(hits[0].text == "Zanzibar, a stray copy.");
}

TEST_CASE("check: --check opens the index read-only: it passes a sound index another indexer is writing, and one "
          "it may not write",
          "[faults][check][readonly]") {
  TempDir in, db;
  write_speeches(in.path(), "r", 40, 100);
  const std::string dbs = db.path().string();
  REQUIRE(parasearch::test::run_process(kIndexExe, {"--db", dbs, in.path().string()}).status == 0);

  // Another indexer holds the lock, frozen mid-run (a --full of the same files).
  {
    ChildProcess writer(kIndexExe, {"--db", dbs, "--full", in.path().string()});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!holds_flock(writer.pid(), db.path() / "parasearch.lock") && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(holds_flock(writer.pid(), db.path() / "parasearch.lock"));
    REQUIRE(::kill(writer.pid(), SIGSTOP) == 0);
    const ProcessResult r = run_check({"--db", dbs});
    INFO(r.out << r.err);
    CHECK(r.status == 0);
    CHECK(contains(r.out, "is sound"));
    CHECK(contains(r.out, "4000 paragraphs"));
    REQUIRE(::kill(writer.pid(), SIGCONT) == 0);
    CHECK(writer.wait().status == 0);
  }

  // An index this process may not write: another user's (as root, run the check as "nobody"), else
  // one whose files are read-only.
  const bool root = ::geteuid() == 0;
  if (root) {
    for (const auto &e : fs::recursive_directory_iterator(db.path()))
      fs::permissions(e.path(),
                      e.is_directory() ? fs::perms::others_read | fs::perms::others_exec : fs::perms::others_read,
                      fs::perm_options::add);
    fs::permissions(db.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
  } else {
    for (const auto &e : fs::recursive_directory_iterator(db.path()))
      if (e.is_regular_file()) fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::remove);
  }
  parasearch::test::ProcessOptions as_other;
  as_other.env = {"ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:new_delete_type_mismatch=0"};
  if (root)
    as_other.in_child = [] {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(125);
    };
  // As "nobody", a copy of the tool in a folder anyone may enter: the build tree may be in a home folder
  // nobody else can enter (/root/parasearch on a fresh machine: exit 127, the tool not found).
  TempDir bin;
  std::string exe = kIndexExe;
  if (root) {
    const fs::path copy = bin.path() / "parasearch-index";
    fs::copy_file(kIndexExe, copy);
    fs::permissions(copy, fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    fs::permissions(bin.path(), fs::perms::others_read | fs::perms::others_exec, fs::perm_options::add);
    exe = copy.string();
  }
  const ProcessResult r = parasearch::test::run_process(exe, {"--check", "--db", dbs}, as_other);
  INFO(r.out << r.err);
  CHECK(r.status == 0); // before: "DAMAGED ... Couldn't open ... read/write (Permission denied)"
  CHECK(contains(r.out, "is sound"));
  CHECK(contains(r.out, "4000 paragraphs"));
  if (!root)
    for (const auto &e : fs::recursive_directory_iterator(db.path()))
      if (e.is_regular_file()) fs::permissions(e.path(), fs::perms::owner_write, fs::perm_options::add);
}
