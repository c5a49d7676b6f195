"""Question → entry matching with an honest "don't know".

Each entry's phrasings (questions, title) are indexed as weighted features (words and
character bigrams, idf-weighted over entries). A query scores every phrasing by the
F-measure of shared idf mass (how much of the query the phrasing explains, and how much of
the phrasing the query mentions); unknown query words count against the match, which is
what lets "北京天气" decline instead of landing on the nearest policy. The best phrasings are
re-ranked with rapidfuzz's similarity on the canonical strings. How much of a question an
entry explains as a whole counts too: all its phrasings' words, and at a discount the words of
its answer (a question may use a word only the answer says). The outcome needs a score
threshold *and* a margin over the runner-up; otherwise the user is asked "did you mean…",
or told plainly that nothing was found.
"""

from __future__ import annotations

import functools
import math
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from rapidfuzz import fuzz, process

from bot.kb.model import KnowledgeBase
from bot.tables import StringTable, TermTable
from bot.text import TextPipeline, names_a_topic

# What a word of an entry's answer (in its own words) counts for next to a word of its phrasings,
# when the entry as a whole is asked how much of a question it explains. Measured on held-out
# phrasings (`qualbot calibrate`): 0 → 0.5 → 1.0 answered 74.5 → 74.8 → 75.1 % at 91.5–91.7 %
# precision; 1.0 also answered a near miss of the realistic dev set, so 0.5.
ANSWER_WORDS_SHARE = 0.5
MAX_DECODED_PHRASINGS = 65_536  # decoded phrasings kept (a few MB at most)


@dataclass(frozen=True)
class MatchPolicy:
    """Tunable thresholds (kept together so benchmarks and tests can state them)."""

    # How entries are scored; whether a score is confident is decided in bot.resolve with
    # calibrated thresholds. Unknown words weigh fully against a match.
    fuzz_weight: float = 0.2
    keyword_bonus: float = 0.06
    audience_bonus: float = 0.02
    unknown_word_idf_share: float = 1.0
    # … but an unknown word general Chinese uses only to say how a question is put (将, 何种, 须 —
    # an official's register the phrasings do not use) says nothing about its topic.
    unknown_manner_word_share: float = 0.3
    # Share of the score from how much of the question the entry's whole vocabulary explains
    # (all its phrasings together): a question may combine words two phrasings each carry.
    entry_recall_weight: float = 0.35
    # What a word of the user's story (or of the previous turn) weighs next to a word of the question.
    context_weight: float = 0.5
    # An entry's score is its best phrasing's, with this share taken from its next best instead:
    # an entry two phrasings lead to is surer than one a single phrasing happens to resemble.
    # Measured on every question set (0.03 / 0.05 / 0.07 / 0.1): 0.05 answered 1 more blind question
    # with 3 fewer confidently wrong (read sets: 4 more, 3 fewer); held-out precision 91.13 → 91.40 %.
    second_phrasing_share: float = 0.05


def context_features(
    question: dict[str, float], context: dict[str, float], known: Callable[[str], bool], weight: float
) -> dict[str, float]:
    """Known context words not in the question, at `weight` — and never, all together, more
    than one and a half times what the question itself weighs: a long story must not outvote
    a short question. (A cap of 1.0 was measured: no better on held-out sets.)"""
    extra = {t: w for t, w in context.items() if t not in question and known(t)}
    total = sum(extra.values())
    if not total or not question:
        return {}
    scale = min(weight, 1.5 * sum(question.values()) / total)
    return {t: w * scale for t, w in extra.items()}


def unknown_weight(term: str, unknown_idf: float, manner_share: float) -> float:
    """The weight against a match of a feature an index does not know: a word weighs
    `unknown_idf` (a word of manner only `manner_share` of it), a character bigram half."""
    if term[0] == "#":
        return unknown_idf * 0.5
    return unknown_idf if names_a_topic(term) else unknown_idf * manner_share


@dataclass(frozen=True)
class Candidate:
    entry_id: str
    score: float
    phrasing: str
    coverage: float = 1.0  # how much of that phrasing the question mentions (its precision)


TOP_PHRASINGS = 40  # phrasings looked at closely (likeness, bonuses) for a question
PRUNING_SHARES = (0.15, 0.05, 0.0)  # see Matcher._best_phrasings
PRUNE_FROM_POSTINGS = 8192  # a question hitting fewer postings is scored without pruning


class Matcher:
    """An immutable index over one knowledge-base version.

    The index itself is a set of flat numpy arrays (`build_arrays`), so it can be saved and
    loaded memory-mapped by `bot.index_cache`; without `arrays` it is built here, as always.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        pipeline: TextPipeline,
        policy: MatchPolicy | None = None,
        arrays: Mapping[str, np.ndarray] | None = None,
    ):
        self.policy = policy or MatchPolicy()
        self.pipeline = pipeline
        self._scored = functools.lru_cache(maxsize=512)(self._score_all)
        # A part of a message is scored against every entry and, by itself, against a few:
        # the same postings twice (bounded like the scores).
        self._hits = functools.lru_cache(maxsize=512)(self._postings)
        self._entry_ids: list[str] = []
        self._entry_audience: list[frozenset[str]] = []
        self._entry_topic: list[str] = []
        for entry in kb.entries.values():
            self._entry_ids.append(entry.id)
            self._entry_audience.append(frozenset(entry.audience))
            self._entry_topic.append(entry.topic)
        if arrays is None:
            arrays = self.build_arrays(kb, pipeline)
        self._load(arrays)

    # The arrays an index is made of, and the dtype kind of each.
    ARRAYS = MappingProxyType(
        {
            "terms": "S",
            "idf": "f",
            "post_phrasing": "i",
            "post_weight": "f",
            "post_bounds": "i",
            "entry_post_entry": "i",
            "entry_post_weight": "f",
            "entry_post_bounds": "i",
            "phrasing_mass": "f",
            "phrasing_entry": "i",
            "phrasing_text_blob": "u",
            "phrasing_text_offsets": "i",
            "keywords_blob": "u",
            "keywords_offsets": "i",
        }
    )

    @staticmethod
    def build_arrays(kb: KnowledgeBase, pipeline: TextPipeline) -> dict[str, np.ndarray]:
        """Every phrasing (title, questions) of every entry as weighted features, in postings."""
        keywords: list[str] = []
        phrasing_entry: list[int] = []
        phrasing_text: list[str] = []
        rows = _PostingRows(pipeline)  # features go straight into flat arrays: 160 000 dicts at 100× are not kept
        for index, entry in enumerate(kb.entries.values()):
            # canonical text holds letters and digits only, so a space separates keywords safely
            keywords.append(" ".join(k for k in (pipeline.canonical(k) for k in entry.keywords) if len(k) >= 2))
            for phrasing in (entry.title, *entry.questions):
                canon, feats = pipeline.features(phrasing)
                if not feats:
                    continue
                rows.add(len(phrasing_entry), feats)
                phrasing_entry.append(index)
                phrasing_text.append(canon)
        # The words of each entry's answer (its own words, not the quotes) widen what the entry as a
        # whole explains — only words its phrasings' vocabulary already holds, at a discount.
        answer_terms: list[tuple[str, int]] = []
        for index, entry in enumerate(kb.entries.values()):
            answer_terms += [(t, index) for t in pipeline.features(entry.own_words)[1] if t[0] != "#"]
        arrays = rows.postings(len(kb.entries), phrasing_entry, answer_terms)
        texts = StringTable.build(phrasing_text)
        words = StringTable.build(keywords)
        arrays |= {
            "phrasing_text_blob": texts.blob,
            "phrasing_text_offsets": texts.offsets,
            "keywords_blob": words.blob,
            "keywords_offsets": words.offsets,
        }
        return arrays

    def _load(self, a: Mapping[str, np.ndarray]) -> None:
        n_entries = max(1, len(self._entry_ids))
        self._term_ids = TermTable(a["terms"])
        self._idf = a["idf"]
        self._post_phrasing = a["post_phrasing"]
        self._post_weight = a["post_weight"]
        self._post_bounds = a["post_bounds"]
        self._entry_post_entry = a["entry_post_entry"]
        self._entry_post_weight = a["entry_post_weight"]
        self._entry_post_bounds = a["entry_post_bounds"]
        self._unknown_idf = math.log(1 + n_entries) * self.policy.unknown_word_idf_share
        self._phrasing_mass = a["phrasing_mass"]
        self._phrasing_entry = a["phrasing_entry"]
        self._phrasing_text = StringTable(a["phrasing_text_blob"], a["phrasing_text_offsets"])
        # Phrasings decoded from the memory-mapped index, kept: the same few hundred are compared
        # with every question (bounded, for the 100× knowledge's hundreds of thousands).
        self._decoded: dict[int, str] = {}
        self._keywords = StringTable(a["keywords_blob"], a["keywords_offsets"])
        self._decoded_keywords: dict[int, list[str]] = {}
        self._entry_index = {eid: i for i, eid in enumerate(self._entry_ids)}
        # Phrasings come entry by entry: entry i's are phrasings[_entry_phrasings[i]:_entry_phrasings[i + 1]].
        self._entry_phrasings = np.searchsorted(self._phrasing_entry, np.arange(len(self._entry_ids) + 1))

    @staticmethod
    def check_arrays(a: Mapping[str, np.ndarray], n_entries: int) -> None:
        """Raise ValueError unless `a` is a whole, consistent index for `n_entries` entries."""
        _check_kinds(a, Matcher.ARRAYS)
        n_terms = len(a["terms"])
        _check(
            len(a["idf"]) == n_terms
            and len(a["post_bounds"]) == n_terms + 1
            and len(a["entry_post_bounds"]) == n_terms + 1,
            "term arrays differ in length",
        )
        _check(len(a["post_phrasing"]) == len(a["post_weight"]) == int(a["post_bounds"][-1]), "postings cut short")
        _check(
            len(a["entry_post_entry"]) == len(a["entry_post_weight"]) == int(a["entry_post_bounds"][-1]),
            "entry postings cut short",
        )
        n_phrasings = len(a["phrasing_mass"])
        _check(len(a["phrasing_entry"]) == n_phrasings == len(a["phrasing_text_offsets"]) - 1, "phrasings differ")
        _check(bool(np.all(np.diff(a["phrasing_entry"]) >= 0)), "phrasings not grouped entry by entry")
        _check(int(a["phrasing_text_offsets"][-1]) == len(a["phrasing_text_blob"]), "phrasing texts cut short")
        _check(
            len(a["keywords_offsets"]) == n_entries + 1 and int(a["keywords_offsets"][-1]) == len(a["keywords_blob"]),
            "keywords differ",
        )

    @property
    def entry_ids(self) -> list[str]:
        return list(self._entry_ids)

    def knows(self, term: str) -> bool:
        return term in self._term_ids

    def vocabulary(self) -> Iterable[str]:
        return iter(self._term_ids)

    def query_features(self, text: str, context: str | None = None) -> tuple[str, dict[str, float], set[str]]:
        """(canonical question, features, context-only terms) for `text` read with `context`.

        Context (the user's story, or the previous turn of a follow-up) adds the words the
        index knows at a discount; its unknown words are simply not counted, so a long story
        around a question no longer drowns it.
        """
        canon, feats = self.pipeline.features(text)
        context_feats = self.pipeline.features(context)[1] if context else {}
        extra = context_features(
            feats, context_feats, self._term_ids.ids(context_feats).__contains__, self.policy.context_weight
        )
        feats.update(extra)
        return canon, feats, set(extra)

    def score_all(
        self, text: str, audience: str | None = None, limit: int = 8, context: str | None = None
    ) -> tuple[str, list[Candidate]]:
        """Scores of the best `limit` entries for `text` (read with `context`), best first.
        Remembered (bounded): a message's parts are scored alone and with their story, often twice."""
        canon, ranked = self._scored(text, audience, context or None)  # no story and an empty one read alike
        return canon, list(ranked[:limit])

    def forget(self) -> None:
        """Drop remembered scores (benchmarks time each question as new)."""
        self._scored.cache_clear()
        self._hits.cache_clear()

    def _score_all(self, text: str, audience: str | None, context: str | None) -> tuple[str, tuple[Candidate, ...]]:
        canon, postings = self._hits(text, context)
        if postings is None:
            return canon, ()
        ids, weights, entries, entry_weights, query_mass = postings
        matched = np.bincount(ids, weights=weights, minlength=len(self._phrasing_mass))
        entry_recall = np.minimum(
            np.bincount(entries, weights=entry_weights, minlength=len(self._entry_ids)) / query_mass, 1.0
        )
        pids, f_measure, precision = self._best_phrasings(matched, query_mass, prune=len(ids) >= PRUNE_FROM_POSTINGS)
        ranked = self._per_entry(canon, audience, pids, f_measure, precision, entry_recall)
        return canon, tuple(ranked)

    def _best_phrasings(
        self, matched: np.ndarray, query_mass: float, prune: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The `TOP_PHRASINGS` phrasings of highest F-measure, best first, with their F-measure and
        precision.

        A phrasing matching m of the question's mass Q has F ≤ 2m / (m + Q) (see _f_measure), so
        one matching less than a share s of it has F below 2s / (1 + s). The F-measure is worked
        out first for the phrasings matching at least s: when the last of their best already
        scores that bound, no other phrasing can be among the best, and the many that share only
        a common word with the question (tens of thousands at 100× knowledge) are never looked at.
        Otherwise a lower share is tried, down to every phrasing sharing a term. (With few
        postings, `prune` off, every phrasing sharing a term is looked at at once: cheaper then.)"""
        mass = self._phrasing_mass
        for share in PRUNING_SHARES if prune else (0.0,):
            # (A boolean array first: numpy finds its true items far faster than a comparison's.)
            pids = np.flatnonzero(matched >= share * query_mass if share else matched > 0)
            if not len(pids):
                if share:
                    continue
                break
            f_measure, precision = self._f_measure(matched[pids], mass[pids], query_mass)
            top = min(len(f_measure), TOP_PHRASINGS)
            best = np.argpartition(-f_measure, top - 1)[:top]
            if share and (top < TOP_PHRASINGS or f_measure[best].min() < 2 * share / (1 + share) + 1e-12):
                continue
            order = best[np.argsort(-f_measure[best])]
            return pids[order], f_measure[order], precision[order]
        empty = np.zeros(0)
        return empty.astype(np.int64), empty, empty

    def score_entries(self, text: str, entry_ids: Sequence[str], audience: str | None = None) -> dict[str, float]:
        """The scores `score_all` gives these entries, worked out for them alone: as cheap with a
        hundred times the knowledge as with the real one."""
        wanted = np.asarray(sorted({self._entry_index[e] for e in entry_ids if e in self._entry_index}))
        canon, postings = self._hits(text, None)
        if postings is None or not len(wanted):
            return {}
        ids, weights, entries, entry_weights, query_mass = postings
        pids = np.concatenate([np.arange(self._entry_phrasings[i], self._entry_phrasings[i + 1]) for i in wanted])
        # The wanted entries' phrasings are consecutive runs: a posting is kept when its phrasing
        # falls inside one (a binary search per posting, no sort of the postings as `isin` does).
        kept = self._in_runs(ids, self._entry_phrasings[wanted], self._entry_phrasings[wanted + 1])
        matched = np.bincount(np.searchsorted(pids, ids[kept]), weights=weights[kept], minlength=len(pids))
        entry_recall = np.zeros(len(self._entry_ids))
        kept = self._in_runs(entries, wanted, wanted + 1)
        np.add.at(entry_recall, entries[kept], entry_weights[kept])
        entry_recall = np.minimum(entry_recall / query_mass, 1.0)
        f_measure, precision = self._f_measure(matched, self._phrasing_mass[pids], query_mass)
        order = np.argsort(-f_measure, kind="stable")
        ranked = self._per_entry(canon, audience, pids[order], f_measure[order], precision[order], entry_recall)
        return {c.entry_id: c.score for c in ranked}

    @staticmethod
    def _in_runs(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """Which `values` fall in one of the sorted, disjoint runs [starts[i], ends[i])."""
        run = np.searchsorted(starts, values, side="right") - 1
        return (run >= 0) & (values < ends[np.maximum(run, 0)])

    def _postings(
        self, text: str, context: str | None
    ) -> tuple[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float] | None]:
        """(canonical text, (phrasing ids, weights, entry ids, weights, query mass)) of the index
        postings the text's features hit; None when it hits nothing."""
        canon, feats, _ = self.query_features(text, context)
        if not feats or not len(self._phrasing_mass):
            return canon, None
        query_mass = 0.0
        found = self._term_ids.ids(feats)
        # The sound of each unknown bigram, looked up at once (a lookup per bigram costs a search each).
        sounds = {t: self.pipeline.sound_of(t) for t in feats if t[0] == "#" and t not in found}
        sound_ids = self._term_ids.ids(sounds.values()) if sounds else {}
        bounds, entry_bounds, idf = self._post_bounds, self._entry_post_bounds, self._idf
        ids_parts, w_parts = [], []
        entry_parts, entry_w_parts = [], []
        for term, weight in feats.items():
            tid = found.get(term)
            if tid is None:
                # Unknown words weigh against the match; unknown bigrams much less.
                unknown_mass = weight * self._unknown_weight(term)
                query_mass += unknown_mass
                sound = sound_ids.get(sounds[term]) if term[0] == "#" else None
                if sound is not None:
                    # A homophone of a known bigram (a likely typo) may win back the mass it
                    # costs, never more, so the fallback cannot outweigh correctly typed text.
                    lo, hi = bounds[sound], bounds[sound + 1]
                    ids_parts.append(self._post_phrasing[lo:hi])
                    w_parts.append(self._post_weight[lo:hi] * (unknown_mass / (0.5 * float(idf[sound]))))
                continue
            query_mass += weight * float(idf[tid])
            # Slices, concatenated once below: long runs of postings (100× knowledge) copy fastest so.
            lo, hi = bounds[tid], bounds[tid + 1]
            ids_parts.append(self._post_phrasing[lo:hi])
            w_parts.append(self._post_weight[lo:hi])
            lo, hi = entry_bounds[tid], entry_bounds[tid + 1]
            entry_parts.append(self._entry_post_entry[lo:hi])
            entry_w_parts.append(self._entry_post_weight[lo:hi])
        if not ids_parts or query_mass <= 0:
            return canon, None
        empty = np.zeros(0, dtype=np.int64)
        return canon, (
            np.concatenate(ids_parts),
            np.concatenate(w_parts),
            np.concatenate(entry_parts) if entry_parts else empty,
            np.concatenate(entry_w_parts) if entry_w_parts else empty.astype(float),
            query_mass,
        )

    def _unknown_weight(self, term: str) -> float:
        """What a feature the index does not know weighs against a match."""
        return unknown_weight(term, self._unknown_idf, self.policy.unknown_manner_word_share)

    @staticmethod
    def _f_measure(matched: np.ndarray, mass: np.ndarray, query_mass: float) -> tuple[np.ndarray, np.ndarray]:
        """(F-measure, precision) of each phrasing: how much of the question it explains, and
        how much of it the question mentions.

        With precision m / max(m, mass) and recall m / max(m, query mass), both capped at 1,
        2PR / (P + R) is 2m / (max(m, mass) + max(m, query mass)): five passes over the
        arrays instead of a dozen, which matters at 60 000 phrasings per question."""
        explained = np.maximum(np.maximum(matched, mass), 1e-9)
        precision = matched / explained
        f_measure = 2 * matched / (explained + np.maximum(matched, query_mass))  # query mass > 0: see _postings
        return f_measure, precision

    def _keywords_of(self, entry_index: int) -> list[str]:
        """An entry's keywords, decoded from the index once (bounded like the phrasings)."""
        words = self._decoded_keywords.get(entry_index)
        if words is None:
            if len(self._decoded_keywords) >= MAX_DECODED_PHRASINGS:
                self._decoded_keywords.clear()
            words = self._decoded_keywords[entry_index] = self._keywords[entry_index].split()
        return words

    def _per_entry(
        self,
        canon: str,
        audience: str | None,
        pids: np.ndarray,
        f_measure: np.ndarray,
        precision: np.ndarray,
        entry_recall: np.ndarray,
    ) -> list[Candidate]:
        """Each entry's best phrasing among `pids` (best first), scored, entries best first.

        Every phrasing is scored at once (numpy, and rapidfuzz's `cdist` for the likeness) with the
        same float operations, in the same order, as one at a time; the loop left keeps, per entry,
        the first phrasing that beats the entry's better one as reported (rounded)."""
        live = int(np.count_nonzero(f_measure > 0))  # best first: those matching nothing come last
        pids, f_measure, precision = pids[:live], f_measure[:live], precision[:live]
        if not live:
            return []
        policy = self.policy
        recall_weight, fuzz_weight = policy.entry_recall_weight, policy.fuzz_weight
        entries = self._phrasing_entry[pids]
        order = entries.tolist()
        bonus: dict[int, float] = {}  # keyword and audience bonus, per entry
        for entry_index in order:
            if entry_index not in bonus:
                keyword = any(map(canon.__contains__, self._keywords_of(entry_index)))
                audience_fits = bool(audience) and audience in self._entry_audience[entry_index]
                bonus[entry_index] = keyword * policy.keyword_bonus + audience_fits * policy.audience_bonus
        texts = [self._phrasing(pid) for pid in pids.tolist()]
        similarity = process.cdist((canon,), texts, scorer=fuzz.ratio, dtype=np.float64)[0] / 100.0
        base = (1 - recall_weight) * f_measure + recall_weight * entry_recall[entries]
        extra = np.fromiter(map(bonus.__getitem__, order), dtype=np.float64, count=len(order))
        scores = ((1 - fuzz_weight) * base + fuzz_weight * similarity + extra).tolist()
        best: dict[int, tuple[float, int]] = {}  # entry: (score as reported, rounded; its phrasing's place)
        second: dict[int, float] = {}  # entry: the score of its next best phrasing
        for place, (entry_index, score) in enumerate(zip(order, scores, strict=True)):
            previous = best.get(entry_index)
            if previous is None or score > previous[0]:
                if previous is not None:
                    second[entry_index] = max(second.get(entry_index, 0.0), previous[0])
                best[entry_index] = (round(score, 4), place)
            else:
                second[entry_index] = max(second.get(entry_index, 0.0), score)
        share = policy.second_phrasing_share
        if share:
            best = {e: (round((1 - share) * v + share * second.get(e, 0.0), 4), p) for e, (v, p) in best.items()}
        precisions = precision.tolist()
        ranked = [
            Candidate(self._entry_ids[e], score, texts[place], round(precisions[place], 4))
            for e, (score, place) in best.items()
        ]
        return sorted(ranked, key=lambda c: (-c.score, c.entry_id))

    def _phrasing(self, pid: int) -> str:
        """A phrasing's text, decoded from the index once (bounded)."""
        text = self._decoded.get(pid)
        if text is None:
            if len(self._decoded) >= MAX_DECODED_PHRASINGS:
                self._decoded.clear()
            text = self._decoded[pid] = self._phrasing_text[pid]
        return text


def _check(ok: bool, problem: str) -> None:
    if not ok:
        raise ValueError(problem)


def _check_kinds(a: Mapping[str, np.ndarray], kinds: Mapping[str, str]) -> None:
    for name, kind in kinds.items():
        array = a.get(name)
        _check(
            isinstance(array, np.ndarray) and array.ndim == 1 and array.dtype.kind == kind,
            f"array {name!r} missing or of the wrong type",
        )


class _PostingRows:
    """(term, phrasing, weight, counted) rows of the postings, in flat machine arrays."""

    def __init__(self, pipeline: TextPipeline):
        self.pipeline = pipeline
        self.term_ids: dict[str, int] = {}
        self.terms, self.phrasings = array("q"), array("q")
        self.weights, self.counted = array("d"), array("b")
        self._sounds: dict[str, str] = {}

    def add(self, pid: int, feats: dict[str, float]) -> None:
        term_ids, sounds = self.term_ids, self._sounds
        for term, weight in feats.items():
            self.terms.append(term_ids.setdefault(term, len(term_ids)))
            self.phrasings.append(pid)
            self.weights.append(weight)
            self.counted.append(1)
        # Sounds of bigrams are only a fallback for a query bigram the index has never
        # seen (a likely typo), so they add nothing to a phrasing's own mass.
        for term in feats:
            if term[0] == "#" and term not in sounds:
                sounds[term] = self.pipeline.sound_of(term)
        for sound in sorted({sounds[t] for t in feats if t[0] == "#"}):  # (ids in one order in every process)
            self.terms.append(term_ids.setdefault(sound, len(term_ids)))
            self.phrasings.append(pid)
            self.weights.append(0.5)
            self.counted.append(0)

    def postings(
        self, n_entries_real: int, p_entry: list[int], answer_terms: Sequence[tuple[str, int]] = ()
    ) -> dict[str, np.ndarray]:
        known = [(self.term_ids[t], e) for t, e in answer_terms if t in self.term_ids]
        return _postings(
            n_entries_real,
            p_entry,
            self.term_ids,
            np.frombuffer(self.terms, dtype=np.int64),
            np.frombuffer(self.phrasings, dtype=np.int64),
            np.frombuffer(self.weights, dtype=np.float64),
            np.frombuffer(self.counted, dtype=np.int8).astype(bool),
            np.asarray(known, dtype=np.int64).reshape(-1, 2),
        )


def _postings(
    n_entries_real: int,
    p_entry: list[int],
    term_ids: dict[str, int],
    rows_term: np.ndarray,
    phrasings: np.ndarray,
    rows_weight: np.ndarray,
    counted: np.ndarray,
    answer_pairs: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Postings as one term-sorted array (numpy): fast to build at 100× and fast to query."""
    table, remap = TermTable.build(list(term_ids))
    n_entries = max(1, n_entries_real)
    n_terms = len(term_ids)
    terms = remap[rows_term] if len(rows_term) else np.zeros(0, np.int64)
    entry_of = np.asarray(p_entry, dtype=np.int64)
    # Document frequency over entries, not phrasings: five phrasings of one entry sharing a
    # word must not make that word look common.
    pairs = np.unique(terms * n_entries + entry_of[phrasings]) if len(terms) else np.zeros(0, np.int64)
    df = np.bincount(pairs // n_entries, minlength=n_terms)
    idf = np.log1p(n_entries / np.maximum(df, 1))
    weights = rows_weight * idf[terms] if len(terms) else np.zeros(0)
    order = np.argsort(terms, kind="stable")
    # Entry-level postings: each (term, entry) once, sounds left out.
    is_sound = np.zeros(n_terms, dtype=bool)
    term_weight = np.ones(n_terms)
    for tid, term in enumerate(table):
        if term[0] == "@":
            is_sound[tid] = True
        elif term[0] == "#":
            term_weight[tid] = 0.5
    entry_terms = pairs // n_entries
    keep = ~is_sound[entry_terms]
    entry_terms, entry_ids = entry_terms[keep], (pairs % n_entries)[keep]
    share = np.ones(len(entry_terms))
    if answer_pairs is not None and len(answer_pairs):
        extra = np.unique(remap[answer_pairs[:, 0]] * n_entries + answer_pairs[:, 1])
        extra = np.setdiff1d(extra, pairs)
        all_pairs = np.concatenate([entry_terms * n_entries + entry_ids, extra])
        shares = np.concatenate([share, np.full(len(extra), ANSWER_WORDS_SHARE)])
        order_e = np.argsort(all_pairs, kind="stable")
        all_pairs, share = all_pairs[order_e], shares[order_e]
        entry_terms, entry_ids = all_pairs // n_entries, all_pairs % n_entries
    return {
        "terms": table.array,
        "idf": idf,
        "post_phrasing": phrasings[order].astype(np.int32),
        "post_weight": weights[order],
        "post_bounds": np.searchsorted(terms[order], np.arange(n_terms + 1)),
        "entry_post_entry": entry_ids.astype(np.int32),
        "entry_post_weight": share * term_weight[entry_terms] * idf[entry_terms],
        "entry_post_bounds": np.searchsorted(entry_terms, np.arange(n_terms + 1)),
        "phrasing_mass": np.bincount(phrasings[counted], weights=weights[counted], minlength=len(p_entry)),
        "phrasing_entry": entry_of.astype(np.int32),
    }
