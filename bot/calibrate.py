"""Fitting the confidence thresholds on held-out data (`qualbot calibrate`).

The data is made from the knowledge itself, never from an eval set:
- **held-out phrasings**: the entries' phrasings in twenty folds; each fold is asked of a
  brain built without it (leave-fold-out), so a phrasing never matches itself;
- **variants** of each held-out phrasing: a homophone typo, traditional characters, a story
  put in front, a second question from another entry appended;
- **out of scope**: hand-written questions outside the base (bot/data/calibration/), and
  near misses made by naming a region the base does not cover in front of a regional
  entry's phrasing (one that names no province itself).

Each question is resolved once and its scores recorded; the decision for any thresholds is
then replayed offline (`decide`, the same rule as bot.resolve), and the thresholds chosen
are those that answer the most questions while a confident answer is right ≥ 99 % of the
time. A confident answer is right when it is the held-out entry (or one of the two asked) or
an entry the knowledge says gives the same policy (`same_policy_as`), or clauses that entry
cites; any confident answer out of scope is wrong.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import opencc

from bot.kb.model import KnowledgeBase
from bot.resolve import QuestionAlone, ResolvePolicy, clause_sure, uncovered
from bot.text import _pinyin_table
from bot.understanding import NATIONAL, find_region, read_message

FOLDS = 20
TARGET_PRECISION = 0.99
OUT_OF_SCOPE_FILE = Path(__file__).parent / "data" / "calibration" / "out_of_scope.txt"
# Stories a user might tell before asking; generic on purpose (no policy words).
STORIES = (
    "我去年大学毕业，现在在一家单位上班。",
    "你好，想咨询一个问题，我们这边情况有点特殊。",
    "我们是一家小公司，最近在招人，有件事想确认一下。",
    "我在单位做人事工作好几年了，最近遇到一个情况。",
    "家里人让我问问，",
)
UNCOVERED = ("四川", "广东", "江苏", "北京", "湖南", "河南")


@dataclass(frozen=True)
class Probe:
    """One calibration question: what it is, what is right, and the scores it got."""

    kind: str
    text: str
    expected: frozenset[str]  # entry ids that are right; empty = out of scope
    cites: frozenset[str]  # clauses of the expected entries (a clause answer citing one is right)
    best: str | None
    best_score: float
    runner_score: float
    clause: str | None
    clause_score: float
    clause_runner: float
    agree: bool  # two independent retrievals agree (Resolver.agrees)
    coverage: float = 1.0  # how much of the best entry's nearest phrasing the question mentions
    explained: bool = True  # the best entry (with its clauses) contains every word of the question
    way_untold: bool = False  # it asks a way (怎么申请) that the best entry's answer does not tell
    clause_explained: bool = True  # the best clause does
    tie_broken: bool = False  # the best clause is the best entry's and not the runner-up's
    uncovered_region: bool = False  # the question names a region the knowledge does not cover
    told: bool = False  # the question was read with a story (which dilutes its score)
    names_uncovered: bool = False  # the question names a place the knowledge does not cover (besides its region)
    second: str | None = None  # the next option distinct from the best (Resolver.close_pair) …
    second_score: float = 0.0
    neighbours: bool = False  # … quoting a document the best also quotes
    pair_explained: bool = False  # the best and that option together explain every word asked
    pair_alone: float = 1.0  # the lower of their scores for the question without its story (1 without one)
    region_first: bool = False  # declined before any threshold: another region's rule is what it asks about


def decide(probe: Probe, policy: ResolvePolicy) -> tuple[str, str | None]:
    """The resolver's rule, replayed: ("entry"|"clauses"|"pair"|"unsure", answer)."""
    if probe.region_first:
        return "unsure", None
    eased = probe.agree and not probe.uncovered_region and not probe.names_uncovered
    needed = policy.answer_at if eased else policy.alone_at
    margin = policy.uncovered_margin if probe.uncovered_region else policy.agree_margin if eased else policy.margin
    explained = probe.explained or (
        probe.agree and probe.best_score >= policy.sure_unexplained_at and not probe.way_untold
    )
    diluted = (
        probe.told
        and probe.agree
        and not probe.uncovered_region
        and probe.best_score >= policy.diluted_at
        and probe.best_score - probe.runner_score >= policy.diluted_margin
    )
    agreed = (
        eased and probe.best_score >= policy.agreed_at and probe.best_score - probe.runner_score >= policy.agreed_margin
    )
    if (
        probe.best is not None
        and explained
        and (probe.best_score >= needed or diluted or agreed)
        and (probe.best_score - probe.runner_score >= margin or probe.best_score >= policy.sure_at or probe.tie_broken)
    ):
        return "entry", probe.best
    if (
        probe.clause is not None
        and probe.clause_explained
        and clause_sure(probe.clause_score, probe.clause_runner, policy)
    ):
        return "clauses", probe.clause
    if (
        probe.best is not None
        and probe.neighbours
        and probe.pair_explained
        and probe.pair_alone >= policy.story_only_at
        and not probe.uncovered_region
        and not probe.names_uncovered
        and max(probe.best_score, probe.second_score) >= policy.pair_at
        and abs(probe.best_score - probe.second_score) <= policy.pair_within
    ):
        return "pair", probe.best
    return "unsure", None


def is_right(probe: Probe, decision: str, answer: str | None) -> bool:
    if decision == "entry":
        return answer in probe.expected
    if decision == "pair":  # both are answered: right when either is
        return answer in probe.expected or probe.second in probe.expected
    if decision == "clauses":
        return answer in probe.cites
    return True


@dataclass(frozen=True)
class Figures:
    confident: int
    right: int
    answerable: int
    answerable_confident_right: int
    out_of_scope: int
    out_of_scope_answered: int

    @property
    def precision(self) -> float:
        return self.right / self.confident if self.confident else 1.0

    @property
    def coverage(self) -> float:
        return self.answerable_confident_right / self.answerable if self.answerable else 0.0


def measure(probes: Iterable[Probe], policy: ResolvePolicy) -> Figures:
    confident = right = answerable = covered = oos = oos_answered = 0
    for probe in probes:
        decision, answer = decide(probe, policy)
        sure = decision != "unsure"
        ok = is_right(probe, decision, answer)
        confident += sure
        right += sure and ok
        if probe.expected:
            answerable += 1
            covered += sure and ok
        else:
            oos += 1
            oos_answered += sure
    return Figures(confident, right, answerable, covered, oos, oos_answered)


# ---- making the questions -------------------------------------------------------------
def _homophones(common: set[str]) -> dict[str, list[str]]:
    """Characters → other common characters that sound the same (a typist's slip, not a rarity)."""
    by_sound: dict[str, list[str]] = {}
    table = _pinyin_table()
    for char in common:
        if char in table:
            by_sound.setdefault(table[char], []).append(char)
    return {char: sorted(c for c in by_sound[table[char]] if c != char) for char in common if char in table}


def typo_of(text: str, rng: random.Random, homophones: dict[str, list[str]]) -> str | None:
    spots = [i for i, ch in enumerate(text) if homophones.get(ch)]
    if not spots:
        return None
    i = rng.choice(spots)
    return text[:i] + rng.choice(homophones[text[i]]) + text[i + 1 :]


def _stable_hash(seed: int, *parts: str) -> int:
    """A hash of `parts` that is the same in every run (Python's own hash() of a str is not)."""
    digest = hashlib.blake2b("\x1f".join((str(seed), *parts)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def without_phrasings(kb: KnowledgeBase, held_out: set[tuple[str, int]]) -> KnowledgeBase:
    entries = {}
    for entry in kb.entries.values():
        kept = tuple(q for i, q in enumerate(entry.questions) if (entry.id, i) not in held_out)
        entries[entry.id] = replace(entry, questions=kept)
    return replace(kb, entries=MappingProxyType(entries))


@dataclass(frozen=True)
class Question:
    """A calibration question before it is asked: its kind, its text, and what is right."""

    kind: str
    text: str
    expected: frozenset[str]  # entry ids that are right; empty = out of scope
    cites: frozenset[str]  # clauses of the expected entries


def questions_for(
    kb: KnowledgeBase, seed: int = 7, sample: float = 1.0
) -> Iterator[tuple[set[tuple[str, int]], list[Question]]]:
    """Each fold's held-out phrasings (entry id, place) and the questions made from them."""
    from bot.core import Brain

    common = {ch for d in kb.documents.values() for c in d.clauses for ch in c.text}
    homophones = _homophones(common)
    to_traditional = opencc.OpenCC("s2t")
    # Each phrasing's fold and variants follow from its own text (and `seed`), not from its place
    # in the list: adding one phrasing changes that phrasing's questions only, so the figures
    # move with what an edit does rather than with a reshuffle of every fold.
    phrasings = sorted(
        ((e.id, i, q) for e in kb.entries.values() for i, q in enumerate(e.questions)),
        key=lambda p: _stable_hash(seed, p[0], p[2]),
    )
    if sample < 1.0:
        phrasings = phrasings[: max(FOLDS, int(len(phrasings) * sample))]
    judge = Brain(kb, resolve_policy=ResolvePolicy()).resolver
    # Entries that hold only a province's own rule: asked about an uncovered province, they must not answer.
    regional = {e.id for e in kb.entries.values() if not judge.region_fits(judge.regions_of(e.cites), UNCOVERED[0])}
    oos = [
        line.strip()
        for line in OUT_OF_SCOPE_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for fold in range(FOLDS):
        held = [(place, p) for place, p in enumerate(phrasings) if _stable_hash(seed, p[0], p[2]) % FOLDS == fold]
        questions: list[Question] = []
        for place, (entry_id, _, question) in held:
            rng = random.Random(_stable_hash(seed, entry_id, question))
            other = phrasings[(place + 1) % len(phrasings)]  # the next phrasing in hash order
            cites = frozenset(kb.entries[entry_id].cites)
            own = frozenset({entry_id}) | kb.same_policy(entry_id)  # an entry giving the same policy is right too
            questions.append(Question("held-out", question, own, cites))
            typo = typo_of(question, rng, homophones)
            if typo:
                questions.append(Question("typo", typo, own, cites))
            questions.append(Question("traditional", to_traditional.convert(question), own, cites))
            questions.append(Question("story", rng.choice(STORIES) + question, own, cites))
            if other[0] != entry_id:
                both = own | {other[0]} | kb.same_policy(other[0])
                questions.append(
                    Question(
                        "two-questions",
                        f"{question}？另外{other[2]}",
                        both,
                        cites | frozenset(kb.entries[other[0]].cites),
                    )
                )
            # (a phrasing naming its own province — "我们是山西的…" — stays about that province)
            if entry_id in regional and find_region(question, kb.lexicon) in (None, NATIONAL):
                questions.append(
                    Question("other-region", f"{rng.choice(UNCOVERED)}的{question}", frozenset(), frozenset())
                )
        if fold == 0:
            questions += [Question("out-of-scope", q, frozenset(), frozenset()) for q in oos]
        yield {(e, i) for _, (e, i, _) in held}, questions


def probes_for(kb: KnowledgeBase, seed: int = 7, sample: float = 1.0) -> Iterator[Probe]:
    """Every calibration question, resolved by a brain that has not seen it."""
    from bot.core import Brain  # the brain is built per fold

    for held, questions in questions_for(kb, seed, sample):
        brain = Brain(without_phrasings(kb, held), resolve_policy=ResolvePolicy())
        for q in questions:
            yield _probe(brain, q.kind, q.text, q.expected, q.cites)


def _probe(brain, kind: str, text: str, expected: frozenset[str], cites: frozenset[str]) -> Probe:
    reading = read_message(brain.punctuate(brain.pipeline.correct(text)), brain.lexicon)  # read as bot.core reads it
    question = reading.with_facts(" ".join(reading.questions))
    res = brain.resolver.resolve(question, reading.story_text, None, reading.region, brain.lexicon.covered_regions)
    ranked, hits = res.candidates_all, res.clauses_all
    second = next((c for c in ranked[1:] if brain.resolver.distinct_options(ranked[0].entry_id, c.entry_id)), None)
    pair_alone = 1.0
    if second is not None and reading.story_text:
        alone = QuestionAlone(brain.resolver.matcher, question, None)
        pair_alone = min(alone(ranked[0].entry_id), alone(second.entry_id))
    return Probe(
        kind=kind,
        text=text,
        expected=expected,
        cites=cites,
        best=ranked[0].entry_id if ranked else None,
        best_score=ranked[0].score if ranked else 0.0,
        runner_score=brain.resolver.distinct_runner_up(list(ranked)) if ranked else 0.0,
        clause=hits[0].cite if hits else None,
        clause_score=hits[0].score if hits else 0.0,
        clause_runner=hits[1].score if len(hits) > 1 else 0.0,
        agree=bool(ranked) and brain.resolver.agrees(ranked[0].entry_id, hits),
        coverage=ranked[0].coverage if ranked else 0.0,
        explained=bool(ranked) and not brain.resolver.unexplained(question, ranked[0].entry_id),
        way_untold=bool(ranked) and bool(brain.resolver.way_untold(question, ranked[0].entry_id)),
        clause_explained=bool(hits)
        and not brain.resolver.unexplained(question, None, (hits[0].cite,))
        and brain.resolver.names_a_topic(f"{question} {reading.story_text or ''}"),
        tie_broken=brain.resolver.tie_broken(
            question, reading.story_text, ranked, hits, reading.region, brain.lexicon.covered_regions
        ),
        uncovered_region=uncovered(reading.region, brain.lexicon.covered_regions),
        told=bool(reading.story_text),
        names_uncovered=brain.resolver.names_uncovered(question, brain.lexicon.covered_regions),
        second=second.entry_id if second else None,
        second_score=second.score if second else 0.0,
        neighbours=bool(ranked)
        and second is not None
        and brain.resolver.neighbours(ranked[0].entry_id, second.entry_id),
        pair_explained=bool(ranked)
        and second is not None
        and brain.resolver.pair_explains(question, reading.story_text, ranked[0].entry_id, second.entry_id),
        pair_alone=pair_alone,
        region_first=res.other_region_first,
    )


class ProbeTable:
    """The probes' recorded scores as arrays, so that a policy's figures are worked out for all
    of them at once (`fit` tries some 23 000 policies): the same rule as `decide`."""

    def __init__(self, probes: list[Probe]):
        def column(values: Iterable[float | bool]) -> np.ndarray:
            return np.fromiter(values, dtype=float, count=len(probes))

        self.has_best = column(p.best is not None for p in probes).astype(bool)
        self.best = column(p.best_score for p in probes)
        self.runner = column(p.runner_score for p in probes)
        self.agree = column(p.agree for p in probes).astype(bool)
        self.names_uncovered = column(p.names_uncovered for p in probes).astype(bool)
        self.uncovered = column(p.uncovered_region for p in probes).astype(bool)
        self.explained = column(p.explained for p in probes).astype(bool)
        self.way_untold = column(p.way_untold for p in probes).astype(bool)
        self.told = column(p.told for p in probes).astype(bool)
        self.tie_broken = column(p.tie_broken for p in probes).astype(bool)
        self.has_clause = column(p.clause is not None for p in probes).astype(bool)
        self.clause = column(p.clause_score for p in probes)
        self.clause_runner = column(p.clause_runner for p in probes)
        self.clause_explained = column(p.clause_explained for p in probes).astype(bool)
        self.entry_right = column(p.best in p.expected for p in probes).astype(bool)
        self.clause_right = column(p.clause in p.cites for p in probes).astype(bool)
        self.second = column(p.second_score for p in probes)
        self.neighbours = column(p.neighbours for p in probes).astype(bool)
        self.pair_explained = column(p.pair_explained for p in probes).astype(bool)
        self.pair_alone = column(p.pair_alone for p in probes)
        self.pair_right = column(p.best in p.expected or p.second in p.expected for p in probes).astype(bool)
        self.answerable = column(bool(p.expected) for p in probes).astype(bool)
        self.region_first = column(p.region_first for p in probes).astype(bool)

    def measure(self, policy: ResolvePolicy) -> Figures:
        eased = self.agree & ~self.uncovered & ~self.names_uncovered
        needed = np.where(eased, policy.answer_at, policy.alone_at)
        margin = np.where(self.uncovered, policy.uncovered_margin, np.where(eased, policy.agree_margin, policy.margin))
        lead = self.best - self.runner
        explained = self.explained | (self.agree & (self.best >= policy.sure_unexplained_at) & ~self.way_untold)
        diluted = (
            self.told
            & self.agree
            & ~self.uncovered
            & (self.best >= policy.diluted_at)
            & (lead >= policy.diluted_margin)
        )
        agreed = eased & (self.best >= policy.agreed_at) & (lead >= policy.agreed_margin)
        entry = (
            self.has_best
            & explained
            & ((self.best >= needed) | diluted | agreed)
            & ((lead >= margin) | (self.best >= policy.sure_at) | self.tie_broken)
        )
        clause_lead = self.clause - self.clause_runner
        clause_sure_ = ((self.clause >= policy.clause_at) & (clause_lead >= policy.clause_margin)) | (
            (self.clause >= policy.clause_clear_at) & (clause_lead >= policy.clause_clear_margin)
        )
        by_clause = ~entry & self.has_clause & self.clause_explained & clause_sure_
        pair = (
            ~entry
            & ~by_clause
            & self.has_best
            & self.neighbours
            & self.pair_explained
            & (self.pair_alone >= policy.story_only_at)
            & ~self.uncovered
            & ~self.names_uncovered
            & (np.maximum(self.best, self.second) >= policy.pair_at)
            & (np.abs(self.best - self.second) <= policy.pair_within)
        )
        sure = (entry | by_clause | pair) & ~self.region_first
        ok = np.where(
            entry, self.entry_right, np.where(by_clause, self.clause_right, np.where(pair, self.pair_right, True))
        )
        return Figures(
            confident=int(sure.sum()),
            right=int((sure & ok).sum()),
            answerable=int(self.answerable.sum()),
            answerable_confident_right=int((self.answerable & sure & ok).sum()),
            out_of_scope=int((~self.answerable).sum()),
            out_of_scope_answered=int((~self.answerable & sure).sum()),
        )


# ---- choosing thresholds --------------------------------------------------------------
def fit(probes: list[Probe], base: ResolvePolicy | None = None) -> tuple[ResolvePolicy, Figures]:
    """The thresholds that cover most answerable questions at ≥ 99 % precision."""
    base = base or ResolvePolicy()
    table = ProbeTable(probes)
    best: tuple[float, ResolvePolicy, Figures] | None = None
    grid = itertools.product(
        [x / 100 for x in range(36, 81, 4)],  # answer_at (the two retrievals agree)
        [x / 100 for x in range(50, 101, 10)],  # alone_at (they do not)
        [x / 100 for x in range(0, 33, 4)],  # margin (the retrievals do not agree)
        [0.0, 0.02, 1.0],  # agree_margin (they do): capped at margin, so 1.0 means the same
        [x / 100 for x in range(50, 91, 8)],  # clause_at
        [base.clause_clear_at, 1.01],  # a clause far ahead answering from a lower score: on or off
    )
    for answer_at, alone_at, margin, agree_margin, clause_at, clause_clear_at in grid:
        policy = replace(
            base,
            answer_at=answer_at,
            alone_at=max(alone_at, answer_at),
            margin=margin,
            agree_margin=min(agree_margin, margin),
            clause_at=clause_at,
            clause_clear_at=max(clause_clear_at, min(clause_at, base.clause_clear_at)),
            sure_at=1.01,
            pair_at=1.01,  # the fitted thresholds answer one entry or none
        )
        figures = table.measure(policy)
        if figures.precision < TARGET_PRECISION:
            continue
        if best is None or figures.coverage > best[0]:
            best = (figures.coverage, policy, figures)
    if best is None:
        # Nothing reaches the target: answer nothing (a story-diluted answer neither).
        strict = replace(
            base,
            answer_at=1.01,
            alone_at=1.01,
            clause_at=1.01,
            clause_clear_at=1.01,
            diluted_at=1.01,
            agreed_at=1.01,
            pair_at=1.01,
        )
        return strict, measure(probes, strict)
    return best[1], best[2]


def report(probes: list[Probe], policy: ResolvePolicy) -> dict[str, object]:
    kinds: dict[str, list[Probe]] = {}
    for probe in probes:
        kinds.setdefault(probe.kind, []).append(probe)
    per_kind = {}
    for kind, items in sorted(kinds.items()):
        f = measure(items, policy)
        per_kind[kind] = {
            "questions": len(items),
            "confident": f.confident,
            "right": f.right,
            "precision": round(f.precision, 4),
            "coverage": round(f.coverage, 4),
        }
    total = measure(probes, policy)
    return {
        "questions": len(probes),
        "confident": total.confident,
        "right": total.right,
        "precision": round(total.precision, 4),
        "coverage": round(total.coverage, 4),
        "per_kind": per_kind,
    }


def calibrate(kb: KnowledgeBase, current: ResolvePolicy, out: Path | None = None) -> dict[str, object]:
    """Measure the thresholds in force on the held-out data, and fit the ones that reach the
    target precision; with `out`, write the fitted ones there."""
    probes = list(probes_for(kb))
    fitted, _ = fit(probes, current)
    data = {
        "knowledge_version": kb.version,
        "policy": _policy_fields(fitted if out else current),
        "held_out": report(probes, fitted if out else current),
        "target_precision": TARGET_PRECISION,
        "fitted": {"policy": _policy_fields(fitted), "held_out": report(probes, fitted)},
    }
    if out is not None:
        out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data


def _policy_fields(policy: ResolvePolicy) -> dict[str, float]:
    keys = (
        "answer_at",
        "alone_at",
        "margin",
        "agree_margin",
        "uncovered_margin",
        "sure_at",
        "clause_at",
        "clause_clear_at",
        "pair_at",
        "pair_within",
    )
    return {k: getattr(policy, k) for k in keys}
