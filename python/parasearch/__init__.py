"""Search (and build) parasearch paragraph indexes from Python.

A thin ctypes wrapper over parasearch's C API (``libparasearch_c.so``, see
``include/parasearch/parasearch.h``); no build step and no dependencies beyond the standard library.

    import parasearch

    with parasearch.Indexer("un.db") as ix:          # create or update an index
        ix.index_paths(["corpus"])
    with parasearch.Searcher("un.db") as s:
        page = s.search('"preventive diplomacy"', limit=5)
        for hit in page["hits"]:
            print(hit["path"], hit["paragraph"], hit["snippet"])

Hits are the dicts ``parasearch-query --json`` prints (docs/QUERY.md). Errors raise subclasses of
:class:`ParasearchError`.

The shared library is looked for, in this order:

1. the file named by the environment variable ``PARASEARCH_LIB``;
2. ``libparasearch_c.so`` next to this file (a copy placed in the package);
3. ``build/libparasearch_c.so`` of the source tree this package sits in (``python/../build``);
4. the system's library search path (``LD_LIBRARY_PATH``, the installed lib dir, ``ldconfig``).
"""

import ctypes
import ctypes.util
import json
import os
import threading

__all__ = [
    "Searcher",
    "Indexer",
    "ParasearchError",
    "UsageError",
    "QueryError",
    "IndexBusyError",
    "DatabaseError",
    "InternalError",
    "library_path",
    "version",
]

_LIB_NAME = "libparasearch_c.so"

# Status codes of the C API (enum ps_status in parasearch.h).
_OK = 0
_NOT_FOUND = 1
_ERR_USAGE = 2
_ERR_BUSY = 3
_ERR_DATABASE = 4
_ERR_INTERNAL = 5
_ERR_QUERY = 7


class ParasearchError(Exception):
    """Base class of every parasearch error; ``code`` is the C API's status (the tools' exit code)."""

    def __init__(self, message, code):
        super().__init__(message)
        self.code = code


class UsageError(ParasearchError, ValueError):
    """A bad argument: an unknown option, a value of the wrong type or range."""


class QueryError(UsageError):
    """A malformed or over-long query; the message names the query."""


class IndexBusyError(ParasearchError):
    """Another indexer holds the index's write lock."""


class DatabaseError(ParasearchError):
    """The index is missing, unreadable, corrupt, or could not be written."""


class InternalError(ParasearchError):
    """Out of memory, or an unexpected internal error (a bug: please report it)."""


_ERRORS = {
    _ERR_USAGE: UsageError,
    _ERR_QUERY: QueryError,
    _ERR_BUSY: IndexBusyError,
    _ERR_DATABASE: DatabaseError,
    _ERR_INTERNAL: InternalError,
}


def _candidates():
    """The places to load the library from, in the documented order."""
    env = os.environ.get("PARASEARCH_LIB")
    if env:
        return [env]  # named explicitly: nothing else is tried
    here = os.path.dirname(os.path.abspath(__file__))
    found = [
        os.path.join(here, _LIB_NAME),
        os.path.join(os.path.dirname(os.path.dirname(here)), "build", _LIB_NAME),
    ]
    found = [p for p in found if os.path.exists(p)]
    system = ctypes.util.find_library("parasearch_c")
    return found + [system or _LIB_NAME]


def _load():
    """Loads the C library and declares its functions; raises OSError naming every place tried."""
    tried = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
            break
        except OSError as e:
            tried.append(f"{path} ({e})")
    else:
        raise OSError(
            "cannot load libparasearch_c.so; tried " + "; ".join(tried) + ". Build it (scripts/build) "
            "or set PARASEARCH_LIB to its path"
        )
    c_int, c_char_p, c_void_p, c_size_t, c_uint = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_uint,
    )
    out = ctypes.POINTER(c_void_p)  # char ** (read as a pointer, freed with ps_free)
    handle = ctypes.POINTER(c_void_p)
    signatures = {
        "ps_version": (c_char_p, []),
        "ps_last_error": (c_char_p, []),
        "ps_free": (None, [c_void_p]),
        "ps_searcher_open": (c_int, [c_char_p, c_uint, handle]),
        "ps_searcher_close": (None, [c_void_p]),
        "ps_search": (c_int, [c_void_p, c_char_p, c_size_t, c_char_p, out]),
        "ps_passage": (c_int, [c_void_p, c_char_p, c_uint, c_size_t, out]),
        "ps_searcher_info": (c_int, [c_void_p, out]),
        "ps_searcher_load_synonyms": (c_int, [c_void_p, c_char_p]),
        "ps_indexer_open": (c_int, [c_char_p, c_char_p, handle]),
        "ps_indexer_close": (None, [c_void_p]),
        "ps_indexer_add_text": (c_int, [c_void_p, c_char_p, c_char_p, c_size_t]),
        "ps_indexer_index_paths": (c_int, [c_void_p, ctypes.POINTER(c_char_p), c_size_t, out]),
        "ps_indexer_commit": (c_int, [c_void_p, out]),
    }
    for name, (restype, argtypes) in signatures.items():
        f = getattr(lib, name)
        f.restype, f.argtypes = restype, argtypes
    return lib, path


_lib = None
_lib_path = None
_lib_lock = threading.Lock()


def _c():
    """The loaded C library (loaded on first use)."""
    global _lib, _lib_path
    with _lib_lock:
        if _lib is None:
            _lib, _lib_path = _load()
    return _lib


def library_path():
    """The path the C library was loaded from (loading it if needed)."""
    _c()
    return _lib_path


def version():
    """parasearch's version, e.g. "0.1.0"."""
    return _c().ps_version().decode()


def _bytes(value, what):
    """`value` (str, bytes or os.PathLike) as UTF-8 bytes for C; str keeps os.fsdecode'd bytes as they were."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
        if isinstance(value, bytes):
            return value
    if not isinstance(value, str):
        raise UsageError(f"{what} must be a str or bytes, not {type(value).__name__}", _ERR_USAGE)
    try:
        return value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError as e:
        raise UsageError(f"{what} {value!r} is not valid text: {e.reason}", _ERR_USAGE) from None


def _no_nul(data, what):
    """Refuses a C string argument with a NUL byte in it (C would silently cut it there)."""
    if b"\0" in data:
        raise UsageError(f"{what} {data!r} contains a NUL character", _ERR_USAGE)
    return data


def _check(status):
    """Raises the ParasearchError subclass of a failed C call, with its message."""
    if status == _OK:
        return
    message = _c().ps_last_error().decode("utf-8", "replace")
    raise _ERRORS.get(status, InternalError)(message, status)


def _take(ptr):
    """The JSON text a C call returned in `ptr` (a c_void_p), parsed; the buffer is freed."""
    if not ptr.value:
        return None
    try:
        return json.loads(ctypes.string_at(ptr.value).decode("utf-8"))
    finally:
        _c().ps_free(ptr)


class _Handle:
    """What Searcher and Indexer share: a C handle, a lock serialising calls on it, and closing."""

    _kind = ""  # "Searcher" or "Indexer", for messages
    _close_name = ""  # the C function that releases the handle

    def __init__(self):
        self._lock = threading.Lock()
        self._handle = None

    def _open(self):
        if self._handle is None:
            raise UsageError(f"the {self._kind} is closed", _ERR_USAGE)
        return self._handle

    def close(self):
        """Releases the handle; later calls raise UsageError. Closing twice is harmless."""
        with self._lock:
            if self._handle is not None:
                getattr(_c(), self._close_name)(self._handle)
                self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_handle", None) is not None:
            try:
                self.close()
            except Exception:  # at interpreter exit the module may be half torn down
                pass


class Searcher(_Handle):
    """A paragraph index opened read-only for searching.

    Each search sees a consistent snapshot of the index and picks up what an indexer has committed
    since. Safe to share between threads (calls are serialised); for parallel searches give each
    thread its own Searcher with ``threads=1``. Use it as a context manager, or call :meth:`close`.
    """

    _kind, _close_name = "Searcher", "ps_searcher_close"

    def __init__(self, path, threads=0):
        """Opens the index at `path`; `threads`: how many threads one search may use (0 = one per core).

        Raises DatabaseError (naming the path) if it is missing or unreadable.
        """
        if not isinstance(threads, int) or threads < 0:
            raise UsageError(f"threads must be a whole number, not {threads!r}", _ERR_USAGE)
        super().__init__()
        handle = ctypes.c_void_p()
        _check(_c().ps_searcher_open(_no_nul(_bytes(path, "index path"), "index path"), threads, ctypes.byref(handle)))
        self._handle = handle

    def search(self, query, limit=10, offset=0, per_doc=False, context=0, lang=None, **options):
        """Runs `query` (str or bytes; the query language of docs/QUERY.md) and returns
        ``{"total": N, "hits": [hit, ...]}`` (plus ``"suggestion"`` with ``spelling=True``).

        `limit` hits from `offset`; `per_doc`: the best passage of each document (with ``"others"``);
        `context`: paragraphs before and after each hit (``"before"``/``"after"``); `lang`: only
        passages in this language (ISO 639-1). Further options as keywords: explain, spelling,
        exact_count, default_op ("or"/"and"), plain, snippet_chars, snippets, html, mark_start,
        mark_end, facets (a list: path fields, "FIELD/N", "lang"; adds ``"facets"`` to the result),
        filters (a list of "FIELD:VALUE", "FIELD:LO..HI", "path:PATH"), ranking (a dict: k1, b,
        proximity, proximity_window, rerank_depth, title_weight).
        Raises QueryError for a malformed query, UsageError for bad options.
        """
        opts = dict(options, limit=limit, offset=offset, per_doc=per_doc, context=context)
        if lang is not None:
            opts["lang"] = lang
        text = _bytes(query, "query")
        out = ctypes.c_void_p()
        with self._lock:
            handle = self._open()
            _check(_c().ps_search(handle, text, len(text), json.dumps(opts).encode(), ctypes.byref(out)))
        return _take(out)

    def passage(self, path, paragraph, context=0):
        """Paragraph `paragraph` (from 1) of the document stored as `path` (a hit's "path"), as a hit
        dict with up to `context` paragraphs before and after it; None if the index has no such paragraph.
        """
        if not isinstance(paragraph, int) or not 0 <= paragraph < 2**32:
            raise UsageError(f"paragraph must be a whole number, not {paragraph!r}", _ERR_USAGE)
        if not isinstance(context, int) or context < 0:
            raise UsageError(f"context must be a whole number, not {context!r}", _ERR_USAGE)
        out = ctypes.c_void_p()
        with self._lock:
            handle = self._open()
            status = _c().ps_passage(handle, _no_nul(_bytes(path, "path"), "path"), paragraph, context,
                                     ctypes.byref(out))
            if status == _NOT_FOUND:
                return None
            _check(status)
        return _take(out)

    def info(self):
        """``{"paragraphs": N, "language": "english"}``: the index's size and stemming language."""
        out = ctypes.c_void_p()
        with self._lock:
            _check(_c().ps_searcher_info(self._open(), ctypes.byref(out)))
        return _take(out)

    def load_synonyms(self, file):
        """Reads synonym groups ("UN = United Nations", one per line) from `file` for later searches."""
        with self._lock:
            _check(_c().ps_searcher_load_synonyms(self._open(), _no_nul(_bytes(file, "file"), "file")))



class Indexer(_Handle):
    """A paragraph index opened for writing (holding its write lock until closed).

    Options as keywords (defaults as parasearch-index): lang, path_fields, buckets, full, jobs,
    commit_every, max_file_bytes, follow_symlinks, include_hidden, extensions (a list).
    Raises IndexBusyError if another indexer holds the index. :meth:`close` releases the index's lock;
    documents added but not committed are dropped.
    """

    _kind, _close_name = "Indexer", "ps_indexer_close"

    def __init__(self, path, **options):
        """Opens or creates the index at `path` with `options` (see the class docstring)."""
        super().__init__()
        handle = ctypes.c_void_p()
        _check(_c().ps_indexer_open(_no_nul(_bytes(path, "index path"), "index path"),
                                    json.dumps(options).encode(), ctypes.byref(handle)))
        self._handle = handle

    def index_paths(self, paths):
        """Indexes files and folders (recursively) and commits; returns the run's summary dict
        (files, added, updated, unchanged, removed, skipped, failed, paragraphs, ...)."""
        if isinstance(paths, (str, bytes, os.PathLike)):
            paths = [paths]
        encoded = [_no_nul(_bytes(p, "path"), "path") for p in paths]
        array = (ctypes.c_char_p * len(encoded))(*encoded)
        out = ctypes.c_void_p()
        with self._lock:
            _check(_c().ps_indexer_index_paths(self._open(), array, len(encoded), ctypes.byref(out)))
        return _take(out)

    def add_text(self, path, text):
        """Stages a document (str, or the bytes of a text, PDF, HTML, DOCX or ODT file) under `path`;
        :meth:`commit` writes it."""
        data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        with self._lock:
            _check(_c().ps_indexer_add_text(self._open(), _no_nul(_bytes(path, "path"), "path"), data, len(data)))

    def commit(self):
        """Writes everything staged with :meth:`add_text`; returns the summary dict."""
        out = ctypes.c_void_p()
        with self._lock:
            _check(_c().ps_indexer_commit(self._open(), ctypes.byref(out)))
        return _take(out)

    def __exit__(self, exc_type, *exc):
        """Commits (unless an exception is leaving the block), then closes."""
        try:
            if exc_type is None and self._handle is not None:
                self.commit()
        finally:
            self.close()
