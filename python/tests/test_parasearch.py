"""The Python wrapper over the C API: the same hits as parasearch-query --json, passages, errors as
exceptions, Unicode, hostile query bytes, and indexing from Python."""

import os
import re
import subprocess
import sys
import threading

import pytest

import parasearch
from conftest import REPO, UDHR, run_query

# (query, keyword arguments of Searcher.search, the same as parasearch-query flags)
CORPUS_CASES = [
    ('"preventive diplomacy"', {}, []),
    ("terrorism organized crime", {"limit": 5}, ["--limit", "5"]),
    ("terrorism organized crime", {"limit": 3, "offset": 2}, ["--limit", "3", "--offset", "2"]),
    ("diplom*", {"per_doc": True}, ["--per-doc"]),
    ("prevention", {"context": 1}, ["--context", "1"]),
    ("title:terrorism", {}, []),
    ("security NEAR/3 issues", {"explain": True}, ["--explain"]),
    ("drugs crime", {"default_op": "and"}, ["--and"]),
    ("+crime -drugs", {"snippet_chars": 40}, ["--snippet-chars", "40"]),
    ("Secretary-General", {"ranking": {"k1": 0.9, "b": 0.4}}, ["--bm25-k1", "0.9", "--bm25-b", "0.4"]),
]


@pytest.mark.parametrize("query,kwargs,flags", CORPUS_CASES)
def test_search_gives_the_hits_of_parasearch_query_json(corpus_db, query, kwargs, flags):
    code, expected, _ = run_query(corpus_db, query, *flags)
    with parasearch.Searcher(corpus_db) as s:
        page = s.search(query, **kwargs)
    assert code == 0 and expected, f"the CLI found nothing for {query!r}: a useless case"
    assert page["hits"] == expected
    assert page["total"] >= len(expected) + kwargs.get("offset", 0)


def test_a_search_without_hits_is_an_empty_page_not_an_error(corpus_db):
    code, expected, _ = run_query(corpus_db, "xylophonequartz")
    with parasearch.Searcher(corpus_db) as s:
        assert s.search("xylophonequartz") == {"total": 0, "hits": []}
    assert code == 1 and expected == []


def test_paging_through_all_hits_gives_the_first_page_in_order(corpus_db):
    query = "nations security crime international"
    with parasearch.Searcher(corpus_db, threads=1) as s:
        whole = s.search(query, limit=6)["hits"]
        paged = [h for offset in (0, 2, 4) for h in s.search(query, limit=2, offset=offset)["hits"]]
    assert len(whole) == 6
    assert paged == whole


def test_a_malformed_query_raises_query_error_naming_it(corpus_db):
    code, _, err = run_query(corpus_db, "peace AND")
    assert code == 2  # the tools' usage exit code
    with parasearch.Searcher(corpus_db) as s:
        with pytest.raises(parasearch.QueryError) as e:
            s.search("peace AND")
    assert "peace AND" in str(e.value)
    assert e.value.code == 7
    assert isinstance(e.value, parasearch.UsageError)
    assert str(e.value) in err  # the same message the tool prints


def test_an_over_long_query_raises_query_error(corpus_db):
    with parasearch.Searcher(corpus_db) as s, pytest.raises(parasearch.QueryError, match="too long"):
        s.search("peace " * 1000)


def test_a_missing_index_raises_database_error_naming_it(tmp_path):
    missing = tmp_path / "no-such-index"
    with pytest.raises(parasearch.DatabaseError) as e:
        parasearch.Searcher(missing)
    assert str(missing) in str(e.value)
    assert e.value.code == 4


def test_bad_options_raise_usage_error_naming_the_key(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        with pytest.raises(parasearch.UsageError, match="unknown key 'limt'"):
            s.search("peace", limt=3)
        with pytest.raises(parasearch.UsageError, match="'limit' must be a whole number"):
            s.search("peace", limit="ten")
        with pytest.raises(parasearch.UsageError, match="'limit' must be a whole number"):
            s.search("peace", limit=-1)
        with pytest.raises(parasearch.UsageError, match="'per_doc' must be true or false"):
            s.search("peace", per_doc=1)
        with pytest.raises(parasearch.UsageError, match="'ranking.k1' must be a number"):
            s.search("peace", ranking={"k1": "high"})
        with pytest.raises(parasearch.UsageError, match="unknown key 'ranking.k2'"):
            s.search("peace", ranking={"k2": 1})
        with pytest.raises(parasearch.UsageError, match="b"):  # in range is the library's check
            s.search("peace", ranking={"b": 1.5})
        with pytest.raises(parasearch.UsageError, match="'default_op'"):
            s.search("peace", default_op="xor")


def test_passage_returns_the_stored_paragraph_with_context(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        hit = s.search('"preventive diplomacy"', limit=1, context=1)["hits"][0]
        p = s.passage(hit["path"], hit["paragraph"], context=1)
        assert p["text"] == hit["text"]
        assert p["before"] == hit["before"] and p["after"] == hit["after"]
        assert p["path"] == hit["path"] and p["paragraph"] == hit["paragraph"]
        assert s.passage(hit["path"], hit["paragraph"])["text"] == hit["text"]
        assert "before" not in s.passage(hit["path"], hit["paragraph"])
        assert s.passage(hit["path"], 100000) is None
        assert s.passage("no/such/file.txt", 1) is None
        with pytest.raises(parasearch.UsageError):
            s.passage(hit["path"], -1)


def test_info_reports_the_index_size_and_language(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        info = s.info()
        (path,) = {h["path"] for h in s.search("nations crime security", limit=100)["hits"]}  # one document
        stored = 0
        while s.passage(path, stored + 1) is not None:
            stored += 1
    assert info["language"] == "english"
    assert info["paragraphs"] == stored > 5


def test_a_closed_searcher_refuses_calls(corpus_db):
    s = parasearch.Searcher(corpus_db)
    s.close()
    s.close()
    with pytest.raises(parasearch.UsageError, match="closed"):
        s.search("peace")


def test_a_query_with_a_nul_byte_is_searched_whole_not_cut(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        cut = s.search("xylophonequartz")
        whole = s.search("xylophonequartz\0diplomacy")
        spaced = s.search("xylophonequartz diplomacy")
    assert cut["hits"] == []
    assert whole["hits"] and whole["hits"] == spaced["hits"]  # NUL separates words like a space


def test_a_query_of_invalid_utf8_gives_the_hits_of_the_tool(corpus_db):
    query = b"diplomacy \xff\xfe prevention \xc3"
    code, expected, _ = run_query(corpus_db, query)
    with parasearch.Searcher(corpus_db) as s:
        page = s.search(query)
    assert code == 0 and expected
    assert page["hits"] == expected


def test_searches_from_several_threads_share_one_searcher(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        expected = {q: s.search(q)["hits"] for q in ("terrorism", "diplomacy", "crime drugs")}
        failures = []

        def worker(q):
            for _ in range(5):
                if s.search(q)["hits"] != expected[q]:
                    failures.append(q)

        threads = [threading.Thread(target=worker, args=(q,)) for q in expected for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []


# ------------------------------------------------------------------ Unicode (UDHR from ../shared)

UNICODE_QUERIES = ["人人有权", "لكل شخص الحق", '"droits de l\'homme"', "dignity rights"]


@pytest.mark.parametrize("query", UNICODE_QUERIES)
def test_unicode_queries_give_the_hits_of_the_tool(udhr_db, query):
    code, expected, _ = run_query(udhr_db, query)
    with parasearch.Searcher(udhr_db) as s:
        page = s.search(query, limit=10)
    assert code == 0 and expected
    assert page["hits"] == expected


@pytest.mark.parametrize("lang,query", [("zh", "人人有权"), ("ar", "لكل شخص الحق")])
def test_cjk_and_arabic_text_round_trips(udhr_db, lang, query):
    source = (UDHR / f"{lang}.txt").read_text(encoding="utf-8")
    with parasearch.Searcher(udhr_db) as s:
        hits = s.search(query, lang=lang, limit=5)["hits"]
        assert hits and all(h["language"] == lang for h in hits)
        for h in hits:
            assert h["text"] in source  # the paragraph's characters came back unchanged
            begin, end = h["highlights"][0]  # character offsets into text
            assert h["text"][begin:end]
            assert s.passage(h["path"], h["paragraph"])["text"] == h["text"]


# ------------------------------------------------------------------ indexing from Python


def test_index_a_folder_then_search_it(tmp_path):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Nuclear disarmament talks resumed.\n\nA second paragraph on fisheries.\n")
    (folder / "sub" / "b.txt").write_text("Fisheries and oceans.\n")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    db = tmp_path / "db"
    with parasearch.Indexer(db, lang="en", jobs=1) as ix:
        summary = ix.index_paths([folder])
    assert summary["added"] == 2 and summary["paragraphs"] == 3 and summary["ignored"] == 1
    with parasearch.Indexer(db) as ix:
        assert ix.index_paths(folder)["unchanged"] == 2  # a second run changes nothing
    with parasearch.Searcher(db) as s:
        hits = s.search("fisheries")["hits"]
        assert sorted(h["path"] for h in hits) == ["a.txt", "sub/b.txt"]
        code, expected, _ = run_query(db, "fisheries")
        assert hits == expected


def test_add_text_and_unicode_paths_round_trip(tmp_path):
    db = tmp_path / "db"
    path = "文档/وثيقة 1.txt"
    with parasearch.Indexer(db, lang="auto") as ix:
        ix.add_text(path, "世界人权宣言。\n\nالإعلان العالمي لحقوق الإنسان\n")
    with parasearch.Searcher(db) as s:
        hit = s.passage(path, 1)
        assert hit["path"] == path and hit["text"] == "世界人权宣言。"
        assert s.passage(path, 2)["text"] == "الإعلان العالمي لحقوق الإنسان"
        assert [h["path"] for h in s.search("人权")["hits"]] == [path]


def test_a_second_indexer_gets_index_busy_error(tmp_path):
    db = tmp_path / "db"
    with parasearch.Indexer(db):
        with pytest.raises(parasearch.IndexBusyError, match="busy") as e:
            parasearch.Indexer(db)
        assert e.value.code == 3


def test_bad_index_options_raise_usage_error(tmp_path):
    with pytest.raises(parasearch.UsageError, match="unknown key 'langs'"):
        parasearch.Indexer(tmp_path / "db", langs="en")
    with pytest.raises(parasearch.UsageError, match="'extensions'"):
        parasearch.Indexer(tmp_path / "db", extensions="txt")


def test_the_library_and_its_version_are_found():
    declared = re.search(r"project\(parasearch VERSION (\S+)", (REPO / "CMakeLists.txt").read_text()).group(1)
    assert parasearch.version() == declared
    assert parasearch.library_path()


def _load_in_subprocess(env_lib):
    """Imports parasearch in a fresh python with PARASEARCH_LIB=`env_lib` (None: unset); (rc, out, err)."""
    env = {k: v for k, v in os.environ.items() if k != "PARASEARCH_LIB"}
    if env_lib is not None:
        env["PARASEARCH_LIB"] = env_lib
    code = "import parasearch; print(parasearch.library_path())"
    p = subprocess.run([sys.executable, "-c", code], env=dict(env, PYTHONPATH=str(REPO / "python")),
                       capture_output=True, text=True)
    return p.returncode, p.stdout.strip(), p.stderr


def test_parasearch_lib_names_the_library_and_nothing_else_is_tried(tmp_path):
    rc, _, err = _load_in_subprocess(str(tmp_path / "libmissing.so"))
    assert rc != 0
    assert "libmissing.so" in err and "PARASEARCH_LIB" in err


def test_without_parasearch_lib_the_build_dir_of_the_source_tree_is_used():
    if not (REPO / "build" / "libparasearch_c.so").exists():
        pytest.skip("no build/libparasearch_c.so in this source tree (built elsewhere)")
    rc, out, err = _load_in_subprocess(None)
    assert rc == 0, err
    assert out == str(REPO / "build" / "libparasearch_c.so")


def test_arguments_of_the_wrong_type_raise_usage_error(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        with pytest.raises(parasearch.UsageError, match="query must be a str or bytes"):
            s.search(42)
        with pytest.raises(parasearch.UsageError, match="NUL"):
            s.passage("a\0b.txt", 1)
    with pytest.raises(parasearch.UsageError, match="threads"):
        parasearch.Searcher(corpus_db, threads=-1)


def test_a_huge_limit_returns_every_hit(corpus_db):
    with parasearch.Searcher(corpus_db) as s:
        every = s.search("nations security crime", limit=1000)["hits"]
        assert len(every) > 3
        for limit in (2**32, 2**40, 2**64 - 1):
            assert s.search("nations security crime", limit=limit)["hits"] == every
        with pytest.raises(parasearch.UsageError, match="'limit' must be a whole number"):
            s.search("peace", limit=2**64)  # over the C API's size_t


def test_facets_and_filters_are_those_of_parasearch_query(udhr_db):
    code, lines, _ = run_query(udhr_db, "rights OR droits", "--facets", "lang", "--limit", "3")
    assert code == 0 and lines and "facets" in lines[-1], "the CLI printed no facets line"
    with parasearch.Searcher(udhr_db) as s:
        page = s.search("rights OR droits", limit=3, facets=["lang"])
        assert page["hits"] == lines[:-1]
        assert page["facets"] == lines[-1]["facets"]
        languages = {k for k in page["facets"]["lang"]}
        assert {"en", "fr"} <= languages
        french = s.search("rights OR droits", limit=50, filters=["lang:fr"])
        assert french["hits"] and all(h["language"] == "fr" for h in french["hits"])
        with pytest.raises(parasearch.UsageError, match="facets"):
            s.search("rights", facets="lang")
