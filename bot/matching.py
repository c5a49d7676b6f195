"""Question → entry matching with an honest "don't know".

Each entry's phrasings (questions, title) are indexed as weighted features (words and
character bigrams, idf-weighted over entries). A query scores every phrasing by the
F-measure of shared idf mass (how much of the query the phrasing explains, and how much of
the phrasing the query mentions); unknown query words count against the match, which is
what lets "北京天气" decline instead of landing on the nearest policy. The best phrasings are
re-ranked with rapidfuzz's similarity on the canonical strings. The outcome needs a score
threshold *and* a margin over the runner-up; otherwise the user is asked "did you mean…",
or told plainly that nothing was found.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from bot.kb.model import KnowledgeBase
from bot.text import TextPipeline


@dataclass(frozen=True)
class MatchPolicy:
    """Tunable thresholds (kept together so benchmarks and tests can state them)."""

    # How entries are scored; whether a score is confident is decided in bot.resolve with
    # calibrated thresholds. Unknown words weigh fully against a match.
    fuzz_weight: float = 0.2
    keyword_bonus: float = 0.06
    audience_bonus: float = 0.02
    unknown_word_idf_share: float = 1.0
    # Share of the score from how much of the question the entry's whole vocabulary explains
    # (all its phrasings together): a question may combine words two phrasings each carry.
    entry_recall_weight: float = 0.35
    # What a word of the user's story (or of the previous turn) weighs next to a word of the question.
    context_weight: float = 0.5


def context_features(question: dict[str, float], context: dict[str, float], known: Callable[[str], bool],
                     weight: float) -> dict[str, float]:
    """Known context words not in the question, at `weight` — and never, all together, more
    than the question itself weighs: a long story must not outvote a short question."""
    extra = {t: w for t, w in context.items() if t not in question and known(t)}
    total = sum(extra.values())
    if not total or not question:
        return {}
    scale = min(weight, 1.5 * sum(question.values()) / total)
    return {t: w * scale for t, w in extra.items()}


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float
    phrasing: str
    coverage: float = 1.0  # how much of that phrasing the question mentions (its precision)


class Matcher:
    """An immutable index over one knowledge-base version."""

    def __init__(self, kb: KnowledgeBase, pipeline: TextPipeline, policy: MatchPolicy | None = None):
        self.policy = policy or MatchPolicy()
        self.pipeline = pipeline
        self._entry_ids: list[str] = []
        self._entry_audience: list[frozenset[str]] = []
        self._entry_keywords: list[tuple[str, ...]] = []
        self._entry_topic: list[str] = []
        phrasing_entry: list[int] = []
        phrasing_text: list[str] = []
        phrasing_feats: list[dict[str, float]] = []
        for index, entry in enumerate(kb.entries.values()):
            self._entry_ids.append(entry.id)
            self._entry_audience.append(frozenset(entry.audience))
            self._entry_topic.append(entry.topic)
            self._entry_keywords.append(
                tuple(k for k in (pipeline.canonical(k) for k in entry.keywords) if len(k) >= 2)
            )
            for phrasing in (entry.title, *entry.questions):
                canon, feats = pipeline.features(phrasing)
                if not feats:
                    continue
                phrasing_entry.append(index)
                phrasing_text.append(canon)
                phrasing_feats.append(feats)
        self._build(phrasing_entry, phrasing_text, phrasing_feats)

    def _build(self, p_entry: list[int], p_text: list[str], p_feats: list[dict[str, float]]) -> None:
        """Postings as one term-sorted array (numpy): fast to build at 100× and fast to query."""
        term_ids: dict[str, int] = {}
        rows_term, rows_phrasing, rows_weight, rows_counted = [], [], [], []
        for pid, feats in enumerate(p_feats):
            for term, weight in feats.items():
                rows_term.append(term_ids.setdefault(term, len(term_ids)))
                rows_phrasing.append(pid)
                rows_weight.append(weight)
                rows_counted.append(True)
            # Sounds of bigrams are only a fallback for a query bigram the index has never
            # seen (a likely typo), so they add nothing to a phrasing's own mass.
            for sound in {self.pipeline.sound_of(t) for t in feats if t[0] == "#"}:
                rows_term.append(term_ids.setdefault(sound, len(term_ids)))
                rows_phrasing.append(pid)
                rows_weight.append(0.5)
                rows_counted.append(False)
        n_entries = max(1, len(self._entry_ids))
        n_terms = len(term_ids)
        terms = np.asarray(rows_term, dtype=np.int64)
        phrasings = np.asarray(rows_phrasing, dtype=np.int64)
        entry_of = np.asarray(p_entry, dtype=np.int64)
        # Document frequency over entries, not phrasings: five phrasings of one entry sharing a
        # word must not make that word look common.
        pairs = np.unique(terms * n_entries + entry_of[phrasings]) if len(terms) else np.zeros(0, np.int64)
        df = np.bincount(pairs // n_entries, minlength=n_terms)
        idf = np.log1p(n_entries / np.maximum(df, 1))
        weights = np.asarray(rows_weight) * idf[terms] if len(terms) else np.zeros(0)
        order = np.argsort(terms, kind="stable")
        self._term_ids = term_ids
        self._idf = idf
        self._post_phrasing = phrasings[order].astype(np.int32)
        self._post_weight = weights[order]
        self._post_bounds = np.searchsorted(terms[order], np.arange(n_terms + 1))
        # Entry-level postings: each (term, entry) once, sounds left out.
        is_sound = np.zeros(n_terms, dtype=bool)
        term_weight = np.ones(n_terms)
        for term, tid in term_ids.items():
            if term[0] == "@":
                is_sound[tid] = True
            elif term[0] == "#":
                term_weight[tid] = 0.5
        entry_terms = pairs // n_entries
        keep = ~is_sound[entry_terms]
        entry_terms, entry_ids = entry_terms[keep], (pairs % n_entries)[keep]
        self._entry_post_entry = entry_ids.astype(np.int32)
        self._entry_post_weight = term_weight[entry_terms] * idf[entry_terms]
        self._entry_post_bounds = np.searchsorted(entry_terms, np.arange(n_terms + 1))
        self._unknown_idf = math.log(1 + n_entries) * self.policy.unknown_word_idf_share
        counted = np.asarray(rows_counted, dtype=bool)
        self._phrasing_mass = np.bincount(phrasings[counted], weights=weights[counted], minlength=len(p_feats))
        self._phrasing_entry = entry_of.astype(np.int32)
        self._phrasing_text = p_text
        self._entry_index = {eid: i for i, eid in enumerate(self._entry_ids)}

    @property
    def entry_ids(self) -> list[str]:
        return list(self._entry_ids)

    def knows(self, term: str) -> bool:
        return term in self._term_ids

    def vocabulary(self) -> Iterable[str]:
        return self._term_ids.keys()

    def query_features(self, text: str, context: str | None = None) -> tuple[str, dict[str, float], set[str]]:
        """(canonical question, features, context-only terms) for `text` read with `context`.

        Context (the user's story, or the previous turn of a follow-up) adds the words the
        index knows at a discount; its unknown words are simply not counted, so a long story
        around a question no longer drowns it.
        """
        canon, feats = self.pipeline.features(text)
        extra = context_features(feats, self.pipeline.features(context)[1] if context else {},
                                 self._term_ids.__contains__, self.policy.context_weight)
        feats.update(extra)
        return canon, feats, set(extra)

    def score_all(
        self, text: str, audience: str | None = None, limit: int = 8, context: str | None = None
    ) -> tuple[str, list[Candidate]]:
        """Scores of the best `limit` entries for `text` (read with `context`), best first."""
        canon, feats, _ = self.query_features(text, context)
        if not feats or not len(self._phrasing_mass):
            return canon, []
        query_mass = 0.0
        ids_parts, w_parts = [], []
        entry_parts, entry_w_parts = [], []
        for term, weight in feats.items():
            tid = self._term_ids.get(term)
            if tid is None:
                # Unknown words weigh against the match; unknown bigrams much less.
                unknown_mass = weight * (self._unknown_idf if term[0] != "#" else self._unknown_idf * 0.5)
                query_mass += unknown_mass
                sound = self._term_ids.get(self.pipeline.sound_of(term)) if term[0] == "#" else None
                if sound is not None:
                    # A homophone of a known bigram (a likely typo) may win back the mass it
                    # costs, never more, so the fallback cannot outweigh correctly typed text.
                    lo, hi = self._post_bounds[sound], self._post_bounds[sound + 1]
                    ids_parts.append(self._post_phrasing[lo:hi])
                    w_parts.append(self._post_weight[lo:hi] * (unknown_mass / (0.5 * float(self._idf[sound]))))
                continue
            query_mass += weight * float(self._idf[tid])
            lo, hi = self._post_bounds[tid], self._post_bounds[tid + 1]
            ids_parts.append(self._post_phrasing[lo:hi])
            w_parts.append(self._post_weight[lo:hi])
            lo, hi = self._entry_post_bounds[tid], self._entry_post_bounds[tid + 1]
            entry_parts.append(self._entry_post_entry[lo:hi])
            entry_w_parts.append(self._entry_post_weight[lo:hi])
        if not ids_parts or query_mass <= 0:
            return canon, []
        matched = np.bincount(
            np.concatenate(ids_parts), weights=np.concatenate(w_parts), minlength=len(self._phrasing_mass)
        )
        recall = np.minimum(matched / query_mass, 1.0)
        precision = np.minimum(matched / np.maximum(self._phrasing_mass, 1e-9), 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            f_measure = np.where(matched > 0, 2 * precision * recall / (precision + recall), 0.0)
        entry_recall = np.zeros(len(self._entry_ids))
        if entry_parts:
            entry_recall = np.minimum(np.bincount(np.concatenate(entry_parts), weights=np.concatenate(entry_w_parts),
                                                  minlength=len(self._entry_ids)) / query_mass, 1.0)
        top = min(len(f_measure), 40)
        best_phrasings = np.argpartition(-f_measure, top - 1)[:top]
        per_entry: dict[int, Candidate] = {}
        policy = self.policy
        for pid in best_phrasings[np.argsort(-f_measure[best_phrasings])]:
            base = float(f_measure[pid])
            if base <= 0:
                break
            entry_index = int(self._phrasing_entry[pid])
            phrasing = self._phrasing_text[pid]
            similarity = fuzz.ratio(canon, phrasing) / 100.0
            base = (1 - policy.entry_recall_weight) * base + policy.entry_recall_weight * float(entry_recall[entry_index])
            score = (1 - policy.fuzz_weight) * base + policy.fuzz_weight * similarity
            if any(k in canon for k in self._entry_keywords[entry_index]):
                score += policy.keyword_bonus
            if audience and audience in self._entry_audience[entry_index]:
                score += policy.audience_bonus
            previous = per_entry.get(entry_index)
            if previous is None or score > previous.score:
                per_entry[entry_index] = Candidate(self._entry_ids[entry_index], round(score, 4), phrasing,
                                                   round(float(precision[pid]), 4))
        ranked = sorted(per_entry.values(), key=lambda c: (-c.score, c.entry_id))
        return canon, ranked[:limit]
