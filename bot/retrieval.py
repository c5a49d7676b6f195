"""Clause retrieval: every clause of every document, searchable beside the FAQ entries.

When no entry anticipated a question ("考培分离具体指啥"), the clause that says it is still in
the knowledge base. Each clause is indexed with its verbatim text, its heading path and its
document's title and 文号, through the same normalisation, segmentation and synonyms as the
entries. A clause scores by how much of the question's idf mass it contains (recall, with
unknown words counting against), tempered by how focused it is (a short clause that holds
the question's words beats a long one that happens to hold them too).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from bot.kb.model import Clause, KnowledgeBase
from bot.matching import MatchPolicy, context_features, unknown_weight
from bot.memo import BoundedMemo
from bot.tables import TermTable
from bot.text import TextPipeline

_SENTENCE = re.compile(r"(?<=[。；;！？])")


@dataclass(frozen=True)
class ClauseHit:
    cite: str
    score: float
    recall: float


MAX_REMEMBERED_SEARCHES = 256  # (text, story) pairs whose clause scores are remembered


class ClauseIndex:
    """An immutable index over one knowledge version's clauses."""

    # How much a heading or title word counts next to a word of the clause's own text.
    TITLE_WEIGHT = 0.5
    CONTEXT_WEIGHT = 0.5

    # The arrays an index is made of, and the dtype kind of each.
    ARRAYS = MappingProxyType(
        {"terms": "S", "idf": "f", "post_unit": "i", "post_weight": "f", "post_bounds": "i", "unit_mass": "f"}
    )

    def __init__(self, kb: KnowledgeBase, pipeline: TextPipeline, arrays: Mapping[str, np.ndarray] | None = None):
        self.pipeline = pipeline
        self.kb = kb
        self._cites: list[str] = [clause.cite for document in kb.documents.values() for clause in document.clauses]
        self._doc_ids = {doc_id: i for i, doc_id in enumerate(kb.documents)}
        self._unit_doc = np.asarray([self._doc_ids[kb.clauses[c].doc_id] for c in self._cites], dtype=np.int32)
        self._unit_responsible = np.asarray([bool(kb.clauses[c].responsible) for c in self._cites], dtype=bool)
        if arrays is None:
            arrays = self.build_arrays(kb, pipeline)
        self._scores: BoundedMemo[tuple[str, str | None], tuple[np.ndarray, np.ndarray] | None] = BoundedMemo(
            MAX_REMEMBERED_SEARCHES
        )
        self._term_ids = TermTable(arrays["terms"])
        self._idf = arrays["idf"]
        self._post_unit = arrays["post_unit"]
        self._post_weight = arrays["post_weight"]
        self._post_bounds = arrays["post_bounds"]
        self._unit_mass = arrays["unit_mass"]
        self._unknown_idf = math.log(1 + max(1, len(self._cites)))

    @classmethod
    def build_arrays(cls, kb: KnowledgeBase, pipeline: TextPipeline) -> dict[str, np.ndarray]:
        """Every clause's text, keywords and 责任单位 (and, at a lower weight, its heading and its
        document's title and 文号) as weighted features, in term-sorted postings."""
        rows_term: list[int] = []
        rows_unit: list[int] = []
        rows_weight: list[float] = []
        term_ids: dict[str, int] = {}
        unit = 0
        for document in kb.documents.values():
            title_text = " ".join(filter(None, (document.title, document.short_title, document.doc_no)))
            title_feats = pipeline.features(title_text)[1]
            for clause in document.clauses:
                # A list of other documents' titles (政策依据) is matched by its heading and keywords:
                # the titles' words (技能人才, 评价, 监督管理) would pull every question about them to it.
                text = (clause.heading or "") if clause.lists_documents else clause.text
                own = " ".join((text, *clause.keywords, clause.responsible or ""))
                feats = dict(pipeline.features(own)[1])
                for term, weight in pipeline.features(clause.heading or "")[1].items():
                    feats.setdefault(term, weight * cls.TITLE_WEIGHT)
                for term, weight in title_feats.items():
                    feats.setdefault(term, weight * cls.TITLE_WEIGHT)
                for term, weight in feats.items():
                    rows_term.append(term_ids.setdefault(term, len(term_ids)))
                    rows_unit.append(unit)
                    rows_weight.append(weight)
                unit += 1
        table, remap = TermTable.build(list(term_ids))
        n_units = max(1, unit)
        terms = remap[np.asarray(rows_term, dtype=np.int64)] if rows_term else np.zeros(0, np.int64)
        units = np.asarray(rows_unit, dtype=np.int64)
        df = np.bincount(terms, minlength=len(term_ids)) if len(terms) else np.zeros(0, np.int64)
        idf = np.log1p(n_units / np.maximum(df, 1))
        weights = np.asarray(rows_weight, dtype=np.float64) * idf[terms] if len(terms) else np.zeros(0)
        order = np.argsort(terms, kind="stable")
        return {
            "terms": table.array,
            "idf": idf.astype(np.float64),
            "post_unit": units[order].astype(np.int32),
            "post_weight": weights[order],
            "post_bounds": np.searchsorted(terms[order], np.arange(len(term_ids) + 1)),
            "unit_mass": np.bincount(units, weights=weights, minlength=n_units) if len(terms) else np.zeros(n_units),
        }

    @classmethod
    def check_arrays(cls, a: Mapping[str, np.ndarray], n_units: int) -> None:
        """Raise ValueError unless `a` is a whole, consistent index for `n_units` clauses."""
        from bot.matching import _check, _check_kinds

        _check_kinds(a, cls.ARRAYS)
        n_terms = len(a["terms"])
        _check(len(a["idf"]) == n_terms and len(a["post_bounds"]) == n_terms + 1, "term arrays differ in length")
        _check(len(a["post_unit"]) == len(a["post_weight"]) == int(a["post_bounds"][-1]), "postings cut short")
        _check(len(a["unit_mass"]) == max(1, n_units), "clause count differs")

    def _mask(self, documents: tuple[str, ...], responsible_only: bool) -> np.ndarray:
        keep = np.ones(len(self._cites), dtype=bool)
        if documents:
            keep &= np.isin(self._unit_doc, [self._doc_ids[d] for d in documents if d in self._doc_ids])
        if responsible_only:
            keep &= self._unit_responsible
        return keep.astype(float)

    def knows(self, term: str) -> bool:
        return term in self._term_ids

    def vocabulary(self) -> Iterable[str]:
        return iter(self._term_ids)

    def search(
        self,
        text: str,
        context: str | None = None,
        limit: int = 5,
        documents: tuple[str, ...] = (),
        responsible_only: bool = False,
    ) -> list[ClauseHit]:
        """The best clauses for `text` (read with `context`, whose unknown words are ignored),
        optionally only those of `documents` or only table rows with a 责任单位."""
        scored = self._scored(text, context or None)
        if scored is None:
            return []
        score, recall = scored
        if documents or responsible_only:
            score = score * self._mask(documents, responsible_only)
        top = min(limit, len(score))
        best = np.argpartition(-score, top - 1)[:top]
        best = best[np.argsort(-score[best])]
        return [
            ClauseHit(self._cites[i], round(float(score[i]), 4), round(float(recall[i]), 4))
            for i in best
            if score[i] > 0
        ]

    def forget(self) -> None:
        """Drop remembered scores (benchmarks time each question as new)."""
        self._scores.clear()

    def _scored(self, text: str, context: str | None) -> tuple[np.ndarray, np.ndarray] | None:
        """(score, recall) of every clause for `text` read with `context`, or None when it hits
        nothing. Remembered (bounded): a resolution searches all clauses, then those of the
        documents the message names."""
        return self._scores.get((text, context), lambda: self._score_clauses(text, context))

    def _score_clauses(self, text: str, context: str | None) -> tuple[np.ndarray, np.ndarray] | None:
        feats = dict(self.pipeline.features(text)[1])
        if context:
            context_feats = self.pipeline.features(context)[1]
            feats.update(
                context_features(
                    feats, context_feats, self._term_ids.ids(context_feats).__contains__, self.CONTEXT_WEIGHT
                )
            )
        if not feats or not len(self._cites):
            return None
        query_mass = 0.0
        ids_parts, w_parts = [], []
        found = self._term_ids.ids(feats)
        for term, weight in feats.items():
            tid = found.get(term)
            if tid is None:
                query_mass += weight * unknown_weight(term, self._unknown_idf, MatchPolicy.unknown_manner_word_share)
                continue
            idf = float(self._idf[tid])
            query_mass += weight * idf
            lo, hi = self._post_bounds[tid], self._post_bounds[tid + 1]
            ids_parts.append(self._post_unit[lo:hi])
            # A query word found in the clause counts at the query's weight for it (a title word
            # found only in the title counts at the title's lower weight).
            w_parts.append(np.minimum(self._post_weight[lo:hi], weight * idf))
        if not ids_parts or query_mass <= 0:
            return None
        matched = np.bincount(np.concatenate(ids_parts), weights=np.concatenate(w_parts), minlength=len(self._cites))
        recall = np.minimum(matched / max(query_mass, 1e-9), 1.0)
        focus = np.minimum(matched / np.maximum(self._unit_mass, 1e-9), 1.0)
        # Recall dominates; focus breaks ties between clauses that hold the same words.
        return recall * (0.8 + 0.2 * np.sqrt(focus)), recall

    def excerpt(self, clause: Clause, text: str, limit: int = 240) -> str:
        """A verbatim excerpt of `clause` around the sentences that hold the question's words.

        Short clauses are quoted whole; a long one is cut at sentence ends to the best window,
        so the quote stays word for word and shows where it was cut with "…".
        """
        if len(clause.text) <= limit:
            return clause.text
        wanted = self._term_ids.ids(self.pipeline.features(text)[1])
        sentences = [s for s in _SENTENCE.split(clause.text) if s]
        gains = []
        for sentence in sentences:
            feats = self.pipeline.features(sentence)[1]
            gains.append(sum(float(self._idf[wanted[t]]) * w for t, w in feats.items() if t in wanted))
        best_start, best_end, best_gain = 0, 1, -1.0
        for start in range(len(sentences)):
            length, gain = 0, 0.0
            for end in range(start, len(sentences)):
                length += len(sentences[end])
                if length > limit and end > start:
                    break
                gain += gains[end]
                if gain > best_gain:
                    best_start, best_end, best_gain = start, end + 1, gain
        quote = "".join(sentences[best_start:best_end])
        return ("…" if best_start > 0 else "") + quote + ("…" if best_end < len(sentences) else "")
