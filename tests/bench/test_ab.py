#!/usr/bin/python3
"""Tests of bench/ab.py (scripts/bench --ab), standard library only.

  test_ab.py units           the medians and ratios, and the same-index check
  test_ab.py smoke BUILD_DIR a real run of BUILD_DIR against itself on a small generated corpus
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import ab  # noqa: E402 (the path above first)
import scale  # noqa: E402


def build_row(cpu, paragraphs=100, size=1000000):
    return {"cpu_s": cpu, "wall_s": cpu, "sys_s": cpu / 10, "peak_rss_kb": 2048, "paragraphs": paragraphs,
            "index_bytes": size}


class Ratios(unittest.TestCase):
    def test_medians_and_ratio(self):
        runs = {"base": {"build": [build_row(10), build_row(12), build_row(30)],
                         "query": [{"p50_ms": 2.0, "p95_ms": 6.0}] * 3},
                "new": {"build": [build_row(9), build_row(8), build_row(11)],
                        "query": [{"p50_ms": 1.0, "p95_ms": 6.0}, {"p50_ms": 3.0, "p95_ms": 3.0},
                                  {"p50_ms": 1.5, "p95_ms": 4.5}]}}
        rows = {r[0]: r[1:] for r in ab.ratio_rows(runs)}
        # medians 12 and 9; the rounds' ratios 0.9, 8/12 and 11/30, paired by round
        self.assertEqual(rows["build cpu s"][:2], (12, 9))
        self.assertAlmostEqual(rows["build cpu s"][2], 8 / 12)
        self.assertAlmostEqual(rows["build cpu s"][3], 11 / 30)
        self.assertAlmostEqual(rows["build cpu s"][4], 0.9)
        self.assertEqual(rows["peak RSS MB"][:3], (2, 2, 1))
        self.assertEqual(rows["query p50 ms (1 thread)"][:3], (2.0, 1.5, 0.75))
        self.assertEqual(rows["query p95 ms (1 thread)"][:3], (6.0, 4.5, 0.75))

    def test_different_paragraphs_fail(self):
        runs = {"base": {"build": [build_row(1, paragraphs=100)]}, "new": {"build": [build_row(1, paragraphs=99)]}}
        with self.assertRaisesRegex(scale.BenchError, "different paragraphs"):
            ab.check_same_index(runs)
        runs["new"]["build"] = [build_row(1, paragraphs=100, size=1005000)]
        ab.check_same_index(runs)  # within 1 %: the same index
        runs = {"base": {"build": [build_row(1, paragraphs=0)]}, "new": {"build": [build_row(1, paragraphs=0)]}}
        with self.assertRaisesRegex(scale.BenchError, "no paragraphs"):
            ab.check_same_index(runs)


def smoke(build_dir):
    """build_dir against itself on 12 generated files, one round: 0, or 1 with the failed check."""
    with tempfile.TemporaryDirectory(prefix="ab-smoke-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        os.makedirs(corpus)
        for i in range(12):
            with open(os.path.join(corpus, "FRA_%d_%d.txt" % (50 + i, 1995 + i)), "w") as f:
                f.write("Preventive diplomacy is the work of session %d.\n\nThe General Assembly met.\n" % i)
        out = os.path.join(tmp, "ab.json")
        p = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "ab.py"), build_dir, build_dir, corpus,
                            "--rounds", "1", "--json", out, "--work", tmp], capture_output=True, text=True)
        if p.returncode != 0:
            print("ab.py failed (exit %d):\n%s%s" % (p.returncode, p.stdout, p.stderr))
            return 1
        with open(out) as f:
            doc = json.load(f)
        builds = doc["runs"]["base"]["build"] + doc["runs"]["new"]["build"]
        if [b["paragraphs"] for b in builds] != [24, 24]:
            print("expected 24 paragraphs in each build, got %s" % [b["paragraphs"] for b in builds])
            return 1
        if "new/base" not in p.stdout or len(doc["medians"]) != 7:
            print("no ratio table:\n" + p.stdout)
            return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "smoke":
        sys.exit(smoke(sys.argv[2]))
    if len(sys.argv) == 2 and sys.argv[1] == "units":
        sys.argv = sys.argv[:1]
    unittest.main()
