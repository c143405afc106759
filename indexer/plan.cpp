// The plan of a run: identity and stored path of each file, then unchanged / check / read per file,
// removals, and which buckets need a rebuild. Pure: no database, no file system.
#include "indexer/plan.hpp"

#include "common/hash.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace parasearch::detail {

std::uint64_t content_hash(std::string_view bytes, const std::optional<std::string> &title) {
  const std::uint64_t h = fnv1a64(bytes);
  return title ? fnv1a64(*title, h ^ 0x9e3779b97f4a7c15ULL) : h;
}

bool BucketPlan::needs_work() const {
  return rebuild || std::any_of(items.begin(), items.end(), [](const Item &i) { return i.action == Item::kCheck; });
}

bool BucketPlan::small_change() const {
  std::uintmax_t changed = 0;
  std::uintmax_t total = untracked_bytes;
  for (const FileState &st : gone)
    changed += st.size, total += st.size;
  for (const Item &item : items) {
    const std::uintmax_t old_size = item.old ? item.old->size : 0;
    total += std::max<std::uintmax_t>(old_size, item.size);
    if (item.action != Item::kKeep) changed += old_size + item.size;
  }
  return changed * 4 <= total;
}

namespace {

// `root`/`rel` (`root` is absolute).
std::string join(const std::string &root, const std::string &rel) {
  return root.ends_with('/') ? root + rel : root + "/" + rel;
}

// The last component of the absolute folder `root` ("" for "/").
std::string name_of(const std::string &root) { return root.substr(root.rfind('/') + 1); }

// True if `rel` lies in the folder `sub` (relative paths; "" is the whole root).
bool in_folder(std::string_view rel, std::string_view sub) {
  return sub.empty() || (rel.size() > sub.size() && rel.starts_with(sub) && rel[sub.size()] == '/');
}

// True if `f` holds for one of the relative paths that `st`'s stored path can stand for (readings),
// tried without copying them.
template <class F> bool any_reading(const FileState &st, F &&f) {
  const std::string_view path = st.path;
  if (f(path)) return true;
  if (st.root.empty()) return false;
  std::string_view abs_root = st.root;
  const std::string_view name = abs_root.substr(abs_root.rfind('/') + 1);
  while (abs_root.starts_with('/'))
    abs_root.remove_prefix(1);
  for (const std::string_view prefix : {name, abs_root}) {
    if (prefix.empty() || path.size() <= prefix.size() + 1 || !path.starts_with(prefix) || path[prefix.size()] != '/')
      continue;
    if (f(path.substr(prefix.size() + 1))) return true;
  }
  return false;
}

} // namespace

std::vector<std::string> readings(const FileState &st) {
  std::vector<std::string> out;
  any_reading(st, [&](std::string_view r) {
    if (std::find(out.begin(), out.end(), r) == out.end()) out.emplace_back(r);
    return false;
  });
  return out;
}

std::vector<std::string> stored_forms(const std::string &path) {
  std::vector<std::string> out;
  for (std::string up = path; up.size() > 1;) { // each folder above `path`, innermost first
    const std::size_t slash = up.rfind('/');
    if (slash == std::string::npos) break;
    up = slash == 0 ? "/" : up.substr(0, slash);
    const std::string rel = path.substr(up == "/" ? 1 : up.size() + 1);
    std::string abs_root = up;
    while (abs_root.starts_with("/"))
      abs_root.erase(0, 1);
    for (std::string form : {rel, name_of(up) + "/" + rel, abs_root + "/" + rel})
      if (std::find(out.begin(), out.end(), form) == out.end()) out.push_back(std::move(form));
  }
  return out;
}

std::vector<Scope> adopt_recorded_roots(std::vector<Candidate> &candidates, const std::vector<std::string> &walked,
                                        const std::vector<FileState> &states,
                                        const std::vector<std::string> &more_roots) {
  std::unordered_set<std::string_view> recorded; // the roots the index records (in-memory documents have none)
  for (const FileState &st : states)
    if (!st.root.empty()) recorded.insert(st.root);
  for (const std::string &root : more_roots)
    if (!root.empty()) recorded.insert(root);
  std::unordered_map<std::string_view, const FileState *> by_path; // filled when a file given by name needs it
  // True if root `root` holds a file with relative path `rel`: one of its three stored forms is stored.
  auto holds_file = [&](const std::string &root, const std::string &rel) {
    if (by_path.empty())
      for (const FileState &st : states)
        by_path.emplace(st.path, &st);
    std::string abs_root = root;
    while (abs_root.starts_with("/"))
      abs_root.erase(0, 1);
    for (const std::string &form : {rel, name_of(root) + "/" + rel, abs_root + "/" + rel}) {
      const auto it = by_path.find(form);
      if (it != by_path.end() && it->second->root == root &&
          any_reading(*it->second, [&](std::string_view r) { return r == rel; }))
        return true;
    }
    return false;
  };
  // True if root `root` holds a file in its folder `sub`.
  auto holds_folder = [&](const std::string &root, const std::string &sub) {
    return std::any_of(states.begin(), states.end(), [&](const FileState &st) {
      return st.root == root && any_reading(st, [&](std::string_view r) { return in_folder(r, sub); });
    });
  };
  struct Choice {
    std::string root, rel;
  };
  // The identity of the absolute path `x` (a folder walked, or a file given by name), if it lies in
  // a recorded root (a folder walked may also be one itself).
  auto choose = [&](const std::string &x, bool folder) -> std::optional<Choice> {
    std::optional<Choice> innermost;
    for (std::string up = x;;) { // x, then each ancestor, innermost first
      if (recorded.count(up) > 0 && (up != x || folder)) {
        const std::string rel = up == x ? std::string() : x.substr(up.ends_with('/') ? up.size() : up.size() + 1);
        if (folder ? holds_folder(up, rel) : holds_file(up, rel)) return Choice{up, rel};
        if (!innermost) innermost = Choice{up, rel};
      }
      const std::size_t slash = up.rfind('/');
      if (slash == std::string::npos || up == "/") break;
      up = slash == 0 ? "/" : up.substr(0, slash);
    }
    return innermost;
  };
  std::map<std::string, Choice> of_walked;
  std::vector<Scope> scopes;
  for (const std::string &g : walked) {
    const std::optional<Choice> c = choose(g, true);
    scopes.push_back(c ? Scope{c->root, c->rel} : Scope{g, {}});
    if (c) of_walked.emplace(g, *c);
  }
  for (Candidate &c : candidates) {
    if (c.root.empty()) { // a path that does not exist: a file the index holds there was deleted
      if (c.missing.empty()) continue;
      for (std::string up = c.missing; up.size() > 1;) { // its innermost recorded root that holds it
        const std::size_t slash = up.rfind('/');
        if (slash == std::string::npos) break;
        up = slash == 0 ? "/" : up.substr(0, slash);
        const std::string rel = c.missing.substr(up == "/" ? 1 : up.size() + 1);
        if (recorded.count(up) > 0 && holds_file(up, rel)) {
          c.root = up;
          c.root_name = name_of(up);
          c.rel = rel;
          c.problem = FileStatus::kRemoved;
          break;
        }
      }
      continue;
    }
    std::optional<Choice> to;
    if (c.named) {
      to = choose(join(c.root, c.rel), false);
    } else if (const auto it = of_walked.find(c.root); it != of_walked.end() && !it->second.rel.empty()) {
      // (a folder given that cannot be listed is reported under its path as given: keep that)
      if (c.problem == FileStatus::kIndexed || c.path != c.rel)
        to = Choice{it->second.root, it->second.rel + "/" + c.rel};
    }
    if (!to || (to->root == c.root && to->rel == c.rel)) continue;
    c.root = std::move(to->root);
    c.rel = std::move(to->rel);
    c.root_name = name_of(c.root);
  }
  return scopes;
}

namespace {

// For a recorded file and a walked subfolder of its root: whether a reading lies inside the subfolder,
// and if so the absolute paths of its readings outside it.
struct Split {
  bool inside = false;
  std::vector<std::string> outside;
};

Split split(const FileState &st, const Scope &scope) {
  Split out;
  bool outside = false;
  any_reading(st, [&](std::string_view r) {
    (in_folder(r, scope.sub) ? out.inside : outside) = true;
    return false;
  });
  if (out.inside && outside) // copied only for a stored path that reads both ways
    for (const std::string &r : readings(st))
      if (!in_folder(r, scope.sub)) out.outside.push_back(join(st.root, r));
  return out;
}

// Sorts `items` by stored path, moving each item once (an Item is 376 bytes: sorting them in
// place moved each one about log n times), and not at all when the walk found them in order.
void sort_by_stored(std::vector<Item> &items) {
  const auto by_stored = [](const Item &a, const Item &b) { return a.stored < b.stored; };
  if (std::is_sorted(items.begin(), items.end(), by_stored)) return;
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return by_stored(items[a], items[b]); });
  std::vector<Item> sorted;
  sorted.reserve(items.size());
  for (const std::size_t i : order)
    sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

} // namespace

std::vector<std::string> paths_to_probe(const std::vector<FileState> &states, const std::vector<Scope> &scopes) {
  std::vector<std::string> out;
  for (const Scope &scope : scopes) {
    if (scope.sub.empty()) continue;
    for (const FileState &st : states) {
      if (st.root != scope.root) continue;
      Split s = split(st, scope);
      if (s.inside) out.insert(out.end(), s.outside.begin(), s.outside.end());
    }
  }
  return out;
}

std::vector<std::string> stored_paths(const std::vector<Candidate> &candidates, const std::vector<FileState> &states) {
  // Hash maps over views of `states` and `candidates` (neither changes here): trees of strings made a
  // rescan of 105,680 files grow faster than the number of files.
  std::unordered_map<std::string_view, const FileState *> by_path;
  by_path.reserve(states.size());
  for (const FileState &st : states)
    by_path[st.path] = &st;
  // The relative paths that two roots of this run hold (each stored under its root's name then).
  std::unordered_map<std::string_view, std::string_view> first_root;
  std::unordered_set<std::string_view> shared_rel;
  if (std::any_of(candidates.begin(), candidates.end(),
                  [&](const Candidate &c) { return c.root != candidates.front().root; })) {
    for (const Candidate &c : candidates) {
      const auto [it, added] = first_root.try_emplace(c.rel, c.root);
      if (!added && it->second != c.root) shared_rel.insert(c.rel);
    }
  }
  std::unordered_set<std::string> taken;
  taken.reserve(candidates.size());
  std::vector<std::string> out;
  out.reserve(candidates.size());
  for (const Candidate &c : candidates) {
    std::string abs_root = c.root;
    while (abs_root.starts_with("/"))
      abs_root.erase(0, 1);
    const std::vector<std::string> names = {c.rel, c.root_name + "/" + c.rel, abs_root + "/" + c.rel};
    std::string chosen;
    for (const std::string &n : names) { // the path the index already has for this file
      const auto it = by_path.find(n);
      if (it != by_path.end() && (it->second->root == c.root || it->second->root.empty())) {
        chosen = n;
        break;
      }
    }
    for (std::size_t i = 0; chosen.empty() && i < names.size(); ++i) { // else the first free one
      if (i == 0 && shared_rel.count(c.rel)) continue;
      if (i == 1 && c.root_name.empty()) continue;
      if (by_path.count(names[i]) || taken.count(names[i])) continue;
      chosen = names[i];
    }
    if (chosen.empty()) chosen = names.back();
    taken.insert(chosen);
    out.push_back(chosen);
  }
  return out;
}

Plan make_plan(std::vector<Candidate> candidates, std::vector<Staged> staged, const std::vector<FileState> &states,
               const std::vector<Scope> &scopes, unsigned buckets, const std::set<std::string> &present) {
  Plan plan;
  plan.buckets.resize(buckets);
  for (unsigned b = 0; b < buckets; ++b)
    plan.buckets[b].index = b;
  auto bucket_of = [&](const std::string &stored) -> BucketPlan & { return plan.buckets[file_id(stored) % buckets]; };
  // Hash maps and sets, not trees: a rescan of 105,680 files spent a fifth of its time in them.
  std::unordered_map<std::uint64_t, const FileState *> by_id;
  by_id.reserve(states.size());
  for (const FileState &st : states)
    by_id[file_id(st.path)] = &st; // the last state of an id, as before

  // The same file given twice (same identity) is one file.
  std::unordered_set<std::string> identities;
  identities.reserve(candidates.size());
  std::vector<Candidate> unique;
  unique.reserve(candidates.size());
  for (Candidate &c : candidates) {
    std::string identity = c.root;
    identity += '\0'; // in no path
    identity += c.rel;
    if (!identities.insert(std::move(identity)).second && !c.root.empty()) {
      plan.events.push_back({c.rel, FileStatus::kSkipped, "the same path was given twice"});
      continue;
    }
    unique.push_back(std::move(c));
  }
  const std::vector<std::string> names = stored_paths(unique, states);

  std::unordered_set<std::uint64_t> seen;
  seen.reserve(unique.size() + staged.size());
  std::vector<Item> items;
  items.reserve(unique.size() + staged.size());
  for (std::size_t i = 0; i < unique.size(); ++i) {
    Candidate &c = unique[i];
    Item item;
    item.stored = names[i];
    item.source = std::move(c.path);
    item.root = std::move(c.root);
    item.problem = c.problem;
    item.reason = std::move(c.reason);
    item.size = c.size;
    item.mtime_ns = c.mtime_ns;
    const std::uint64_t id = file_id(item.stored);
    if (!seen.insert(id).second) {
      plan.events.push_back(
          {item.stored, FileStatus::kSkipped, "the same path was given twice (or two paths share a hash)"});
      continue;
    }
    if (auto it = by_id.find(id); it != by_id.end()) item.old = *it->second;
    if (item.problem == FileStatus::kRemoved) { // named, gone from disk, held by the index
      if (item.old) {
        BucketPlan &bucket = bucket_of(item.stored);
        bucket.rebuild = true;
        bucket.gone.push_back(*item.old);
        plan.events.push_back({item.stored, FileStatus::kRemoved, {}});
      }
      continue;
    }
    if (item.problem == FileStatus::kFailed && item.old) { // NOLINT(bugprone-branch-clone): two reasons to keep
      item.action = Item::kKeep;                           // unreadable now: keep what was indexed
    } else if (item.problem != FileStatus::kIndexed) {
      if (!item.old) {
        plan.events.push_back({item.stored, item.problem, item.reason});
        continue;
      }
      item.action = Item::kRead; // skipped now (e.g. too large): its old paragraphs go; the rebuild reports it
    } else if (item.old && item.old->size == item.size && item.old->mtime_ns == item.mtime_ns) {
      item.action = Item::kKeep;
    } else if (item.old && item.old->size == item.size) {
      item.action = Item::kCheck;
    } else {
      item.action = Item::kRead;
    }
    items.push_back(std::move(item));
  }
  for (Staged &s : staged) {
    const std::uint64_t id = file_id(s.id);
    if (!seen.insert(id).second) {
      plan.events.push_back({s.id, FileStatus::kSkipped, "a record with the same id came earlier"});
      continue;
    }
    Item item;
    item.stored = std::move(s.id);
    item.size = s.bytes.size();
    item.title = std::move(s.title);
    if (auto it = by_id.find(id); it != by_id.end()) item.old = *it->second;
    const bool same = item.old && item.old->content_hash == content_hash(s.bytes, item.title);
    item.memory = std::move(s.bytes);
    item.action = same ? Item::kKeep : Item::kRead;
    items.push_back(std::move(item));
  }
  // Files indexed before but not seen: removed if they lie in a folder walked now, else kept. A stored
  // path that reads as inside a walked subfolder and as outside it is the file outside if that exists.
  auto walked_now = [&](const FileState &st) {
    if (st.root.empty()) return false;
    return std::any_of(scopes.begin(), scopes.end(), [&](const Scope &scope) {
      if (scope.root != st.root) return false;
      if (scope.sub.empty()) return true;
      const Split s = split(st, scope);
      return s.inside && std::none_of(s.outside.begin(), s.outside.end(),
                                      [&](const std::string &p) { return present.count(p) > 0; });
    });
  };
  std::vector<std::pair<std::uint64_t, const FileState *>> unseen; // in the order of their ids, as before
  for (const auto &[id, st] : by_id)
    if (!seen.count(id)) unseen.emplace_back(id, st);
  std::sort(unseen.begin(), unseen.end());
  for (const auto &[id, st] : unseen) {
    const bool gone = walked_now(*st);
    BucketPlan &bucket = bucket_of(st->path);
    if (gone) {
      bucket.rebuild = true;
      bucket.gone.push_back(*st);
      plan.events.push_back({st->path, FileStatus::kRemoved, {}});
    } else {
      Item keep;
      keep.stored = st->path;
      keep.root = st->root;
      keep.old = *st;
      keep.action = Item::kKeep;
      keep.size = st->size;
      keep.mtime_ns = st->mtime_ns;
      bucket.items.push_back(std::move(keep));
    }
  }
  std::vector<std::size_t> counts(buckets, 0);
  for (const Item &item : items)
    ++counts[file_id(item.stored) % buckets];
  for (unsigned b = 0; b < buckets; ++b)
    plan.buckets[b].items.reserve(plan.buckets[b].items.size() + counts[b]);
  for (Item &item : items) {
    BucketPlan &bucket = bucket_of(item.stored);
    if (item.action == Item::kRead) bucket.rebuild = true;
    bucket.items.push_back(std::move(item));
  }
  for (BucketPlan &bucket : plan.buckets)
    sort_by_stored(bucket.items);
  return plan;
}

} // namespace parasearch::detail
