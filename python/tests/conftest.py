"""Fixtures for the Python wrapper's tests: the built tools, and indexes built with parasearch-index."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))  # the package under test, without installing it

BUILD = pathlib.Path(os.environ.get("PARASEARCH_BUILD_DIR", REPO / "build"))
INDEX_EXE = BUILD / "parasearch-index"
QUERY_EXE = BUILD / "parasearch-query"
SHARED = REPO.parent / "shared"  # ../shared: the team's real data (read-only)
UDHR = SHARED / "corpora" / "udhr"


def pytest_configure(config):
    if not INDEX_EXE.exists() or not QUERY_EXE.exists():
        raise pytest.UsageError(f"build the tools first: no {INDEX_EXE} or {QUERY_EXE} (set PARASEARCH_BUILD_DIR)")


def run_index(db, *args):
    """Runs parasearch-index --db DB ARGS... and checks it succeeded."""
    subprocess.run([INDEX_EXE, "--db", db, "--jobs", "1", *args], check=True, capture_output=True)


def run_query(db, query, *args):
    """parasearch-query --json over `db`: (exit code, the hits as dicts, stderr)."""
    p = subprocess.run([QUERY_EXE, "--db", db, "--json", *args, "--", query], capture_output=True)
    import json

    hits = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines() if line]
    return p.returncode, hits, p.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    """An index (english) of the repository's sample corpus, the UN press release."""
    db = tmp_path_factory.mktemp("corpus") / "db"
    run_index(db, REPO / "corpus")
    return db


@pytest.fixture(scope="session")
def udhr_db(tmp_path_factory):
    """An index (--lang auto) of the UDHR in English, French, Arabic and Chinese from ../shared."""
    if not UDHR.is_dir():
        pytest.skip(f"no {UDHR} (the team's shared data) on this machine")
    folder = tmp_path_factory.mktemp("udhr")
    for lang in ("en", "fr", "ar", "zh"):
        shutil.copy(UDHR / f"{lang}.txt", folder / f"{lang}.txt")
    db = folder.parent / (folder.name + "-db")
    run_index(db, "--lang", "auto", folder)
    return db
