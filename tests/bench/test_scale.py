#!/usr/bin/python3
"""Tests of bench/scale.py (scripts/bench --scale), standard library only.

  test_scale.py units           the pure parts: the text variation, the copy plan, the growth and verdicts
  test_scale.py smoke BUILD_DIR a real run at factors 0.02 and 0.05 of the UN corpus (../shared) with the
                                tools of BUILD_DIR; exit 77 (skipped) when ../shared is missing
"""
import argparse
import contextlib
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import scale  # noqa: E402 (the path above first)

SKIP = 77
TARBALL = os.path.join(ROOT, "..", "shared", "corpora", "ungdc-1946-2022.tar.zst")
# One UN-style speech: hard-wrapped lines with CR line ends, a blank line between paragraphs.
SPEECH = (b"Mr. President, I should like to say first how pleased France is to see you\r"
          b"presiding over the work of the General Assembly. Beyond your personal\r"
          b"merits, which I acknowledge with pleasure, your election underscores\r\r"
          b"the important contribution to the activities of the Organization of Portugal,\r"
          b"a member of the European Union.\r") * 20


class Variation(unittest.TestCase):
    def test_keeps_line_ends_and_blank_lines(self):
        varied = scale.vary_text(SPEECH, "1/Session 50 - 1995/FRA_50_1995.txt")
        self.assertNotEqual(varied, SPEECH)
        self.assertEqual(varied.count(b"\r"), SPEECH.count(b"\r"))
        self.assertNotIn(b"\n", varied)
        self.assertEqual([len(line) == 0 for line in varied.split(b"\r")],
                         [len(line) == 0 for line in SPEECH.split(b"\r")])

    def test_keeps_first_and_last_word_of_every_line(self):
        for a, b in zip(SPEECH.split(b"\r"), scale.vary_text(SPEECH, "seed").split(b"\r")):
            if a:
                self.assertEqual(a.split(b" ")[0], b.split(b" ")[0])
                self.assertEqual(a.split(b" ")[-1], b.split(b" ")[-1])

    def test_light(self):
        a, b = SPEECH.split(b" "), scale.vary_text(SPEECH, "seed").split(b" ")
        self.assertGreaterEqual(len(b), len(a) * 0.95)  # at most one word dropped per line

    def test_deterministic_per_seed(self):
        self.assertEqual(scale.vary_text(SPEECH, "2/x"), scale.vary_text(SPEECH, "2/x"))
        self.assertNotEqual(scale.vary_text(SPEECH, "2/x"), scale.vary_text(SPEECH, "3/x"))

    def test_line_ends_of_every_kind(self):
        for eol in (b"\n", b"\r\n", b"\r"):
            text = eol.join([b"one two three four five six seven eight"] * 30) + eol
            varied = scale.vary_text(text, "s")
            self.assertEqual(varied.count(eol), text.count(eol))
            self.assertEqual(scale.line_end_of(text), eol)


class CopyPlan(unittest.TestCase):
    SESSIONS = ["Session %02d - %d" % (n, 1945 + n) for n in range(1, 78)]

    def test_whole_factors(self):
        plan = scale.copy_plan(3, self.SESSIONS)
        self.assertEqual([c for c, _ in plan], [1, 2, 3])
        self.assertTrue(all(s == sorted(self.SESSIONS) for _, s in plan))

    def test_fractions_are_nested_subsets(self):
        small = set(scale.copy_plan(0.05, self.SESSIONS)[0][1])
        large = set(scale.copy_plan(0.3, self.SESSIONS)[0][1])
        self.assertEqual(len(small), 4)
        self.assertEqual(len(large), 23)
        self.assertTrue(small < large)
        self.assertEqual(len(scale.copy_plan(0.001, self.SESSIONS)[0][1]), 1)  # never empty

    def test_mixed_factor(self):
        plan = scale.copy_plan(2.5, self.SESSIONS)
        self.assertEqual([c for c, _ in plan], [1, 2, 3])
        self.assertEqual(len(plan[2][1]), 38)

    def test_bad_factors(self):
        for bad in ("", "0", "-1", "abc", "1,200"):
            with self.assertRaises(ValueError):
                scale.parse_factors(bad)
        self.assertEqual(scale.parse_factors("10,1,3,1"), [1, 3, 10])


def row(raw, build, update):
    r = {key: 1.0 for key, _, _, _ in scale.COLUMNS}
    r.update(factor=raw / 1e8, raw_bytes=raw, raw_mb=raw / 1e6, paragraphs=raw // 500, build_s=build, add_s=update, change_s=update,
             delete_s=update)
    return r


class Growth(unittest.TestCase):
    def test_normalised_to_ten_times_the_corpus(self):
        g = scale.growth([row(1e8, 10, 1), row(1e10, 1000, 1)])  # two decades: 100x per 100x = 10x per 10x
        self.assertAlmostEqual(g["build_s"]["per_10x"], 10)
        self.assertEqual(g["build_s"]["verdict"], "OK")
        self.assertAlmostEqual(g["add_s"]["per_10x"], 1)
        self.assertEqual(g["add_s"]["verdict"], "OK")
        self.assertEqual(g["raw_mb"]["verdict"], "corpus")

    def test_faster_than_the_corpus(self):
        g = scale.growth([row(1e8, 10, 1), row(3e8, 60, 3)])  # 3x corpus: build 6x, updates 3x
        self.assertAlmostEqual(g["build_s"]["per_10x"], 6 ** (1 / math.log10(3)))
        self.assertEqual(g["build_s"]["verdict"], "GROWS FASTER")
        self.assertEqual(g["change_s"]["verdict"], "GROWS FASTER")  # 3x per 3x is 10x per 10x, over 2x

    def test_a_part_of_the_build_has_no_verdict(self):
        rows = [row(1e8, 10, 1), row(1e9, 100, 1)]
        rows[0]["merge_cpu_s"], rows[1]["merge_cpu_s"] = 1.0, 12.0  # a k-way merge: more than 10x, shown only
        g = scale.growth(rows)
        self.assertAlmostEqual(g["merge_cpu_s"]["per_10x"], 12)
        self.assertEqual(g["merge_cpu_s"]["verdict"], "-")
        self.assertEqual(g["build_s"]["verdict"], "OK")

    def test_flat_updates_within_two_times(self):
        g = scale.growth([row(1e8, 10, 1.0), row(1e9, 50, 1.9)])
        self.assertEqual(g["delete_s"]["verdict"], "OK")
        self.assertEqual(g["build_s"]["verdict"], "OK")
        g = scale.growth([row(1e8, 10, 1.0), row(1e9, 50, 5.0)])  # slower than the corpus, but not flat
        self.assertEqual(g["add_s"]["verdict"], "GROWS FASTER")
        self.assertEqual(g["build_s"]["verdict"], "OK")


def with_builds(r, cpu):
    """Row `r` with one build per value of `cpu` (its cpu seconds), and their median as the row's figure."""
    r["builds"] = [{"wall_s": c, "cpu_s": c, "sys_s": c / 10, "peak_rss_kb": 1024, "summary": {}} for c in cpu]
    r["build_cpu_s"] = sorted(cpu)[len(cpu) // 2]
    return r


class Spread(unittest.TestCase):
    def test_over_the_limit_by_the_medians_but_not_by_the_repeats_is_noise(self):
        g = scale.growth([with_builds(row(1e8, 10, 1), [9.0, 10.0, 11.0]),
                          with_builds(row(1e9, 100, 1), [95.0, 103.0, 110.0])])
        self.assertAlmostEqual(g["build_cpu_s"]["per_10x"], 10.3)
        lo, hi = g["build_cpu_s"]["range"]
        self.assertAlmostEqual(lo, 95 / 11)
        self.assertAlmostEqual(hi, 110 / 9)
        self.assertEqual(g["build_cpu_s"]["verdict"], "within noise")

    def test_over_the_limit_by_every_pairing_grows_faster(self):
        g = scale.growth([with_builds(row(1e8, 10, 1), [9.8, 10.0, 10.2]),
                          with_builds(row(1e9, 100, 1), [110.0, 112.0, 115.0])])
        self.assertGreater(g["build_cpu_s"]["range"][0], 10)
        self.assertEqual(g["build_cpu_s"]["verdict"], "GROWS FASTER")

    def test_one_run_per_size_has_no_range(self):
        g = scale.growth([with_builds(row(1e8, 10, 1), [10.0]), with_builds(row(1e9, 100, 1), [103.0])])
        self.assertIsNone(g["build_cpu_s"]["range"])
        self.assertEqual(g["build_cpu_s"]["verdict"], "GROWS FASTER")

    def test_update_runs_and_query_rounds_are_the_repeats(self):
        r = row(1e8, 10, 1)
        r["updates"] = {"add": {"runs": [{"s": 0.1, "summary": {"write_seconds": 0.05}}, {"s": 0.2, "summary": {}}]},
                        "rescan": {"runs": [{"s": 0.3, "summary": {}}]}}
        r["queries"] = {"one": {"rounds": [{"p50_ms": 2.0, "p95_ms": 7.0}, {"p50_ms": 3.0, "p95_ms": 8.0}]}}
        self.assertEqual(scale.samples(r, "add_s"), [0.1, 0.2])
        self.assertEqual(scale.samples(r, "write_s"), [0.05])
        self.assertEqual(scale.samples(r, "rescan_s"), [0.3])
        self.assertEqual(scale.samples(r, "p95_1_ms"), [7.0, 8.0])
        self.assertEqual(scale.samples(r, "p50_all_ms"), [])
        self.assertEqual(scale.samples(r, "size_over_raw"), [])

    def test_reprint_reads_a_saved_run(self):
        rows = [with_builds(row(1e8, 10, 1), [9.0, 10.0, 11.0]), with_builds(row(1e9, 100, 1), [95.0, 103.0, 110.0])]
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "run.json")
            with open(path, "w") as f:
                json.dump({"cores": 2, "rows": rows}, f)
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                scale.reprint(argparse.Namespace(reprint=path))
            self.assertIn("within noise", out.getvalue())
            with open(path, "w") as f:
                json.dump({"rows": rows[:1]}, f)
            with self.assertRaises(scale.BenchError):
                scale.reprint(argparse.Namespace(reprint=path))


class Writeback(unittest.TestCase):
    def fake_vm(self, tmp, background_bytes, ratio, expire):
        for name, value in (("dirty_background_bytes", background_bytes), ("dirty_background_ratio", ratio),
                            ("dirty_expire_centisecs", expire)):
            with open(os.path.join(tmp, name), "w") as f:
                f.write(value + "\n")

    def read(self, tmp, name):
        with open(os.path.join(tmp, name)) as f:
            return f.read().strip()

    def test_sets_then_restores_the_ratio(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.fake_vm(tmp, "0", "10", "3000")
            with scale.WritebackNow(tmp):
                self.assertEqual(self.read(tmp, "dirty_background_bytes"), str(16 * 1024 * 1024))
                self.assertEqual(self.read(tmp, "dirty_expire_centisecs"), "100")
            self.assertEqual(self.read(tmp, "dirty_background_ratio"), "10")
            self.assertEqual(self.read(tmp, "dirty_expire_centisecs"), "3000")

    def test_restores_bytes_after_a_failure(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.fake_vm(tmp, "4096000", "0", "500")
            with self.assertRaises(scale.BenchError):
                with scale.WritebackNow(tmp):
                    raise scale.BenchError("a step failed")
            self.assertEqual(self.read(tmp, "dirty_background_bytes"), "4096000")
            self.assertEqual(self.read(tmp, "dirty_expire_centisecs"), "500")

    def test_unwritable_settings_are_a_clear_error(self):
        with tempfile.TemporaryDirectory() as tmp:  # an empty folder: no settings to read
            with self.assertRaisesRegex(scale.BenchError, "needs root"):
                with scale.WritebackNow(tmp):
                    pass


def smoke(build_dir):
    """One small real run; returns 0, or 77 without ../shared, or 1 with the failed check."""
    if not os.path.isfile(TARBALL):
        print("skipped: %s is missing" % TARBALL)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="scale-smoke-") as tmp:
        out = os.path.join(tmp, "scale.json")
        work = os.path.join(tmp, "work")
        p = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "scale.py"), "--factors", "0.02,0.05",
                            "--bin", build_dir, "--work", work, "--json", out, "--rounds", "1", "--updates", "1",
                            "--builds", "2"],
                           capture_output=True, text=True)
        print(p.stdout, p.stderr)
        checks = [(p.returncode == 0, "bench/scale.py exited %d" % p.returncode)]
        if p.returncode == 0:
            with open(out) as f:
                doc = json.load(f)
            rows = doc["rows"]
            checks += [
                (len(rows) == 2, "two rows"),
                (rows[0]["raw_bytes"] < rows[1]["raw_bytes"], "the larger factor has more bytes"),
                (0 < rows[0]["paragraphs"] < rows[1]["paragraphs"], "and more paragraphs"),
                (all(r["size_over_raw"] > 0.5 for r in rows), "an index of a plausible size"),
                (all(len(r["builds"]) == 2 for r in rows), "two full builds a factor"),
                (all(b["summary"]["added"] == b["summary"]["files"] - b["summary"]["empty"] - b["summary"]["skipped"]
                     for r in rows for b in r["builds"]), "each build from nothing: every file added"),
                (all(0 < r["merge_cpu_s"] < r["build_cpu_s"] for r in rows), "the merges timed, a part of the build"),
                (all(r["queries"]["one"]["rounds"][0]["hits"] > 0 for r in rows), "queries found passages"),
                (all(r["updates"][k]["runs"][0]["summary"][v] == 1 for r in rows
                     for k, v in (("add", "added"), ("change", "updated"), ("delete", "removed"), ("rescan", "updated"))),
                 "each update indexed its one file"),
                (all(r["updates"][k]["runs"][0]["summary"]["states_read"] <= 3 for r in rows
                     for k in ("add", "change", "delete")),
                 "a run naming one file read a few file states, not every file's"),
                (set(doc["growth_per_10x"]) == {k for k, _, _, _ in scale.COLUMNS}, "a growth figure per column"),
                ("verdict" in p.stdout and "per 10x" in p.stdout, "the table printed"),
                (os.listdir(work) == [], "the work folder removed"),
            ]
        failed = [what for ok, what in checks if not ok]
        for what in failed:
            print("FAILED: " + what)
        return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "smoke":
        sys.exit(smoke(sys.argv[2]))
    if len(sys.argv) == 2 and sys.argv[1] == "units":
        sys.exit(0 if unittest.main(argv=[sys.argv[0]], exit=False).result.wasSuccessful() else 1)
    print(__doc__, file=sys.stderr)
    sys.exit(2)
