#!/usr/bin/env python3
"""The UN passage collection's plumbing (eval/un-passages/), python3 standard library only.

Paragraph identity: `ISO_NN_YYYY#N#HASH`, the stored file name without `.txt`, the paragraph number
(from 1, parasearch's splitter) and the first 12 hex digits of the SHA-1 of the paragraph's text
(UTF-8), so a judgment never silently follows a paragraph whose text changed under a new splitter.

The collection covers every third session of the UN General Debate Corpus (session numbers 1, 4, 7,
..., 76: 1946, 1949, ..., 2021; 26 sessions, about a third of the corpus), so that indexing it twice with
two engines stays within a few minutes on a busy machine; every decade and most events are in it.

Subcommands (scripts/un-pool and scripts/eval call them):
  subset CORPUS DEST                    copy the collection's sessions ('Session NN - YYYY' folders of
                                        the extracted corpus) into DEST (skipped if DEST exists)
  fts5 PARAGRAPHS DB QUERIES            build SQLite FTS5 (porter) over the paragraphs and print its
                                        top 10 per query as a TREC run of paragraph ids
  naive-run PARAGRAPHS NAIVE_RUN        turn parasearch-naive-query --run output into a TREC run of ids
  ps-run PARAGRAPHS RUN                 turn a parasearch-eval run --passages run (docid path#N) into ids
  pool PARAGRAPHS QUERIES OUT RUN...    pool the top 10 of each run per query, blind, in a seeded random
                                        order: OUT gets qid, paragraph id, text (TSV)
PARAGRAPHS is parasearch-naive-index --dump output: docid TAB path TAB number TAB text.
"""
import hashlib
import os
import random
import re
import shutil
import sqlite3
import sys


def paragraph_id(path, number, text):
    """The stable id of paragraph `number` of the file at `path` whose text is `text`."""
    name = os.path.basename(path)
    if name.endswith('.txt'):
        name = name[:-4]
    digest = hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]
    return f'{name}#{number}#{digest}'


def read_paragraphs(path):
    """docid -> (paragraph id, text), and (file name, number) -> (paragraph id, text), from a dump."""
    by_docid, by_place = {}, {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            docid, file_path, number, text = line.rstrip('\n').split('\t', 3)
            pid = paragraph_id(file_path, number, text)
            by_docid[docid] = (pid, text)
            by_place[(os.path.basename(file_path), number)] = (pid, text)
    return by_docid, by_place


def read_queries(path):
    """[(id, query, narrative)] from eval/un-passages/queries.tsv (header line skipped)."""
    out = []
    with open(path, encoding='utf-8') as f:
        for i, line in enumerate(f):
            cols = line.rstrip('\n').split('\t')
            if i == 0 and cols[0] == 'id':
                continue
            if len(cols) < 2:
                sys.exit(f'un_passages: {path} line {i + 1}: expected id TAB query TAB narrative')
            out.append((cols[0], cols[1], cols[2] if len(cols) > 2 else ''))
    return out


def write_trec(out, qid, ids, tag):
    """Writes ids (best first) as TREC run lines with descending scores."""
    for rank, pid in enumerate(ids, 1):
        out.write(f'{qid} Q0 {pid} {rank} {1000 - rank} {tag}\n')


def fts5_query(text, mode):
    """The query for FTS5: quoted phrases kept, AND/OR/NOT kept, each other word quoted (so
    punctuation such as HIV/AIDS becomes a phrase); words joined by `mode` (AND or OR)."""
    parts = []
    for m in re.finditer(r'"([^"]*)"|(\S+)', text):
        if m.group(1) is not None:
            parts.append('"' + m.group(1).replace('"', '') + '"')
        elif m.group(2) in ('AND', 'OR', 'NOT'):
            parts.append(m.group(2))
        else:
            word = m.group(2).replace('"', '')
            if re.search(r'\w', word):
                parts.append('"' + word + '"')
    out = []
    for p in parts:  # an operator needs operands on both sides
        if out and p not in ('AND', 'OR', 'NOT') and out[-1] not in ('AND', 'OR', 'NOT'):
            out.append(mode)
        out.append(p)
    while out and out[-1] in ('AND', 'OR', 'NOT'):
        out.pop()
    return ' '.join(out)


def in_collection(session_folder):
    """Whether a 'Session NN - YYYY' folder belongs to the collection (NN = 1 modulo 3)."""
    m = re.match(r'Session (\d+) - \d{4}$', session_folder)
    return bool(m) and int(m.group(1)) % 3 == 1


def cmd_subset(corpus, dest):
    if os.path.isdir(dest):
        return
    sessions = sorted(d for d in os.listdir(corpus) if in_collection(d))
    if not sessions:
        sys.exit(f"un_passages: no 'Session NN - YYYY' folders in '{corpus}'")
    tmp = dest + '.tmp'
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for d in sessions:
        shutil.copytree(os.path.join(corpus, d), os.path.join(tmp, d))
    os.rename(tmp, dest)


def cmd_fts5(paragraphs, db, queries):
    if not os.path.exists(db):
        con = sqlite3.connect(db + '.tmp')
        con.execute("create virtual table p using fts5(text, tokenize='porter unicode61')")
        with open(paragraphs, encoding='utf-8') as f:
            con.executemany('insert into p(rowid, text) values (?, ?)',
                            ((int(l.split('\t', 1)[0]), l.rstrip('\n').split('\t', 3)[3]) for l in f))
        con.commit()
        con.close()
        os.rename(db + '.tmp', db)
    by_docid, _ = read_paragraphs(paragraphs)
    con = sqlite3.connect(db)
    for qid, text, _ in read_queries(queries):
        rows = []
        for mode in ('AND', 'OR'):  # conjunctive first, as FTS5 does by default; OR if that finds < 10
            rows = con.execute('select rowid from p where p match ? order by bm25(p) limit 10',
                               (fts5_query(text, mode),)).fetchall()
            if len(rows) >= 10:
                break
        write_trec(sys.stdout, qid, [by_docid[str(r[0])][0] for r in rows], 'fts5')


def cmd_naive_run(paragraphs, naive_run):
    by_docid, _ = read_paragraphs(paragraphs)
    runs = {}
    with open(naive_run, encoding='utf-8') as f:
        for line in f:
            qid, docid, _rank, _weight = line.rstrip('\n').split('\t')
            runs.setdefault(qid, []).append(by_docid[docid][0])
    for qid, ids in runs.items():
        write_trec(sys.stdout, qid, ids, 'xapian-bm25')


def cmd_ps_run(paragraphs, run):
    """Hits whose paragraph is not in the dump keep a `#?` id (never judged), so they count as unjudged."""
    _, by_place = read_paragraphs(paragraphs)
    with open(run, encoding='utf-8') as f:
        for line in f:
            cols = line.rstrip('\n').split(' ')
            qid, docid, rank, score, tag = cols[0], ' '.join(cols[2:-3]), cols[-3], cols[-2], cols[-1]
            path, _, number = docid.rpartition('#')
            pid = by_place.get((os.path.basename(path), number), (os.path.basename(path) + '#' + number + '#?',))[0]
            sys.stdout.write(f'{qid} Q0 {pid} {rank} {score} {tag}\n')


def cmd_pool(paragraphs, queries, out, runs):
    by_docid, _ = read_paragraphs(paragraphs)
    text_of = {pid: text for pid, text in by_docid.values()}
    pools = {}
    for run in runs:
        with open(run, encoding='utf-8') as f:
            for line in f:
                qid, _, pid, rank = line.split()[:4]
                if int(rank) <= 10:
                    pools.setdefault(qid, set()).add(pid)
    with open(out, 'w', encoding='utf-8') as f:
        f.write('qid\tparagraph\ttext\n')
        for qid, _, _ in read_queries(queries):
            ids = sorted(pools.get(qid, ()))
            random.Random(qid).shuffle(ids)  # blind: the order says nothing about which ranker found it
            for pid in ids:
                f.write(f'{qid}\t{pid}\t{text_of.get(pid, "")}\n')


def main(argv):
    if len(argv) == 4 and argv[1] == 'subset':
        cmd_subset(*argv[2:4])
    elif len(argv) >= 4 and argv[1] == 'fts5':
        cmd_fts5(*argv[2:5])
    elif len(argv) == 4 and argv[1] == 'naive-run':
        cmd_naive_run(*argv[2:4])
    elif len(argv) == 4 and argv[1] == 'ps-run':
        cmd_ps_run(*argv[2:4])
    elif len(argv) >= 6 and argv[1] == 'pool':
        cmd_pool(argv[2], argv[3], argv[4], argv[5:])
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
