"""The index cache: a knowledge version's Matcher and ClauseIndex arrays on disk, loaded memory-mapped.

Building the index reads every phrasing through jieba (at 100× knowledge: 160 000 phrasings,
tens of seconds and over a gigabyte on the way). The finished index is a few flat numpy
arrays, so it is written once per knowledge version — by `qualbot kb build`, or by the first
process that needs it — as `<index dir>/<knowledge version>-<key>/`, one `.npy` file per array
and a `meta.json`. Later processes `np.load(mmap_mode="r")` them: they start in a fraction of
a second, and several workers on one machine share the same pages of the page cache.

* The key hashes everything the index is made from (entries' phrasings and keywords, clauses,
  titles, synonyms) and the code and data files that make it (tokenizer, word list, this
  format), so a changed knowledge base or a changed program never reads a stale index.
* A folder is written under a temporary name and renamed when complete: a reader sees a
  whole index or none. One that is unreadable or inconsistent anyway (a disk fault, a hand
  edit) is set aside and rebuilt, never trusted and never a crash.
* Nothing is unpickled (`allow_pickle=False`); the metadata is JSON.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import jieba
import numpy as np
import opencc

from bot.kb.model import KnowledgeBase
from bot.matching import Matcher
from bot.retrieval import ClauseIndex
from bot.text import TextPipeline

log = logging.getLogger(__name__)

INDEX_FORMAT = 1  # bump when the arrays' meaning changes (the code hash below catches the rest)
KEEP = 4  # index folders kept (the newest); older knowledge versions' folders are removed
_CODE = (
    "kb/normalise.py",  # fold(): every phrasing passes through it
    "text.py",
    "tables.py",
    "matching.py",
    "retrieval.py",
    "index_cache.py",
    "data/words.txt",
    "data/pinyin.tsv",
)
_PARTS = (("m", Matcher), ("c", ClauseIndex))

Arrays = Mapping[str, np.ndarray]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    versions = f"jieba {jieba.__version__} opencc {getattr(opencc, '__version__', '?')} numpy {np.__version__}"
    digest = hashlib.sha256(f"format {INDEX_FORMAT} {versions} {sys.byteorder}".encode())
    here = Path(__file__).parent
    for name in _CODE:
        digest.update(name.encode())
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def index_key(kb: KnowledgeBase) -> str:
    """`<knowledge version>-<hash of what the index is built from>`: a folder name."""
    content = {
        "entries": [(e.id, e.title, e.questions, e.keywords) for e in kb.entries.values()],
        "documents": [
            (
                d.id,
                d.title,
                d.short_title,
                d.doc_no,
                [(c.cite, c.text, c.keywords, c.responsible, c.heading) for c in d.clauses],
            )
            for d in kb.documents.values()
        ],
        "synonyms": sorted(kb.synonyms.items()),
    }
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(json.dumps(content, ensure_ascii=False, default=str).encode("utf-8"))
    return f"{kb.version}-{digest.hexdigest()[:16]}"


def index_arrays(kb: KnowledgeBase, pipeline: TextPipeline, root: Path | str) -> tuple[Arrays, Arrays]:
    """(Matcher arrays, ClauseIndex arrays) for `kb`: from the cache under `root`, or built and
    written there. Never fails for the cache's sake: an unwritable folder means an index in memory."""
    root = Path(root)
    key = index_key(kb)
    folder = root / key
    if folder.is_dir():
        try:
            return load_index(folder, key, kb)
        except Exception as exc:  # whatever is wrong with it, it is rebuilt
            log.warning("index cache %s is unusable (%s); rebuilding it", folder, exc)
            _set_aside(folder)
    started = time.perf_counter()
    built = Matcher.build_arrays(kb, pipeline), ClauseIndex.build_arrays(kb, pipeline)
    try:
        write_index(root, key, kb, *built)
        arrays = load_index(folder, key, kb)
    except Exception as exc:  # a read-only disk must not stop the bot
        log.warning("index cache not written to %s (%s); using the index built in memory", root, exc)
        return built
    log.info(
        "index for knowledge %s built in %.1f s and cached in %s", kb.version, time.perf_counter() - started, folder
    )
    _prune(root, keep=folder.name)
    return arrays


def write_index(root: Path, key: str, kb: KnowledgeBase, matcher: Arrays, clauses: Arrays) -> Path:
    """Write the arrays under a temporary name, then rename: readers see all of it or nothing.
    When another process renamed its copy first, that one is kept."""
    root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".tmp-{key}-", dir=root))
    try:
        files = {}
        for prefix, arrays in (("m", matcher), ("c", clauses)):
            for name, array in arrays.items():
                path = temp / f"{prefix}.{name}.npy"
                with open(path, "wb") as handle:
                    np.save(handle, np.ascontiguousarray(array), allow_pickle=False)
                    handle.flush()
                    os.fsync(handle.fileno())
                files[path.name] = path.stat().st_size
        meta = {
            "format": INDEX_FORMAT,
            "key": key,
            "knowledge_version": kb.version,
            "entries": len(kb.entries),
            "clauses": _clause_count(kb),
            "files": files,
        }
        with open(temp / "meta.json", "w", encoding="utf-8") as handle:
            json.dump(meta, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o755)
        try:
            os.rename(temp, root / key)
        except OSError:
            if not (root / key).is_dir():
                raise
            shutil.rmtree(temp, ignore_errors=True)  # another process finished first: its copy is as good
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return root / key


def load_index(folder: Path, key: str, kb: KnowledgeBase) -> tuple[Arrays, Arrays]:
    """The cached arrays, memory-mapped; ValueError/OSError when the folder is not a whole index for `kb`."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or meta.get("format") != INDEX_FORMAT or meta.get("key") != key:
        raise ValueError("written for another format or knowledge version")
    files = meta.get("files")
    if not isinstance(files, dict):
        raise ValueError("meta.json lists no files")
    loaded: list[dict[str, np.ndarray]] = []
    for prefix, part in _PARTS:
        arrays = {}
        for name in part.ARRAYS:
            path = folder / f"{prefix}.{name}.npy"
            if path.stat().st_size != files.get(path.name):
                raise ValueError(f"{path.name} has {path.stat().st_size} bytes, meta.json says {files.get(path.name)}")
            # a plain ndarray view of the mapping: numpy.memmap slices cost a Python call each
            arrays[name] = np.load(path, mmap_mode="r", allow_pickle=False).view(np.ndarray)
        loaded.append(arrays)
    Matcher.check_arrays(loaded[0], len(kb.entries))
    ClauseIndex.check_arrays(loaded[1], _clause_count(kb))
    return loaded[0], loaded[1]


def _clause_count(kb: KnowledgeBase) -> int:
    return sum(len(d.clauses) for d in kb.documents.values())


def _set_aside(folder: Path) -> None:
    """Move a bad folder out of the way (a worker may still have its files mapped), then delete it."""
    aside = folder.with_name(f".bad-{folder.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(folder, aside)
    except OSError:
        return  # another process moved it first, or the disk is read-only: the rebuild decides
    shutil.rmtree(aside, ignore_errors=True)


def _prune(root: Path, keep: str) -> None:
    """Keep the newest KEEP index folders (a worker still on an older version keeps its mapped
    pages: deleting mapped files is safe); leftovers of interrupted builds older than an hour go."""
    try:
        entries = list(root.iterdir())
        folders = sorted(
            (p for p in entries if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        old = [p for p in folders[KEEP:] if p.name != keep]
        old += [p for p in entries if p.name.startswith((".tmp-", ".bad-")) and time.time() - p.stat().st_mtime > 3600]
        for path in old:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
