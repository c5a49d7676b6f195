"""Flat, numpy-backed tables of strings: what the indexes keep instead of Python dicts and lists.

Both are plain arrays, so an index can be saved with `np.save` and loaded memory-mapped
(`bot.index_cache`): several workers then share the pages, and nothing is unpickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np


class TermTable:
    """Terms sorted by their UTF-8 bytes; a term's id is its position (binary search to look up)."""

    # Terms looked up lately, found or not: one message is scored several ways (each part, alone
    # and with its story), so its terms come back several times; a binary search costs more.
    MEMO_SIZE = 50_000

    def __init__(self, sorted_terms: np.ndarray):
        self._terms = sorted_terms  # dtype S<n>; terms never hold NUL (canonical text is letters and digits)
        self._memo: dict[str, int | None] = {}

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
        return self.ids((term,)).get(term)

    def ids(self, terms: Iterable[str]) -> dict[str, int]:
        """{term: id} for those of `terms` in the table: one binary search for those not looked up lately."""
        memo = self._memo
        terms = [t for t in terms if t]
        new = [t for t in dict.fromkeys(terms) if t not in memo]
        if new:
            if len(memo) + len(new) > self.MEMO_SIZE:
                # Full: start afresh — with every term asked now, not only the new ones, or those
                # looked up before would be missing from this very answer (read as unknown words).
                memo.clear()
                new = list(dict.fromkeys(terms))
            memo.update(self._search(new))
        return {t: i for t in terms if (i := memo.get(t)) is not None}

    def _search(self, terms: list[str]) -> dict[str, int | None]:
        found: dict[str, int | None] = dict.fromkeys(terms)
        keys = [t.encode("utf-8") for t in terms]
        table = self._terms
        width = table.dtype.itemsize
        fits = [i for i, k in enumerate(keys) if len(k) <= width]  # a longer one cannot be in it (nor be cut short)
        if not fits or not len(table):
            return found
        wanted = np.asarray([keys[i] for i in fits], dtype=table.dtype)
        at = np.minimum(np.searchsorted(table, wanted), len(table) - 1)
        hit = table[at] == wanted
        found.update({terms[i]: int(a) for i, a, h in zip(fits, at.tolist(), hit.tolist(), strict=True) if h})
        return found

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
