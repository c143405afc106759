#!/usr/bin/python3
"""Cost curves to k times the UN General Debate Corpus (issue 13, part 2): `scripts/bench --scale`.

For each factor k it builds a corpus of k varied copies of the UN corpus (copy-01/Session 50 - 1995/...,
each copy's text lightly and deterministically changed: in some lines one inner word dropped or two
swapped, so no copy is a byte-identical duplicate and term statistics differ a little; line structure
and line ends are kept), then measures through the command-line tools only:
  - the full index build (parasearch-index --full, default jobs), done --builds times from nothing (the
    median shown: one build of a shared machine can be off by 10-35 %): wall seconds, cpu seconds (user +
    system) and peak RSS (wall clock, and the child's own peak RSS from os.wait4, as /usr/bin/time -f %M
    gives it), the cpu seconds of merging each bucket's segments (the summary's merge_cpu_seconds: a
    k-way merge, the one step whose cost per paragraph grows with the bucket, shown without a verdict),
    paragraphs, index size (du -sb) over raw corpus bytes;
  - query p50/p95 of bench/queries.txt (parasearch-query-bench: one untimed warm-up pass, then one
    timed pass; on one thread and on all cores; the median of --rounds rounds);
  - three one-file updates, each one parasearch-index run naming the file inside the indexed folder:
    add a new file (a copy of one speech under a new name), change an existing file (a paragraph
    appended), delete the added file; then a rescan: the changed file changed again and found by a
    run on the whole folder (which must look at every file). Each is repeated with --updates different
    files, the median reported. Each run's JSON summary is checked (one file added / updated /
    removed), so a broken update fails the benchmark.
With --writeback-now (root only) every step runs with the kernel writing dirty pages back at once
(vm.dirty_background_bytes 16 MiB, vm.dirty_expire_centisecs 1 s; the old values are put back at the
end, also after a failure). By default Linux keeps up to a tenth of free memory dirty for 30 s, so a
small build (1x dirties about 1.6 GB of pages, a third of them temporary segments) ends before most of
its writes reach the disk and its deleted segments are never written at all, while a 10x build pays for its writes
while it runs: the curve then compares unequal work (docs/PERFORMANCE.md §6, stop 24).
Fractional factors take a deterministic subset of the sessions (nested: 0.05's sessions are among
0.1's), so the script can be tried on small sizes. Then it prints one row per factor and the growth
per 10x of every column: (largest / smallest) ^ (1 / log10(corpus growth)), with the corpus growth
measured in raw bytes (for whole factors it is the factor ratio within a few percent); a column is OK
if it grows no faster than the corpus (at most 10x per 10x, the rescan included), one-file updates
if they stay flat (at most 2x per 10x). Under it, the range the repeats allow (builds, query rounds,
update runs: the most and least favourable pairing of a run at the largest size with one at the
smallest); a column over its limit by the medians but not by the most favourable pairing is "within
noise" (its repeats cannot tell it from the limit), else GROWS FASTER. Every figure is written to a
JSON file; --reprint prints the table of such a file again.

Usage: bench/scale.py [--factors 1,3,10] [--json FILE] [--corpus TARBALL | --extracted DIR] [--work DIR]
                      [--bin DIR] [--builds N] [--rounds N] [--updates N] [--keep] [--writeback-now]
       bench/scale.py --reprint JSON
Python 3 standard library only; without --extracted, needs tar with zstd.
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PATH_FIELDS = "{country}_{session}_{year}.txt"  # as scripts/bench indexes the corpus
LINE_END = re.compile(rb"(\r\n|\r|\n)")


class BenchError(Exception):
    """A failed step of the benchmark; main() prints it and exits 1."""


VM = "/proc/sys/vm"
WRITEBACK_NOW = {"dirty_background_bytes": str(16 * 1024 * 1024), "dirty_expire_centisecs": "100"}


class WritebackNow:
    """Context manager: the kernel writes dirty pages back at once (WRITEBACK_NOW) inside the block, the
    settings found are restored on exit. vm.dirty_background_bytes and _ratio are two views of one
    setting (writing one zeroes the other), so both are saved and the non-zero one written back.
    `vm` is the sysctl folder (a test passes a fake one). Raises BenchError if it cannot be written."""

    def __init__(self, vm=VM):
        self.vm = vm
        self.saved = {}
        self.changed = False  # set once a setting was written: nothing to restore before

    def _path(self, name):
        return os.path.join(self.vm, name)

    def __enter__(self):
        names = ("dirty_background_bytes", "dirty_background_ratio", "dirty_expire_centisecs")
        try:
            for name in names:
                with open(self._path(name)) as f:
                    self.saved[name] = f.read().strip()
            for name, value in WRITEBACK_NOW.items():
                with open(self._path(name), "w") as f:
                    self.changed = True
                    f.write(value)
        except OSError as e:
            self.__exit__(None, None, None)
            raise BenchError("--writeback-now needs root: cannot set the kernel's writeback (%s)" % e)
        return self

    def __exit__(self, *exc):
        if not self.changed:
            return False
        restore = [("dirty_expire_centisecs", self.saved.get("dirty_expire_centisecs"))]
        if self.saved.get("dirty_background_bytes", "0") != "0":
            restore.append(("dirty_background_bytes", self.saved["dirty_background_bytes"]))
        else:
            restore.append(("dirty_background_ratio", self.saved.get("dirty_background_ratio")))
        for name, value in restore:
            if value is None:
                continue
            try:
                with open(self._path(name), "w") as f:
                    f.write(value)
            except OSError as e:
                print("scale: could not restore vm.%s to %s: %s" % (name, value, e), file=sys.stderr)
        return False


def parse_factors(text):
    """'0.1,1,3' -> [0.1, 1.0, 3.0], sorted and distinct; raises ValueError on a bad or non-positive factor."""
    factors = sorted({float(f) for f in text.split(",") if f.strip()})
    if not factors or factors[0] <= 0 or factors[-1] > 100:
        raise ValueError("factors must be positive numbers up to 100, comma-separated: " + text)
    return factors


def session_order(sessions):
    """The sessions in a fixed pseudo-random order: a fraction f of a copy takes the first ones, so smaller
    fractions are subsets of larger ones and every part of the 1946-2022 range is sampled."""
    order = sorted(sessions)
    random.Random("parasearch-scale-sessions").shuffle(order)
    return order


def copy_plan(factor, sessions):
    """For factor k: [(copy number, sessions)] - whole copies of every session, then for a fractional
    rest the first round(rest * n) sessions (at least one) of session_order."""
    whole = int(math.floor(factor + 1e-9))
    plan = [(c, sorted(sessions)) for c in range(1, whole + 1)]
    rest = factor - whole
    if rest > 1e-9:
        n = max(1, round(rest * len(sessions)))
        plan.append((whole + 1, sorted(session_order(sessions)[:n])))
    return plan


def vary_line(words, rng):
    """Drops one inner word or swaps two adjacent inner words of a line (in place), for about a third of the
    lines of five words or more; the first and last words stay, so sentence ends, capitals at the line's
    start and line-end hyphens, which the paragraph splitter reads, are not touched."""
    if len(words) < 5 or rng.random() >= 0.35:
        return
    i = rng.randrange(1, len(words) - 2)
    if rng.random() < 0.5:
        del words[i]
    else:
        words[i], words[i + 1] = words[i + 1], words[i]


def vary_text(data, seed):
    """The bytes of one speech, varied by vary_line with a generator seeded by `seed`; line ends (CR, LF,
    CRLF) and blank lines are kept byte for byte, so the line count and layout do not change."""
    rng = random.Random(seed)
    parts = LINE_END.split(data)
    for i in range(0, len(parts), 2):  # even parts are lines, odd ones their line ends
        words = parts[i].split(b" ")
        vary_line(words, rng)
        parts[i] = b" ".join(words)
    return b"".join(parts)


def make_copy(src, dst_root, copy, sessions):
    """Writes copy `copy` of the given sessions of `src` (a folder of 'Session NN - YYYY' folders) under
    dst_root/copy-NN, skipping files already written; every file varied with its own seed (copy and
    relative path)."""
    for session in sessions:
        out_dir = os.path.join(dst_root, "copy-%02d" % copy, session)
        os.makedirs(out_dir, exist_ok=True)
        for name in sorted(os.listdir(os.path.join(src, session))):
            out = os.path.join(out_dir, name)
            if os.path.exists(out):
                continue
            with open(os.path.join(src, session, name), "rb") as f:
                data = f.read()
            with open(out + ".tmp", "wb") as f:
                f.write(vary_text(data, "%d/%s/%s" % (copy, session, name)))
            os.rename(out + ".tmp", out)


def link_corpus(copies, plan, corpus):
    """The corpus folder of one factor: hard links to the varied copies of its plan (changes made by the
    benchmark replace files, never write into them, so the copies stay as generated)."""
    for copy, sessions in plan:
        for session in sessions:
            src = os.path.join(copies, "copy-%02d" % copy, session)
            dst = os.path.join(corpus, "copy-%02d" % copy, session)
            os.makedirs(dst)
            for name in os.listdir(src):
                os.link(os.path.join(src, name), os.path.join(dst, name))


def corpus_files(corpus):
    """Every .txt file under corpus, sorted."""
    found = []
    for d, _, names in os.walk(corpus):
        found.extend(os.path.join(d, n) for n in names if n.endswith(".txt"))
    return sorted(found)


def dir_bytes(path):
    """du -sb of path (apparent size in bytes)."""
    return int(subprocess.run(["du", "-sb", path], check=True, capture_output=True, text=True).stdout.split()[0])


def timed(cmd, work, name):
    """Runs cmd after a sync; returns (wall s, peak RSS KB, stdout, cpu s, system s), the peak RSS and the
    cpu time (user + system, and system alone) from the child's own rusage (os.wait4), as /usr/bin/time
    reports them. A failing run raises BenchError with its stderr.
    `work` and `name` are kept for the error message."""
    os.sync()  # no dirty pages of the previous step left to write during this one
    with tempfile.TemporaryFile(mode="w+") as out, tempfile.TemporaryFile(mode="w+") as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if p.returncode != 0:
        raise BenchError("%s failed (exit %d) in %s: %s\n%s" % (name, p.returncode, work, " ".join(cmd),
                                                              stderr[-2000:]))
    return wall, usage.ru_maxrss, stdout, usage.ru_utime + usage.ru_stime, usage.ru_stime


def index_run(bin_dir, db, corpus, work, name, full=False, paths=None, extra=()):
    """One run of bin_dir's parasearch-index on corpus (or on `paths`, files named inside it), with the
    options `extra`; returns (wall s, peak RSS KB, its JSON summary, cpu s, system s)."""
    cmd = [os.path.join(bin_dir, "parasearch-index"), "--db", db, "--quiet", "--json", "--path-fields", PATH_FIELDS]
    if full:
        cmd.append("--full")
    cmd += list(extra)
    wall, rss, out, cpu, system = timed(cmd + (paths or [corpus]), work, name)
    try:
        return wall, rss, json.loads(out.strip().splitlines()[-1]), cpu, system
    except (ValueError, IndexError):
        raise BenchError("%s: parasearch-index printed no JSON summary: %r" % (name, out[-500:]))


def median_or_none(values):
    """The median of `values`, or None if any is None (a figure the tool does not report)."""
    return None if not values or any(v is None for v in values) else statistics.median(values)


def full_builds(args, db, corpus, work, tag):
    """--builds full builds of corpus into db, each from nothing (the last one is kept for the queries and
    updates); returns each build's figures and JSON summary, in order."""
    builds = []
    for i in range(args.builds):
        shutil.rmtree(db, ignore_errors=True)
        wall, rss, summary, cpu, system = index_run(args.bin, db, corpus, work, "%s-build%d" % (tag, i + 1), full=True)
        if summary.get("failed"):
            raise BenchError("%s: %d files failed to index" % (tag, summary["failed"]))
        builds.append({"wall_s": wall, "cpu_s": cpu, "sys_s": system, "peak_rss_kb": rss, "summary": summary})
    return builds


def expect(summary, name, **counts):
    """Checks an update's JSON summary: the given counts, and zero for the other kinds of change."""
    for key in ("added", "updated", "removed", "failed", "skipped"):
        want = counts.get(key, 0)
        if summary.get(key) != want:
            raise BenchError("%s: expected %s = %d, the index run reported %s" % (name, key, want, json.dumps(summary)))


def query_bench_run(bin_dir, db, queries, extra=()):
    """One run of bin_dir's parasearch-query-bench (options `extra`) of the queries file on db: its JSON
    (p50_ms, p95_ms, ...); raises BenchError if it fails."""
    bench = os.path.join(bin_dir, "bench", "parasearch-query-bench")
    p = subprocess.run([bench] + list(extra) + [db, queries], capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("%s failed on %s: %s" % (bench, db, p.stderr[-1000:]))
    return json.loads(p.stdout.strip().splitlines()[-1])


def query_figures(args, db, rounds):
    """Median p50 and p95 (ms) of `rounds` runs of parasearch-query-bench, on one thread and on all cores
    (alternating, so a slow spell of a shared machine hits both), and every round's output."""
    runs = {"one": [], "all": []}
    for _ in range(rounds):
        for mode, extra in (("one", ["--threads", "1"]), ("all", [])):
            runs[mode].append(query_bench_run(args.bin, db, args.queries, extra))
    out = {}
    for mode, rs in runs.items():
        out[mode] = {"p50_ms": statistics.median(r["p50_ms"] for r in rs),
                     "p95_ms": statistics.median(r["p95_ms"] for r in rs), "rounds": rs}
    return out


def line_end_of(data):
    """The line end a file uses (its first one), LF if it has none."""
    m = LINE_END.search(data)
    return m.group(1) if m else b"\n"


def change_file(target, i, what):
    """Appends a paragraph to `target`, written anew and renamed over it (which breaks the hard link)."""
    with open(target, "rb") as f:
        data = f.read()
    eol = line_end_of(data)
    if not data.endswith(eol):
        data += eol
    data += eol + b"An added closing paragraph, number %d, %s." % (i, what) + eol
    with open(target + ".new", "wb") as f:
        f.write(data)
    os.rename(target + ".new", target)


def updates(args, db, corpus, work, tag):
    """The one-file updates, args.updates times each on different files: add, change and delete, each
    by naming the file (what an archive tool that knows what changed runs), then a change found by
    walking the whole folder (rescan). Returns per kind the median wall seconds and every run's figures."""
    files = corpus_files(corpus)
    runs = {"add": [], "change": [], "delete": [], "rescan": []}
    for i in range(args.updates):
        # Different speeches for every repetition, spread over the corpus (and so over the copies).
        source = files[(2 * i + 1) * len(files) // (2 * args.updates + 1)]
        target = files[(2 * i + 2) * len(files) // (2 * args.updates + 1)]
        # A new country code keeps the name matching the path-field pattern.
        added = os.path.join(os.path.dirname(source), re.sub(r"^[^_]*", "ZZ%d" % i, os.path.basename(source)))
        shutil.copyfile(source, added)
        wall, _, s, _, _ = index_run(args.bin, db, corpus, work, "%s-add-%d" % (tag, i), paths=[added])
        expect(s, "add " + added, added=1)
        runs["add"].append({"s": wall, "file": os.path.relpath(added, corpus), "summary": s})

        change_file(target, i, b"to change the file")
        wall, _, s, _, _ = index_run(args.bin, db, corpus, work, "%s-change-%d" % (tag, i), paths=[target])
        expect(s, "change " + target, updated=1)
        runs["change"].append({"s": wall, "file": os.path.relpath(target, corpus), "summary": s})

        os.remove(added)
        wall, _, s, _, _ = index_run(args.bin, db, corpus, work, "%s-delete-%d" % (tag, i), paths=[added])
        expect(s, "delete " + added, removed=1)
        runs["delete"].append({"s": wall, "file": os.path.relpath(added, corpus), "summary": s})

        change_file(target, i, b"to change it again, found by walking the folder")
        wall, _, s, _, _ = index_run(args.bin, db, corpus, work, "%s-rescan-%d" % (tag, i))
        expect(s, "rescan for " + target, updated=1)
        runs["rescan"].append({"s": wall, "file": os.path.relpath(target, corpus), "summary": s})
    return {k: {"median_s": statistics.median(r["s"] for r in v), "runs": v} for k, v in runs.items()}


# The table's columns: key in a factor's row, header, format, the growth allowed per 10x (None: the
# corpus itself, no verdict; "part": a part of the build shown for where the time goes, no verdict of its own).
COLUMNS = [
    ("raw_mb", "raw MB", "%.1f", None),
    ("paragraphs", "paragraphs", "%d", None),
    ("build_s", "build s", "%.1f", 10),
    ("build_cpu_s", "build cpu s", "%.1f", 10),
    ("build_sys_s", "of it sys s", "%.1f", 10),
    ("merge_cpu_s", "merge cpu s", "%.1f", "part"),
    ("peak_rss_mb", "peak RSS MB", "%.1f", 10),
    ("size_over_raw", "size/raw", "%.2f", 10),
    ("p50_1_ms", "p50 1t ms", "%.2f", 10),
    ("p95_1_ms", "p95 1t ms", "%.2f", 10),
    ("p50_all_ms", "p50 Nt ms", "%.2f", 10),
    ("p95_all_ms", "p95 Nt ms", "%.2f", 10),
    ("add_s", "add s", "%.2f", 2),
    ("change_s", "change s", "%.2f", 2),
    ("delete_s", "delete s", "%.2f", 2),
    ("write_s", "write s", "%.2f", 2),
    ("rescan_s", "rescan s", "%.2f", 10),
]


def write_times(u):
    """The times the one-file update runs of `u` (add, change, delete) spent writing their bucket (the
    summary's write_seconds: the rest of a run is finding what changed); [] if the tool does not report it."""
    return [r["summary"]["write_seconds"] for k, v in u.items() if k != "rescan" for r in v["runs"]
            if "write_seconds" in r["summary"]]


def write_median(u):
    """The median of write_times(u), or None if there are none."""
    times = write_times(u)
    return statistics.median(times) if times else None


def cell(fmt, value):
    """`value` formatted, or "-" if it is unknown."""
    return "-" if value is None else fmt % value


def samples(r, key):
    """The repeated measurements behind column `key` of row `r` (the builds, query rounds or update runs
    whose median the row shows); [] for a single figure (paragraphs, size) or an unknown key."""
    builds = r.get("builds") or []
    from_builds = {"build_s": lambda b: b["wall_s"], "build_cpu_s": lambda b: b["cpu_s"],
                   "build_sys_s": lambda b: b["sys_s"], "peak_rss_mb": lambda b: b["peak_rss_kb"] / 1024,
                   "merge_cpu_s": lambda b: b["summary"].get("merge_cpu_seconds")}
    if key in from_builds:
        values = [from_builds[key](b) for b in builds]
    elif key in ("p50_1_ms", "p95_1_ms", "p50_all_ms", "p95_all_ms"):
        threads = "one" if "_1_" in key else "all"
        rounds = ((r.get("queries") or {}).get(threads) or {}).get("rounds") or []
        values = [q[key[:3] + "_ms"] for q in rounds]
    elif key in ("add_s", "change_s", "delete_s", "rescan_s"):
        values = [u["s"] for u in ((r.get("updates") or {}).get(key[:-2]) or {}).get("runs", [])]
    elif key == "write_s":
        values = write_times(r.get("updates") or {})
    else:
        values = []
    return [v for v in values if v]


def growth(rows):
    """Per column: (value at the largest factor / at the smallest) ^ (1 / log10(raw bytes ratio)), the
    growth normalised to a 10x larger corpus; its range from the repeats (the least favourable and the
    most favourable pairing of a repeat at the largest factor with one at the smallest, None without
    repeats); and its verdict: OK within the limit, "within noise" over it by the medians but not by the
    most favourable pairing (the repeats cannot tell it from the limit), else GROWS FASTER."""
    first, last = rows[0], rows[-1]
    decades = math.log10(last["raw_bytes"] / first["raw_bytes"])
    out = {}
    for key, _, _, limit in COLUMNS:
        g = spread = None
        if decades > 0 and first.get(key) and last.get(key):
            g = (last[key] / first[key]) ** (1 / decades)
            a, b = samples(first, key), samples(last, key)
            if len(a) > 1 and len(b) > 1:
                spread = ((min(b) / max(a)) ** (1 / decades), (max(b) / min(a)) ** (1 / decades))
        if limit is None or limit == "part":
            verdict = "corpus" if limit is None else "-"
        elif g is None:
            verdict = "n/a"
        elif g <= limit:
            verdict = "OK"
        else:
            verdict = "within noise" if spread and spread[0] <= limit else "GROWS FASTER"
        out[key] = {"per_10x": g, "range": spread, "limit": limit, "verdict": verdict}
    return out


def print_table(rows, grow, cores):
    """The scale table, the growth row, its range from the repeats and the verdicts, on stdout."""
    w = 13
    print()
    print("Scale: k varied copies of the UN General Debate Corpus; 1t = one thread, Nt = %d threads;" % cores)
    print("updates: median of the one-file runs; growth per 10x normalised by the raw bytes")
    print("%-9s" % "factor" + "".join("%*s" % (w, h) for _, h, _, _ in COLUMNS))
    for r in rows:
        print("%-9s" % ("%gx" % r["factor"]) + "".join("%*s" % (w, cell(fmt, r.get(k))) for k, _, fmt, _ in COLUMNS))
    print("%-9s" % "per 10x" + "".join(
        "%*s" % (w, "-" if grow[k]["per_10x"] is None else "%.2fx" % grow[k]["per_10x"]) for k, _, _, _ in COLUMNS))
    print("%-9s" % "range" + "".join(
        "%*s" % (w, "-" if not grow[k].get("range") else "%.1f-%.1fx" % tuple(grow[k]["range"]))
        for k, _, _, _ in COLUMNS))
    print("%-9s" % "verdict" + "".join("%*s" % (w, grow[k]["verdict"]) for k, _, _, _ in COLUMNS))
    flat = [h for _, h, _, lim in COLUMNS if lim == 2]
    print("(OK: at most 10x per 10x, as the corpus; %s: at most 2x per 10x, flat. range: from the repeats, the"
          % ", ".join(flat))
    print(" most and least favourable pairing of a run at the largest size with one at the smallest; within noise:")
    print(" over the limit by the medians, not by the most favourable pairing, so the repeats cannot tell it apart)")


def reprint(args):
    """Prints the table of a JSON file an earlier run wrote (--reprint), its growth computed again."""
    with open(args.reprint) as f:
        doc = json.load(f)
    rows = doc.get("rows") or []
    if len(rows) < 2:
        raise BenchError("%s holds %d factor(s); the growth needs two" % (args.reprint, len(rows)))
    print_table(rows, growth(rows), doc.get("cores", 1))


def source_dir(args, work):
    """The folder of 'Session NN - YYYY' folders: --extracted (or its TXT), else the tarball extracted."""
    if args.extracted:
        d = args.extracted
    else:
        if not os.path.isfile(args.corpus):
            raise BenchError("corpus not found: " + args.corpus)
        d = os.path.join(work, "src")
        os.makedirs(d)
        print("scale: extracting %s" % args.corpus, flush=True)
        subprocess.run(["tar", "--zstd", "-xf", args.corpus, "-C", d], check=True)
    if os.path.isdir(os.path.join(d, "TXT")):
        d = os.path.join(d, "TXT")
    if not os.path.isdir(d) or not any(s.startswith("Session ") for s in os.listdir(d)):
        raise BenchError("no 'Session NN - YYYY' folders in " + d)
    return d


def write_json(path, doc):
    """Writes doc to path (replaced in one rename, so a reader never sees half a file)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path + ".tmp", "w") as f:
        json.dump(doc, f, indent=1)
    os.rename(path + ".tmp", path)


def run(args):
    """The whole benchmark; writes the JSON after every factor (so a run stopped early keeps the factors it
    finished, "complete": false) and prints the table at the end."""
    factors = parse_factors(args.factors)
    if args.work:
        os.makedirs(args.work, exist_ok=True)
    work = tempfile.mkdtemp(prefix="scale-", dir=args.work or "/tmp")
    try:
        src = source_dir(args, work)
        sessions = [s for s in os.listdir(src) if s.startswith("Session ")]
        copies = os.path.join(work, "copies")
        cores = os.cpu_count() or 1
        print("scale: work folder %s; factors %s; %d cores" % (work, ", ".join("%g" % f for f in factors), cores),
              flush=True)
        rows = []
        for factor in factors:
            tag = "f%g" % factor
            plan = copy_plan(factor, sessions)
            print("scale: %gx: writing the varied copies" % factor, flush=True)
            for copy, sess in plan:
                make_copy(src, copies, copy, sess)
            corpus = os.path.join(work, tag, "corpus")
            db = os.path.join(work, tag, "db")
            link_corpus(copies, plan, corpus)
            files = corpus_files(corpus)
            raw = sum(os.path.getsize(f) for f in files)
            print("scale: %gx: %d files, %.1f MB: full build" % (factor, len(files), raw / 1e6), flush=True)
            builds = full_builds(args, db, corpus, work, tag)
            summary = builds[-1]["summary"]
            size = dir_bytes(db)
            wall = statistics.median(b["wall_s"] for b in builds)
            print("scale: %gx: built in %s s; queries (%d rounds)" % (
                factor, ", ".join("%.1f" % b["wall_s"] for b in builds), args.rounds), flush=True)
            q = query_figures(args, db, args.rounds)
            print("scale: %gx: one-file updates (%d of each)" % (factor, args.updates), flush=True)
            u = updates(args, db, corpus, work, tag)
            rows.append({
                "factor": factor, "files": len(files), "raw_bytes": raw, "raw_mb": raw / 1e6,
                "paragraphs": summary["total_paragraphs"], "build_s": wall,
                "build_cpu_s": statistics.median(b["cpu_s"] for b in builds),
                "build_sys_s": statistics.median(b["sys_s"] for b in builds),
                "merge_cpu_s": median_or_none([b["summary"].get("merge_cpu_seconds") for b in builds]),
                "peak_rss_mb": statistics.median(b["peak_rss_kb"] for b in builds) / 1024, "builds": builds,
                "index_bytes": size, "size_over_raw": size / raw,
                "p50_1_ms": q["one"]["p50_ms"], "p95_1_ms": q["one"]["p95_ms"],
                "p50_all_ms": q["all"]["p50_ms"], "p95_all_ms": q["all"]["p95_ms"],
                "add_s": u["add"]["median_s"], "change_s": u["change"]["median_s"],
                "delete_s": u["delete"]["median_s"], "write_s": write_median(u),
                "rescan_s": u["rescan"]["median_s"],
                "queries": q, "updates": u})
            if not args.keep:
                shutil.rmtree(os.path.join(work, tag))
            r = rows[-1]
            print("scale: %gx: %s" % (factor, ", ".join("%s %s" % (h, cell(fmt, r.get(k))) for k, h, fmt, _ in COLUMNS)),
                  flush=True)
            grow = growth(rows) if len(rows) > 1 else {}
            write_json(args.json, {"cores": cores, "queries_file": args.queries, "rounds": args.rounds,
                                   "builds": args.builds, "writeback_now": args.writeback_now,
                                   "updates_per_kind": args.updates, "work": work if args.keep else None,
                                   "complete": factor == factors[-1], "rows": rows, "growth_per_10x": grow})
        if grow:
            print_table(rows, grow, cores)
        else:
            print("scale: one factor only, no growth to compute")
    finally:
        if args.keep:
            print("scale: kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def run_reported(prefix, fn, args):
    """Runs fn(args) and returns a benchmark's exit code: 1 after printing a failed step (BenchError, a
    failed command, an OS error) as 'prefix: ...', else 0 after saying where args.json was written."""
    try:
        fn(args)
    except (BenchError, subprocess.CalledProcessError, OSError) as e:
        print("%s: %s" % (prefix, e), file=sys.stderr)
        return 1
    print("%s: figures written to %s" % (prefix, args.json))
    return 0


def main():
    """Command line: parses the options, runs, writes the JSON; exit 0, 1 on a failed step, 2 on bad usage."""
    p = argparse.ArgumentParser(prog="scripts/bench --scale", description=__doc__.split("\n")[0])
    p.add_argument("--factors", default="1,3,10", help="corpus sizes, in UN corpora (default 1,3,10)")
    p.add_argument("--json", default=os.path.join(ROOT, "build-release", "bench-scale.json"), help="output file")
    p.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpora", "ungdc-1946-2022.tar.zst"),
                   help="the UN corpus tarball")
    p.add_argument("--extracted", help="an already extracted UN corpus (its TXT folder), instead of the tarball")
    p.add_argument("--work", help="where the work folder is made (default /tmp)")
    p.add_argument("--bin", default=os.path.join(ROOT, "build-release"), help="build folder with the tools")
    p.add_argument("--queries", default=os.path.join(ROOT, "bench", "queries.txt"))
    p.add_argument("--builds", type=int, default=3, help="full builds per factor, each from nothing (median)")
    p.add_argument("--rounds", type=int, default=3, help="query benchmark rounds per factor (median)")
    p.add_argument("--updates", type=int, default=3, help="repetitions of each one-file update (median)")
    p.add_argument("--keep", action="store_true", help="keep the work folder (corpora and indexes)")
    p.add_argument("--reprint", metavar="JSON", help="run nothing: print the table of a JSON file an earlier run "
                                                     "wrote, with the growth and verdicts computed again")
    p.add_argument("--writeback-now", action="store_true",
                   help="root only: the kernel writes dirty pages back at once during the run (16 MiB, 1 s), so "
                        "every size pays for its own writes; the old settings are restored at the end")
    args = p.parse_args()
    try:
        parse_factors(args.factors)
    except ValueError as e:
        p.error(str(e))
    if args.builds < 1 or args.rounds < 1 or args.updates < 1:
        p.error("--builds, --rounds and --updates must be at least 1")
    if args.reprint:
        try:
            reprint(args)
        except (BenchError, OSError, ValueError) as e:
            print("scale: %s" % e, file=sys.stderr)
            return 1
        return 0

    def run_as_asked(a):
        if not a.writeback_now:
            return run(a)
        with WritebackNow():
            return run(a)

    return run_reported("scale", run_as_asked, args)


if __name__ == "__main__":
    sys.exit(main())
