"""Flat, numpy-backed tables of strings: what the indexes keep instead of Python dicts and lists.

Both are plain arrays, so an index can be saved with `np.save` and loaded memory-mapped
(`bot.index_cache`): several workers then share the pages, and nothing is unpickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np


class TermTable:
    """Terms sorted by their UTF-8 bytes; a term's id is its position (binary search to look up)."""

    def __init__(self, sorted_terms: np.ndarray):
        self._terms = sorted_terms  # dtype S<n>; terms never hold NUL (canonical text is letters and digits)

    @staticmethod
    def build(terms: list[str]) -> tuple[TermTable, np.ndarray]:
        """(table, remap): remap[old id] is the sorted id of the term given at that old position."""
        encoded = np.asarray(
            [t.encode("utf-8") for t in terms], dtype=f"S{max((len(t.encode()) for t in terms), default=1) or 1}"
        )
        order = np.argsort(encoded, kind="stable")
        remap = np.empty(len(terms), dtype=np.int64)
        remap[order] = np.arange(len(terms))
        return TermTable(encoded[order]), remap

    @property
    def array(self) -> np.ndarray:
        return self._terms

    def __len__(self) -> int:
        return len(self._terms)

    def get(self, term: str) -> int | None:
        key = term.encode("utf-8")
        terms = self._terms
        if not key or len(key) > terms.dtype.itemsize:
            return None
        at = int(np.searchsorted(terms, key))
        return at if at < len(terms) and terms[at] == key else None

    def ids(self, terms: Iterable[str]) -> dict[str, int]:
        """{term: id} for those of `terms` in the table: one binary search for them all."""
        terms = [t for t in terms if t]
        keys = [t.encode("utf-8") for t in terms]
        table = self._terms
        width = table.dtype.itemsize
        fits = [i for i, k in enumerate(keys) if len(k) <= width]  # a longer one cannot be in it (nor be cut short)
        if not fits or not len(table):
            return {}
        wanted = np.asarray([keys[i] for i in fits], dtype=table.dtype)
        at = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
        hit = table[at] == wanted
        return {terms[i]: int(a) for i, a, h in zip(fits, at.tolist(), hit.tolist(), strict=True) if h}

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self.get(term) is not None

    def __iter__(self) -> Iterator[str]:
        return (t.decode("utf-8") for t in self._terms)


class StringTable:
    """A list of strings as one UTF-8 blob and offsets; strings decoded on access."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self._blob = blob
        self._offsets = offsets

    @staticmethod
    def build(strings: Iterable[str]) -> StringTable:
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        blob = np.frombuffer(b"".join(encoded), dtype=np.uint8) if encoded else np.zeros(0, np.uint8)
        return StringTable(blob, offsets)

    @property
    def blob(self) -> np.ndarray:
        return self._blob

    @property
    def offsets(self) -> np.ndarray:
        return self._offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> str:
        lo, hi = int(self._offsets[index]), int(self._offsets[index + 1])
        return self._blob[lo:hi].tobytes().decode("utf-8")
