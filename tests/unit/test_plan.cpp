// The plan of an indexing run (indexer/plan.hpp) on plain values: no database, no files.
#include "common/hash.hpp"
#include "indexer/plan.hpp"

#include <catch2/catch.hpp>

using namespace parasearch::detail;
using parasearch::FileStatus;

namespace {

Candidate file(const std::string &root, const std::string &rel, std::uint64_t size = 10, std::int64_t mtime = 1) {
  Candidate c;
  c.path = root + "/" + rel;
  c.root = root;
  c.root_name = root.substr(root.rfind('/') + 1);
  c.rel = rel;
  c.size = size;
  c.mtime_ns = mtime;
  return c;
}

FileState state(const std::string &path, const std::string &root, std::uint64_t size = 10, std::int64_t mtime = 1) {
  FileState s;
  s.path = path;
  s.root = root;
  s.size = size;
  s.mtime_ns = mtime;
  s.content_hash = 5;
  s.paragraphs = 2;
  return s;
}

// The item planned for `stored`, or null.
const Item *find(const Plan &plan, const std::string &stored) {
  for (const BucketPlan &b : plan.buckets)
    for (const Item &i : b.items)
      if (i.stored == stored) return &i;
  return nullptr;
}

std::size_t rebuilt(const Plan &plan) {
  std::size_t n = 0;
  for (const BucketPlan &b : plan.buckets)
    n += b.rebuild;
  return n;
}

} // namespace

TEST_CASE("plan: stored paths are relative, and same relative paths under two roots get the root's name", "[plan]") {
  CHECK(stored_paths({file("/un/TXT", "Session 50 - 1995/AFG_50_1995.txt")}, {}) ==
        std::vector<std::string>{"Session 50 - 1995/AFG_50_1995.txt"});
  CHECK(stored_paths({file("/un/en", "udhr.txt"), file("/un/fr", "udhr.txt"), file("/un/fr", "only.txt")}, {}) ==
        std::vector<std::string>{"en/udhr.txt", "fr/udhr.txt", "only.txt"});
  // Indexed earlier from another root: the new one gets its root's name, the old one keeps its path.
  CHECK(stored_paths({file("/un/fr", "udhr.txt")}, {state("udhr.txt", "/un/en")}) ==
        std::vector<std::string>{"fr/udhr.txt"});
  CHECK(stored_paths({file("/un/en", "udhr.txt")}, {state("udhr.txt", "/un/en"), state("fr/udhr.txt", "/un/fr")}) ==
        std::vector<std::string>{"udhr.txt"});
  CHECK(stored_paths({file("/un/fr", "udhr.txt")}, {state("udhr.txt", "/un/en"), state("fr/udhr.txt", "/un/fr")}) ==
        std::vector<std::string>{"fr/udhr.txt"});
  // Two roots with the same name: the second falls back to its absolute folder.
  CHECK(stored_paths({file("/a/docs", "x.txt"), file("/b/docs", "x.txt")}, {}) ==
        std::vector<std::string>{"docs/x.txt", "b/docs/x.txt"});
}

TEST_CASE("plan: unchanged, touched, changed, new, removed and kept files", "[plan]") {
  const std::vector<FileState> states = {state("same.txt", "/d"), state("touched.txt", "/d"),
                                         state("changed.txt", "/d"), state("gone.txt", "/d"),
                                         state("elsewhere.txt", "/other")};
  const Plan plan = make_plan({file("/d", "same.txt"), file("/d", "touched.txt", 10, 2),
                               file("/d", "changed.txt", 11, 2), file("/d", "new.txt")},
                              {}, states, {"/d"}, 4);
  REQUIRE(plan.buckets.size() == 4);
  CHECK(find(plan, "same.txt")->action == Item::kKeep);
  CHECK(find(plan, "touched.txt")->action == Item::kCheck);
  CHECK(find(plan, "changed.txt")->action == Item::kRead);
  CHECK(find(plan, "new.txt")->action == Item::kRead);
  CHECK(find(plan, "gone.txt") == nullptr);
  const Item *kept = find(plan, "elsewhere.txt"); // from a folder not walked now: kept, not reported
  REQUIRE(kept);
  CHECK(kept->action == Item::kKeep);
  CHECK_FALSE(kept->reportable());
  REQUIRE(plan.events.size() == 1);
  CHECK(plan.events[0].path == "gone.txt");
  CHECK(plan.events[0].status == FileStatus::kRemoved);
}

TEST_CASE("plan: files the walk could not use rebuild nothing unless they were indexed before", "[plan]") {
  Candidate locked = file("/d", "locked.txt");
  locked.problem = FileStatus::kFailed;
  locked.reason = "cannot open: Permission denied";
  Candidate big = file("/d", "big.txt");
  big.problem = FileStatus::kSkipped;
  big.reason = "too large";
  const Plan fresh = make_plan({locked, big}, {}, {}, {"/d"}, 4);
  CHECK(rebuilt(fresh) == 0);
  CHECK(fresh.events.size() == 2);
  // Indexed before: an unreadable file keeps its paragraphs, a now-skipped one loses them.
  const Plan later = make_plan({locked, big}, {}, {state("locked.txt", "/d"), state("big.txt", "/d")}, {"/d"}, 4);
  CHECK(find(later, "locked.txt")->action == Item::kKeep);
  CHECK(find(later, "big.txt")->action == Item::kRead);
  CHECK(rebuilt(later) == 1);
  CHECK(later.events.empty()); // the rebuild reports big.txt, once
}

TEST_CASE("plan: the same file given twice is planned once, and staged records are compared by content", "[plan]") {
  const Plan twice = make_plan({file("/d", "a.txt"), file("/d", "a.txt")}, {}, {}, {"/d"}, 2);
  REQUIRE(twice.events.size() == 1);
  CHECK(twice.events[0].status == FileStatus::kSkipped);
  FileState rec = state("doc-1", "");
  rec.content_hash = content_hash("text", std::string("title"));
  const Plan staged =
      make_plan({}, {{"doc-1", "text", std::string("title")}, {"doc-2", "more", std::nullopt}}, {rec}, {}, 2);
  CHECK(find(staged, "doc-1")->action == Item::kKeep);
  CHECK(find(staged, "doc-2")->action == Item::kRead);
}

TEST_CASE("plan: a change to at most a quarter of a bucket's bytes is written in place, more is a rebuild", "[plan]") {
  // One bucket of 20 files of 10 bytes.
  std::vector<FileState> states;
  std::vector<Candidate> found;
  for (int i = 0; i < 20; ++i) {
    const std::string name = "f" + std::to_string(i) + ".txt";
    states.push_back(state(name, "/r"));
    found.push_back(file("/r", name));
  }
  auto plan_with = [&](const std::vector<Candidate> &now) { return make_plan(now, {}, states, {"/r"}, 1); };
  CHECK(plan_with(found).buckets[0].small_change()); // nothing changed
  std::vector<Candidate> one = found;
  one[3].size = 12; // changed: 10 bytes out, 12 in, of 200
  CHECK(plan_with(one).buckets[0].rebuild);
  CHECK(plan_with(one).buckets[0].small_change());
  std::vector<Candidate> gone(found.begin() + 1, found.end()); // one removed
  CHECK(plan_with(gone).buckets[0].gone.size() == 1);
  CHECK(plan_with(gone).buckets[0].small_change());
  std::vector<Candidate> many = found;
  for (int i = 0; i < 3; ++i)
    many[i].size = 11; // 3 x (10 + 11) = 63 bytes of 203: over a quarter
  CHECK_FALSE(plan_with(many).buckets[0].small_change());
}
