// The plan of an indexing run (indexer/plan.hpp) on plain values: no database, no files.
#include "common/hash.hpp"
#include "indexer/plan.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

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
                              {}, states, {{"/d", ""}}, 4);
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
  const Plan fresh = make_plan({locked, big}, {}, {}, {{"/d", ""}}, 4);
  CHECK(rebuilt(fresh) == 0);
  CHECK(fresh.events.size() == 2);
  // Indexed before: an unreadable file keeps its paragraphs, a now-skipped one loses them.
  const Plan later = make_plan({locked, big}, {}, {state("locked.txt", "/d"), state("big.txt", "/d")}, {{"/d", ""}}, 4);
  CHECK(find(later, "locked.txt")->action == Item::kKeep);
  CHECK(find(later, "big.txt")->action == Item::kRead);
  CHECK(rebuilt(later) == 1);
  CHECK(later.events.empty()); // the rebuild reports big.txt, once
}

TEST_CASE("plan: the same file given twice is planned once, and staged records are compared by content", "[plan]") {
  const Plan twice = make_plan({file("/d", "a.txt"), file("/d", "a.txt")}, {}, {}, {{"/d", ""}}, 2);
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
  auto plan_with = [&](const std::vector<Candidate> &now) { return make_plan(now, {}, states, {{"/r", ""}}, 1); };
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
  // A plan of files given by name holds only them: the rest of the bucket counts as untracked bytes.
  BucketPlan partial = plan_with(many).buckets[0];
  partial.untracked_bytes = 1000;
  CHECK(partial.small_change());
}

TEST_CASE("plan: the stored paths a file given by name may have, for every folder above it", "[plan][named]") {
  // Roots /a/b, /a and / (whose name is empty: "/" + rel), innermost first, each form once.
  CHECK(stored_forms("/a/b/c.txt") == std::vector<std::string>{"c.txt", "b/c.txt", "a/b/c.txt", "/a/b/c.txt"});
  const auto forms = stored_forms("/data/un/s1/f.txt");
  const std::set<std::string> got(forms.begin(), forms.end());
  CHECK(got.size() == forms.size()); // no duplicates
  // What stored_paths gives a file of each root: rel, root_name/rel, root without '/' + rel.
  for (const auto &[root, rel] : std::vector<std::pair<std::string, std::string>>{
           {"/data/un/s1", "f.txt"}, {"/data/un", "s1/f.txt"}, {"/data", "un/s1/f.txt"}}) {
    const std::string name = root.substr(root.rfind('/') + 1);
    CHECK(got.count(rel) == 1);
    CHECK(got.count(name + "/" + rel) == 1);
    CHECK(got.count(root.substr(1) + "/" + rel) == 1);
  }
}

namespace {

// A file given by name (its folder is its root unless it lies in a recorded root).
Candidate named(const std::string &folder, const std::string &name, std::uint64_t size = 10, std::int64_t mtime = 1) {
  Candidate c = file(folder, name, size, mtime);
  c.named = true;
  return c;
}

// A run as the indexer plans it: the walk's candidates adopted by recorded roots, then the plan.
Plan plan_run(std::vector<Candidate> found, const std::vector<std::string> &walked,
              const std::vector<FileState> &states, const std::set<std::string> &present = {}) {
  const std::vector<Scope> scopes = adopt_recorded_roots(found, walked, states);
  return make_plan(std::move(found), {}, states, scopes, 4, present);
}

std::vector<std::string> removed(const Plan &plan) {
  std::vector<std::string> out;
  for (const auto &ev : plan.events)
    if (ev.status == FileStatus::kRemoved) out.push_back(ev.path);
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace

TEST_CASE("plan: a stored path reads as its relative path, or without its root's name or absolute path", "[plan]") {
  CHECK(readings(state("s1/a.txt", "/x/c")) == std::vector<std::string>{"s1/a.txt"});
  CHECK(readings(state("c/s1/a.txt", "/x/c")) == std::vector<std::string>{"c/s1/a.txt", "s1/a.txt"});
  CHECK(readings(state("x/c/s1/a.txt", "/x/c")) == std::vector<std::string>{"x/c/s1/a.txt", "s1/a.txt"});
  CHECK(readings(state("doc-1", "")) == std::vector<std::string>{"doc-1"});
}

TEST_CASE("plan: a file named inside a recorded root keeps its identity and stored path", "[plan][named]") {
  const std::vector<FileState> states = {state("s1/a.txt", "/w/c"), state("s2/b.txt", "/w/c")};
  std::vector<Candidate> found = {named("/w/c/s1", "a.txt", 11, 2)};
  const std::vector<Scope> scopes = adopt_recorded_roots(found, {}, states);
  CHECK(scopes.empty());
  CHECK(found[0].root == "/w/c");
  CHECK(found[0].root_name == "c");
  CHECK(found[0].rel == "s1/a.txt");
  CHECK(found[0].path == "/w/c/s1/a.txt"); // still read from where it was given

  const Plan plan = plan_run({named("/w/c/s1", "a.txt", 11, 2)}, {}, states);
  CHECK(find(plan, "a.txt") == nullptr); // no second document
  const Item *a = find(plan, "s1/a.txt");
  REQUIRE(a);
  CHECK(a->action == Item::kRead);
  REQUIRE(a->old);
  CHECK(a->old->path == "s1/a.txt");
  CHECK(a->root == "/w/c");
  CHECK(a->reportable());
  const Item *b = find(plan, "s2/b.txt"); // the rest of the root is kept, and not reported
  REQUIRE(b);
  CHECK(b->action == Item::kKeep);
  CHECK_FALSE(b->reportable());
  CHECK(plan.events.empty());
  CHECK(rebuilt(plan) == 1);
  // Unchanged: kept. A new file named there gets its place in the root too.
  CHECK(find(plan_run({named("/w/c/s1", "a.txt")}, {}, states), "s1/a.txt")->action == Item::kKeep);
  CHECK(find(plan_run({named("/w/c/s1/deep", "n.txt")}, {}, states), "s1/deep/n.txt")->action == Item::kRead);
}

TEST_CASE("plan: a file named that is gone from disk is removed if a recorded root holds it", "[plan][named]") {
  const std::vector<FileState> states = {state("s1/a.txt", "/w/c"), state("s2/b.txt", "/w/c")};
  // As the walk reports a path that does not exist: no root, the path as given, and its absolute path.
  auto gone = [](const std::string &given, const std::string &absolute) {
    Candidate c;
    c.path = given;
    c.rel = given;
    c.problem = FileStatus::kFailed;
    c.reason = "no such file or folder";
    c.missing = absolute;
    return c;
  };
  const Plan plan = plan_run({gone("c/s1/a.txt", "/w/c/s1/a.txt")}, {}, states);
  CHECK(removed(plan) == std::vector<std::string>{"s1/a.txt"});
  CHECK(find(plan, "s1/a.txt") == nullptr);
  CHECK(find(plan, "s2/b.txt")->action == Item::kKeep); // the rest of the root stays
  CHECK(rebuilt(plan) == 1);
  // Not held (never indexed, or outside every recorded root): the failure it always was.
  for (const Candidate &c : {gone("c/s1/x.txt", "/w/c/s1/x.txt"), gone("d/a.txt", "/w/d/a.txt")}) {
    const Plan other = plan_run({c}, {}, states);
    REQUIRE(other.events.size() == 1);
    CHECK(other.events[0].status == FileStatus::kFailed);
    CHECK(other.events[0].path == c.path); // named as given
    CHECK(rebuilt(other) == 0);
  }
}

TEST_CASE("plan: a subfolder walked inside a recorded root removes its deleted files only", "[plan][named]") {
  const std::vector<FileState> states = {state("s1/a.txt", "/w/c"),      state("s1/x.txt", "/w/c"),
                                         state("s1/deep/d.txt", "/w/c"), state("s10/c.txt", "/w/c"),
                                         state("s2/b.txt", "/w/c"),      state("top.txt", "/w/c")};
  std::vector<Candidate> found = {file("/w/c/s1", "x.txt"), file("/w/c/s1", "new.txt")};
  const std::vector<Scope> scopes = adopt_recorded_roots(found, {"/w/c/s1"}, states);
  REQUIRE(scopes.size() == 1);
  CHECK(scopes[0].root == "/w/c");
  CHECK(scopes[0].sub == "s1");
  CHECK(found[0].rel == "s1/x.txt");
  CHECK(found[1].rel == "s1/new.txt");

  const Plan plan = plan_run({file("/w/c/s1", "x.txt"), file("/w/c/s1", "new.txt")}, {"/w/c/s1"}, states);
  CHECK(removed(plan) == std::vector<std::string>{"s1/a.txt", "s1/deep/d.txt"});
  CHECK(find(plan, "s1/x.txt")->action == Item::kKeep);
  CHECK(find(plan, "s1/new.txt")->action == Item::kRead);
  for (const char *kept : {"s10/c.txt", "s2/b.txt", "top.txt"}) { // outside s1 (s10 only shares a prefix)
    INFO(kept);
    const Item *item = find(plan, kept);
    REQUIRE(item);
    CHECK(item->action == Item::kKeep);
    CHECK_FALSE(item->reportable());
  }
  // The recorded root itself walked: as before, every file of it not found is removed.
  CHECK(removed(plan_run({file("/w/c", "s1/x.txt")}, {"/w/c"}, states)).size() == 5);
}

TEST_CASE("plan: of nested recorded roots, the innermost that holds the file wins, else the innermost",
          "[plan][named]") {
  // /w/c walked once (s1/a.txt, s1/outer.txt, s1/deep/d.txt), and /w/c/s1 on its own (a.txt).
  const std::vector<FileState> states = {state("s1/a.txt", "/w/c"), state("s1/outer.txt", "/w/c"),
                                         state("s1/deep/d.txt", "/w/c"), state("a.txt", "/w/c/s1")};
  std::vector<Candidate> found = {named("/w/c/s1", "a.txt"), named("/w/c/s1", "outer.txt"), named("/w/c/s1", "new.txt"),
                                  file("/w/c/s1/deep", "d.txt"), file("/w/c/s1/other", "o.txt")};
  const std::vector<Scope> scopes = adopt_recorded_roots(found, {"/w/c/s1/deep", "/w/c/s1/other", "/w/c/s1"}, states);
  CHECK((found[0].root == "/w/c/s1" && found[0].rel == "a.txt")); // both hold it: the innermost
  CHECK((found[1].root == "/w/c" && found[1].rel == "s1/outer.txt"));
  CHECK((found[2].root == "/w/c/s1" && found[2].rel == "new.txt")); // held by neither: the innermost
  CHECK((found[3].root == "/w/c" && found[3].rel == "s1/deep/d.txt"));
  CHECK((found[4].root == "/w/c/s1" && found[4].rel == "other/o.txt"));
  REQUIRE(scopes.size() == 3);
  CHECK((scopes[0].root == "/w/c" && scopes[0].sub == "s1/deep"));
  CHECK((scopes[1].root == "/w/c/s1" && scopes[1].sub == "other"));
  CHECK((scopes[2].root == "/w/c/s1" && scopes[2].sub.empty())); // a recorded root walked is its own
}

TEST_CASE("plan: paths outside every recorded root keep their own identity", "[plan][named]") {
  const std::vector<FileState> states = {state("s1/a.txt", "/w/c")};
  std::vector<Candidate> found = {named("/w/c2/s1", "a.txt"), named("/w", "a.txt"), file("/w/c2", "s1/a.txt")};
  const std::vector<Scope> scopes = adopt_recorded_roots(found, {"/w/c2"}, states);
  CHECK((found[0].root == "/w/c2/s1" && found[0].rel == "a.txt")); // /w/c is no ancestor of /w/c2
  CHECK((found[1].root == "/w" && found[1].rel == "a.txt"));
  CHECK((found[2].root == "/w/c2" && found[2].rel == "s1/a.txt"));
  REQUIRE(scopes.size() == 1);
  CHECK((scopes[0].root == "/w/c2" && scopes[0].sub.empty()));
  const Plan plan = plan_run({named("/w", "a.txt")}, {}, states);
  CHECK(find(plan, "a.txt")->action == Item::kRead);
  CHECK(find(plan, "s1/a.txt")->action == Item::kKeep);
  CHECK(removed(plan).empty());
  // A path that does not exist has no identity to adopt.
  Candidate missing;
  missing.rel = "/w/c/s1/gone.txt";
  missing.problem = FileStatus::kFailed;
  std::vector<Candidate> none = {missing};
  adopt_recorded_roots(none, {}, states);
  CHECK((none[0].root.empty() && none[0].rel == "/w/c/s1/gone.txt"));
}

TEST_CASE("plan: two roots with the same relative paths, one file named and one subfolder walked", "[plan][named]") {
  // en/ and fr/ indexed together: every stored path has its root's name in front.
  const std::vector<FileState> states = {state("en/udhr.txt", "/un/en"), state("fr/udhr.txt", "/un/fr"),
                                         state("en/sub/a.txt", "/un/en"), state("fr/sub/a.txt", "/un/fr"),
                                         state("en/sub/b.txt", "/un/en")};
  const Plan one = plan_run({named("/un/fr", "udhr.txt", 11, 2)}, {}, states);
  CHECK(find(one, "udhr.txt") == nullptr);
  CHECK(find(one, "fr/udhr.txt")->action == Item::kRead);
  CHECK(find(one, "en/udhr.txt")->action == Item::kKeep);
  CHECK(find(plan_run({named("/un/fr/sub", "a.txt", 11, 2)}, {}, states), "fr/sub/a.txt")->action == Item::kRead);

  // en/sub walked, a.txt deleted: "en/sub/a.txt" reads as sub/a.txt (inside) or as en/sub/a.txt
  // (outside: /un/en/en/sub/a.txt). The planner asks which exists.
  std::vector<Candidate> found = {file("/un/en/sub", "b.txt")};
  const std::vector<Scope> scopes = adopt_recorded_roots(found, {"/un/en/sub"}, states);
  CHECK(found[0].rel == "sub/b.txt");
  CHECK(paths_to_probe(states, scopes) ==
        std::vector<std::string>{"/un/en/en/sub/a.txt", "/un/en/en/sub/b.txt"}); // (udhr.txt is outside either way)
  const Plan gone = plan_run({file("/un/en/sub", "b.txt")}, {"/un/en/sub"}, states);
  CHECK(removed(gone) == std::vector<std::string>{"en/sub/a.txt"});
  CHECK(find(gone, "en/sub/b.txt")->action == Item::kKeep);
  CHECK(find(gone, "fr/sub/a.txt")->action == Item::kKeep);
  CHECK(find(gone, "en/udhr.txt")->action == Item::kKeep);
  // If /un/en/en/sub/a.txt exists, that is the file (outside sub/): kept.
  const Plan there = plan_run({file("/un/en/sub", "b.txt")}, {"/un/en/sub"}, states, {"/un/en/en/sub/a.txt"});
  CHECK(removed(there).empty());
  CHECK(find(there, "en/sub/a.txt")->action == Item::kKeep);
}

TEST_CASE("plan: each bucket's items are sorted by stored path, whatever order the walk gave", "[plan]") {
  // A walk goes folder by folder: "a/x" comes before "a b/x", which sorts first (' ' < '/').
  std::vector<Candidate> walked;
  std::vector<FileState> states;
  for (const std::string folder : {"a", "a b", "a-b", "b"})
    for (int i = 0; i < 40; ++i) {
      const std::string rel = folder + "/f" + std::to_string(i) + ".txt";
      walked.push_back(file("/r", rel));
      if (i % 3 == 0) states.push_back(state(rel, "/r"));
    }
  for (int i = 0; i < 30; ++i) // recorded, not walked now, not under the walked root: kept
    states.push_back(state("z" + std::to_string(i) + ".txt", "/other"));
  std::reverse(walked.begin() + 10, walked.end());
  const Plan plan = make_plan(walked, {}, states, {Scope{"/r", ""}}, 4, {});
  std::size_t items = 0;
  for (const BucketPlan &b : plan.buckets) {
    items += b.items.size();
    CHECK(std::is_sorted(b.items.begin(), b.items.end(),
                         [](const Item &x, const Item &y) { return x.stored < y.stored; }));
  }
  CHECK(items == walked.size() + 30);
}

TEST_CASE("plan: files removed are reported in the order of their ids, every run alike", "[plan]") {
  std::vector<FileState> states;
  states.reserve(50);
  for (int i = 0; i < 50; ++i)
    states.push_back(state("gone" + std::to_string(i) + ".txt", "/r"));
  const Plan plan = make_plan({file("/r", "kept.txt")}, {}, states, {Scope{"/r", ""}}, 8, {});
  std::vector<std::uint64_t> ids;
  for (const parasearch::FileEvent &ev : plan.events) {
    CHECK(ev.status == FileStatus::kRemoved);
    ids.push_back(file_id(ev.path));
  }
  CHECK(ids.size() == 50);
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  std::reverse(states.begin(), states.end());
  const Plan again = make_plan({file("/r", "kept.txt")}, {}, states, {Scope{"/r", ""}}, 8, {});
  REQUIRE(again.events.size() == plan.events.size());
  for (std::size_t i = 0; i < plan.events.size(); ++i)
    CHECK(again.events[i].path == plan.events[i].path);
}
