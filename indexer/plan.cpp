// The plan of a run: identity and stored path of each file, then unchanged / check / read per file,
// removals, and which buckets need a rebuild. Pure: no database, no file system.
#include "indexer/plan.hpp"

#include "common/hash.hpp"

#include <algorithm>
#include <map>
#include <set>

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
  std::uintmax_t total = 0;
  for (const FileState &st : gone)
    changed += st.size, total += st.size;
  for (const Item &item : items) {
    const std::uintmax_t old_size = item.old ? item.old->size : 0;
    total += std::max<std::uintmax_t>(old_size, item.size);
    if (item.action != Item::kKeep) changed += old_size + item.size;
  }
  return changed * 4 <= total;
}

std::vector<std::string> stored_paths(const std::vector<Candidate> &candidates, const std::vector<FileState> &states) {
  std::map<std::string, const FileState *> by_path;
  for (const FileState &st : states)
    by_path[st.path] = &st;
  std::map<std::string, std::set<std::string>> roots_of; // rel -> roots holding it in this run
  for (const Candidate &c : candidates)
    roots_of[c.rel].insert(c.root);
  std::set<std::string> taken;
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
      if (i == 0 && roots_of[c.rel].size() > 1) continue;
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
               const std::vector<std::string> &roots, unsigned buckets) {
  Plan plan;
  plan.buckets.resize(buckets);
  for (unsigned b = 0; b < buckets; ++b)
    plan.buckets[b].index = b;
  auto bucket_of = [&](const std::string &stored) -> BucketPlan & { return plan.buckets[file_id(stored) % buckets]; };
  std::map<std::uint64_t, const FileState *> by_id;
  for (const FileState &st : states)
    by_id[file_id(st.path)] = &st;

  // The same file given twice (same identity) is one file.
  std::set<std::pair<std::string, std::string>> identities;
  std::vector<Candidate> unique;
  for (Candidate &c : candidates) {
    if (!identities.insert({c.root, c.rel}).second && !c.root.empty()) {
      plan.events.push_back({c.rel, FileStatus::kSkipped, "the same path was given twice"});
      continue;
    }
    unique.push_back(std::move(c));
  }
  const std::vector<std::string> names = stored_paths(unique, states);

  std::set<std::uint64_t> seen;
  std::vector<Item> items;
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
  // Files indexed before but not seen: removed if they came from a folder walked now, else kept.
  for (const auto &[id, st] : by_id) {
    if (seen.count(id)) continue;
    const bool gone = !st->root.empty() && std::find(roots.begin(), roots.end(), st->root) != roots.end();
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
  for (Item &item : items) {
    BucketPlan &bucket = bucket_of(item.stored);
    if (item.action == Item::kRead) bucket.rebuild = true;
    bucket.items.push_back(std::move(item));
  }
  for (BucketPlan &bucket : plan.buckets)
    std::sort(bucket.items.begin(), bucket.items.end(),
              [](const Item &a, const Item &b) { return a.stored < b.stored; });
  return plan;
}

} // namespace parasearch::detail
