#!/usr/bin/python3
"""What a parasearch index is made of (issue 14, part 4): the size of each Xapian table summed over the
buckets, and what the tables hold, counted exactly: documents and stored-data bytes, and per term kind
(body words, title words, each boolean prefix) the distinct terms, the (term, paragraph) postings and
the positions. The prefixes are read from include/parasearch/schema.hpp, their one definition.

A glass position list is one B-tree entry per (term, paragraph), so the position table's bytes are
shared out in proportion to the postings that carry positions (body and title terms); the postlist
table's are not shared out (its chunks pack many postings per entry, while each one-paragraph term,
such as every Q term, costs a whole entry): the per-kind counts say where to look.

Usage: bench/index_sizes.py [--json] INDEX [RAW_BYTES]
  INDEX      a parasearch index folder (the stub XAPIANDB and its bucket folders)
  RAW_BYTES  the size of the indexed text, to print each table as a fraction of it
Needs Debian's python3-xapian (scripts/deps --bench).
"""
import json
import os
import re
import sys

import xapian

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def prefixes():
    """Term prefix name -> prefix, from include/parasearch/schema.hpp (kPrefixName = "X")."""
    with open(os.path.join(ROOT, "include", "parasearch", "schema.hpp"), encoding="utf-8") as f:
        found = dict(re.findall(r'kPrefix(\w+)\s*=\s*"([^"]+)"', f.read()))
    if "Title" not in found:
        sys.exit("index_sizes: no kPrefixTitle in include/parasearch/schema.hpp")
    return found


def kind_of(term, named):
    """The name of the longest prefix of `term`; 'Body' for a word (no capital first), else 'Other'."""
    best = max((name for name, prefix in named.items() if term.startswith(prefix)),
               key=lambda name: len(named[name]), default=None)
    return best or ("Other" if "A" <= term[:1] <= "Z" else "Body")


def buckets(index):
    """The bucket folders listed in the stub (lines 'glass NAME')."""
    with open(os.path.join(index, "XAPIANDB"), encoding="utf-8") as f:
        return [os.path.join(index, line.split()[1]) for line in f if line.startswith("glass ")]


def main(argv):
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if len(args) not in (1, 2):
        sys.exit(__doc__)
    index = args[0]
    raw = int(args[1]) if len(args) == 2 else 0
    named = prefixes()
    tables, kinds = {}, {}
    docs = data_bytes = 0
    for bucket in buckets(index):
        for name in os.listdir(bucket):
            if name.endswith(".glass"):
                tables[name[:-6]] = tables.get(name[:-6], 0) + os.path.getsize(os.path.join(bucket, name))
        db = xapian.Database(bucket)
        docs += db.get_doccount()
        for did in range(1, db.get_lastdocid() + 1):
            try:
                data_bytes += len(db.get_document(did).get_data())
            except xapian.DocNotFoundError:
                pass
        for t in db.allterms():
            term = t.term.decode("utf-8", "replace")
            k = kinds.setdefault(kind_of(term, named), {"terms": 0, "postings": 0, "positions": 0, "term_bytes": 0})
            k["terms"] += 1
            k["term_bytes"] += len(t.term)
            k["postings"] += t.termfreq
            if k is kinds.get("Body"):
                k["positions"] += db.get_collection_freq(t.term)  # wdf = positions, bar wdf-0 compound ends
            elif k is kinds.get("Title"):
                k["positions"] += sum(sum(1 for _ in p.positer) for p in db.postlist(t.term))
    with_positions = sum(kinds[k]["postings"] for k in ("Body", "Title") if k in kinds)
    for name, k in kinds.items():
        k["position_bytes_share"] = (
            round(tables.get("position", 0) * k["postings"] / with_positions) if name in ("Body", "Title") else 0)
    report = {"documents": docs, "data_bytes": data_bytes, "tables": tables, "terms": kinds, "raw_bytes": raw}
    if as_json:
        print(json.dumps(report, indent=1))
        return
    total = sum(tables.values())
    print(f"{index}: {docs} paragraphs, {total} bytes in {len(buckets(index))} buckets"
          + (f" ({total / raw:.2f}x raw)" if raw else ""))
    for name, size in sorted(tables.items(), key=lambda kv: -kv[1]):
        print(f"  {name:10} {size:>12} bytes {100 * size / total:5.1f}%" + (f" {size / raw:6.3f}x raw" if raw else ""))
    print(f"  stored data: {data_bytes} bytes ({data_bytes / docs:.0f} a paragraph)")
    print(f"  {'kind':8} {'terms':>9} {'postings':>11} {'positions':>11} {'~position bytes':>16}")
    for name, k in sorted(kinds.items(), key=lambda kv: -kv[1]["postings"]):
        print(f"  {name:8} {k['terms']:>9} {k['postings']:>11} {k['positions']:>11} {k['position_bytes_share']:>16}")


if __name__ == "__main__":
    main(sys.argv[1:])
