#!/usr/bin/python3
"""Before and after: two builds of parasearch on the same corpus, in one run (`scripts/bench --ab`).

For each of --rounds rounds, in alternating order (base, new; then new, base; so a slow spell of a
shared machine hits both), each build's parasearch-index builds the corpus from nothing (--full, --jobs
as given) and its cpu seconds (user + system, from the child's rusage), wall seconds and peak RSS are
taken; then each build's parasearch-query-bench runs bench/queries.txt on its own index (one warm-up
pass and one timed pass, one thread), alternating the same way. Printed: each side's median, and the
ratio new / base of each round (the two runs of a round are adjacent in time, so a slow spell of the
machine hits both): its median and range (below 1: the new build is faster). Every figure goes to a
JSON file. The two indexes
must hold the same paragraphs and the same index size within 1 % (a change that alters the index is
reported, not compared silently).

Usage: bench/ab.py BASE_BIN NEW_BIN CORPUS [--rounds N] [--jobs N] [--queries FILE] [--json FILE]
  BASE_BIN, NEW_BIN  build folders, each with parasearch-index and bench/parasearch-query-bench
  CORPUS             a folder of files to index (e.g. a few sessions of the UN corpus)
Exit 0; 1 when a step fails; 2 on bad usage.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale  # noqa: E402 (index_run, query_bench_run, dir_bytes, run_reported, BenchError, write_json)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(binary, corpus, db, jobs, name):
    """One full build of corpus into db (removed first); returns its figures."""
    shutil.rmtree(db, ignore_errors=True)
    wall, rss, summary, cpu, system = scale.index_run(binary, db, corpus, db, name, full=True,
                                                      extra=["--jobs", str(jobs)])
    return {"wall_s": wall, "cpu_s": cpu, "sys_s": system, "peak_rss_kb": rss,
            "paragraphs": summary["total_paragraphs"], "index_bytes": scale.dir_bytes(db)}


def ratio_rows(runs):
    """[(figure, base median, new median, median of the rounds' new / base, lowest, highest)] of the figures
    compared; round r's base and new runs are paired."""
    figures = [("build cpu s", "build", "cpu_s"), ("build wall s", "build", "wall_s"),
               ("build sys s", "build", "sys_s"), ("peak RSS MB", "build", "peak_rss_kb"),
               ("index MB", "build", "index_bytes"), ("query p50 ms (1 thread)", "query", "p50_ms"),
               ("query p95 ms (1 thread)", "query", "p95_ms")]
    scale_of = {"peak_rss_kb": 1 / 1024, "index_bytes": 1e-6}
    rows = []
    for label, kind, key in figures:
        base = statistics.median(r[key] for r in runs["base"][kind]) * scale_of.get(key, 1)
        new = statistics.median(r[key] for r in runs["new"][kind]) * scale_of.get(key, 1)
        paired = [n[key] / b[key] if b[key] else float("nan") for b, n in zip(runs["base"][kind], runs["new"][kind])]
        rows.append((label, base, new, statistics.median(paired), min(paired), max(paired)))
    return rows


def check_same_index(runs):
    """Raises BenchError unless both builds indexed the same, non-zero number of paragraphs; notes index sizes
    that differ by more than 1 %."""
    base, new = runs["base"]["build"][-1], runs["new"]["build"][-1]
    if base["paragraphs"] == 0 and new["paragraphs"] == 0:
        raise scale.BenchError("the corpus gave no paragraphs to either build: nothing to compare")
    if base["paragraphs"] != new["paragraphs"]:
        raise scale.BenchError("the builds indexed different paragraphs: base %d, new %d" % (
            base["paragraphs"], new["paragraphs"]))
    if abs(new["index_bytes"] - base["index_bytes"]) > 0.01 * base["index_bytes"]:
        print("ab: note: the index sizes differ by more than 1 %%: base %d, new %d bytes" % (
            base["index_bytes"], new["index_bytes"]), flush=True)


def run(args):
    """The whole comparison; prints the table and writes the JSON."""
    work = tempfile.mkdtemp(prefix="ab-", dir=args.work or "/tmp")
    bins = {"base": os.path.abspath(args.base), "new": os.path.abspath(args.new)}
    runs = {side: {"build": [], "query": []} for side in bins}
    try:
        for r in range(args.rounds):
            order = ("base", "new") if r % 2 == 0 else ("new", "base")
            for side in order:
                b = build(bins[side], args.corpus, os.path.join(work, side), args.jobs, "%s build %d" % (side, r + 1))
                runs[side]["build"].append(b)
                print("ab: round %d: %s build %.1f s cpu, %.1f s wall" % (r + 1, side, b["cpu_s"], b["wall_s"]),
                      flush=True)
        check_same_index(runs)
        for r in range(args.rounds):
            order = ("base", "new") if r % 2 == 0 else ("new", "base")
            for side in order:
                q = scale.query_bench_run(bins[side], os.path.join(work, side), args.queries, ["--threads", "1"])
                runs[side]["query"].append(q)
                print("ab: round %d: %s queries p50 %.2f ms, p95 %.2f ms" % (r + 1, side, q["p50_ms"], q["p95_ms"]),
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = ratio_rows(runs)
    print("\n%-26s %10s %10s %10s  %s" % ("median of %d rounds" % args.rounds, "base", "new", "new/base",
                                            "range of the rounds' new/base"))
    for label, base, new, ratio, low, high in rows:
        print("%-26s %10.2f %10.2f %9.3fx  %.3f-%.3f" % (label, base, new, ratio, low, high))
    scale.write_json(args.json, {"base": bins["base"], "new": bins["new"], "corpus": args.corpus, "jobs": args.jobs,
                                 "rounds": args.rounds, "runs": runs,
                                 "medians": [{"figure": f, "base": b, "new": n, "ratio": r, "ratio_low": lo, "ratio_high": hi}
                                             for f, b, n, r, lo, hi in rows]})


def main():
    """Command line: exit 0, 1 on a failed step, 2 on bad usage."""
    p = argparse.ArgumentParser(prog="scripts/bench --ab", description=__doc__.split("\n")[0])
    p.add_argument("base", help="the baseline's build folder")
    p.add_argument("new", help="the changed build's folder")
    p.add_argument("corpus", help="the folder to index")
    p.add_argument("--rounds", type=int, default=5, help="builds and query runs per side (median; default 5)")
    p.add_argument("--jobs", type=int, default=1, help="parasearch-index --jobs (default 1)")
    p.add_argument("--queries", default=os.path.join(ROOT, "bench", "queries.txt"))
    p.add_argument("--json", default=os.path.join(ROOT, "build-release", "bench-ab.json"), help="output file")
    p.add_argument("--work", help="where the work folder is made (default /tmp)")
    args = p.parse_args()
    if args.rounds < 1 or args.jobs < 1:
        p.error("--rounds and --jobs must be at least 1")
    for side in (args.base, args.new):
        for tool in ("parasearch-index", os.path.join("bench", "parasearch-query-bench")):
            if not os.access(os.path.join(side, tool), os.X_OK):
                p.error("%s has no %s (build it: scripts/build %s -DCMAKE_BUILD_TYPE=Release)" % (side, tool, side))
    if not os.path.isdir(args.corpus):
        p.error("corpus folder not found: " + args.corpus)
    return scale.run_reported("ab", run, args)


if __name__ == "__main__":
    sys.exit(main())
