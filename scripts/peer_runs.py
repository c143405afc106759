#!/usr/bin/env python3
"""The peers' runs on a BEIR-style collection, for scripts/eval: plain Xapian BM25 (bench/naive_index and
naive_query: Xapian's QueryParser with STEM_SOME and default flags, the default BM25Weight) and SQLite
FTS5 (porter unicode61 tokenizer, bm25(), the query's words OR-ed), each document indexed as one
passage of its title and text, top 10 each.

Usage: peer_runs.py BIN CORPUS.jsonl QUERIES QRELS WORK
  BIN      the build folder (bench/parasearch-naive-index, bench/parasearch-naive-query)
  QUERIES  BEIR queries.jsonl or 'id TAB text' lines; only the queries QRELS judges are run
Writes WORK/xapian.run and WORK/fts5.run (TREC runs of document ids)."""
import json
import os
import re
import sqlite3
import subprocess
import sys


def read_queries(path, judged):
    """[(id, text)] of the judged queries, in file order."""
    out = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            if not line.strip():
                continue
            if path.endswith('.jsonl'):
                d = json.loads(line)
                qid, text = str(d['_id']), d['text']
            else:
                qid, _, text = line.rstrip('\n').partition('\t')
            if qid in judged:
                out.append((qid, ' '.join(text.split())))
    return out


def judged_ids(qrels):
    """The query ids of TREC (qid 0 doc grade) or BEIR TSV (query-id corpus-id score, with a header) qrels."""
    ids = set()
    with open(qrels, encoding='utf-8') as f:
        for line in f:
            cols = line.split()
            if cols and cols[0] != 'query-id':
                ids.add(cols[0])
    return ids


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__)
    bin_dir, corpus, queries_path, qrels, work = argv[1:]
    os.makedirs(os.path.join(work, 'corpus'), exist_ok=True)
    docs = {}
    with open(corpus, encoding='utf-8') as f:
        for line in f:
            d = json.loads(line)
            docs[str(d['_id'])] = ' '.join(((d.get('title') or '') + '. ' + (d.get('text') or '')).split())
    for doc_id, text in docs.items():  # one file, one line, one passage per document
        with open(os.path.join(work, 'corpus', doc_id + '.txt'), 'w', encoding='utf-8') as f:
            f.write(text + '\n')
    queries = read_queries(queries_path, judged_ids(qrels))
    with open(os.path.join(work, 'queries.tsv'), 'w', encoding='utf-8') as f:
        for qid, text in queries:
            f.write(f'{qid}\t{text}\n')

    # Plain Xapian BM25.
    db, dump = os.path.join(work, 'xapian-db'), os.path.join(work, 'passages.tsv')
    subprocess.run([os.path.join(bin_dir, 'bench', 'parasearch-naive-index'), '--dump', dump, db,
                    os.path.join(work, 'corpus')], check=True, stdout=subprocess.DEVNULL)
    doc_of = {}
    with open(dump, encoding='utf-8') as f:
        for line in f:
            docid, path = line.split('\t', 2)[:2]
            doc_of[docid] = os.path.basename(path)[:-len('.txt')]
    out = subprocess.run([os.path.join(bin_dir, 'bench', 'parasearch-naive-query'), '--run', db,
                          os.path.join(work, 'queries.tsv')], check=True, capture_output=True, text=True).stdout
    with open(os.path.join(work, 'xapian.run'), 'w', encoding='utf-8') as f:
        for line in out.splitlines():
            qid, docid, rank, weight = line.split('\t')
            f.write(f'{qid} Q0 {doc_of[docid]} {rank} {weight} xapian-bm25\n')

    # SQLite FTS5.
    con = sqlite3.connect(':memory:')
    con.execute("create virtual table d using fts5(id unindexed, text, tokenize='porter unicode61')")
    con.executemany('insert into d values (?, ?)', docs.items())
    with open(os.path.join(work, 'fts5.run'), 'w', encoding='utf-8') as f:
        for qid, text in queries:
            words = ['"' + w + '"' for w in re.findall(r'\w+', text)]
            rows = con.execute('select id from d where d match ? order by bm25(d) limit 10',
                               (' OR '.join(words),)).fetchall() if words else []
            for rank, (doc_id,) in enumerate(rows, 1):
                f.write(f'{qid} Q0 {doc_id} {rank} {100 - rank} fts5\n')


if __name__ == '__main__':
    main(sys.argv)
