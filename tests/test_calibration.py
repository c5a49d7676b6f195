"""The confidence thresholds, measured on held-out data made from the knowledge itself.

Held-out phrasings (leave-fold-out), their typo / traditional / story / two-question variants,
out-of-scope questions and other-region near misses (bot.calibrate) — never the eval sets.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace

import pytest

from bot.calibrate import TARGET_PRECISION, Probe, ProbeTable, decide, fit, measure, probes_for, questions_for
from bot.calibration import CALIBRATION_FILE, calibrated_policy


@pytest.fixture(scope="module")
def probes(real_kb):
    return list(probes_for(real_kb))


def test_the_recorded_figures_are_what_the_thresholds_in_force_achieve(probes):
    recorded = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["held_out"]
    figures = measure(probes, calibrated_policy())
    assert figures.precision >= recorded["precision"] - 0.01, "confident answers got less precise on held-out data"
    assert figures.coverage >= recorded["coverage"] - 0.02, "fewer held-out questions are answered confidently"


def test_fitted_thresholds_reach_the_target_precision(probes):
    policy, figures = fit(probes, calibrated_policy())
    assert figures.precision >= TARGET_PRECISION
    assert policy.answer_at <= 1.0 and figures.coverage > 0.05, "no thresholds answer anything at the target"


def test_questions_about_an_uncovered_region_are_rarely_answered_confidently(probes):
    recorded = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["held_out"]["per_kind"]["other-region"]
    near_misses = [p for p in probes if p.kind == "other-region"]
    assert len(near_misses) > 100
    confident = measure(near_misses, calibrated_policy()).confident
    assert confident <= recorded["confident"] and confident <= 0.02 * len(near_misses)


def test_out_of_scope_questions_answered_confidently_stay_rare(probes):
    recorded = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))["held_out"]["per_kind"]["out-of-scope"]
    strays = [p for p in probes if p.kind == "out-of-scope"]
    assert measure(strays, calibrated_policy()).confident <= recorded["confident"]


def test_held_out_questions_come_from_the_knowledge_not_the_eval_sets(probes, real_kb):
    phrasings = {q for e in real_kb.entries.values() for q in e.questions}
    held = [p for p in probes if p.kind == "held-out"]
    assert held and all(p.text in phrasings for p in held)


def test_the_table_measures_exactly_what_the_rule_replayed_one_by_one_does(probes):
    """`fit` tries thousands of policies on arrays; each must give the figures `decide` gives."""
    table = ProbeTable(probes)
    rng = random.Random(3)
    policies = [calibrated_policy()]
    for _ in range(12):
        policies.append(
            replace(
                calibrated_policy(),
                answer_at=rng.uniform(0.3, 0.9),
                alone_at=rng.uniform(0.4, 1.0),
                margin=rng.choice([0.0, 0.04, 0.12]),
                agree_margin=rng.choice([0.0, 0.02]),
                clause_at=rng.uniform(0.4, 0.9),
                clause_clear_at=rng.choice([0.45, 1.01]),
                sure_at=rng.choice([0.8, 1.01]),
                pair_at=rng.choice([0.46, 0.55, 1.01]),
                pair_within=rng.choice([0.03, 0.06]),
            )
        )
    for policy in policies:
        assert table.measure(policy) == measure(probes, policy)


def test_when_no_thresholds_reach_the_target_the_fit_answers_nothing_not_even_a_diluted_story():
    """A story-diluted answer (a strong, agreeing match read with a story) has thresholds of its
    own; "answer nothing" must stop it too, or the fall-back would still answer confidently."""
    wrong = Probe(
        kind="story",
        text="我去年大学毕业，现在在一家单位上班。见习补贴多少",
        expected=frozenset({"right-entry"}),
        cites=frozenset({"doc:1"}),
        best="wrong-entry",
        best_score=0.6,
        runner_score=0.2,
        clause="doc:2",
        clause_score=0.3,
        clause_runner=0.29,
        agree=True,
        told=True,
    )
    policy, figures = fit([wrong] * 10, calibrated_policy())
    assert figures.confident == 0
    assert decide(wrong, policy) == ("unsure", None)


def test_adding_a_phrasing_changes_only_that_phrasings_questions(real_kb):
    """Folds and variants follow each phrasing's own text, so an edit to the knowledge moves the
    calibration figures by what it does, not by reshuffling every held-out question."""
    entry = next(iter(real_kb.entries.values()))
    grown = replace(entry, questions=(*entry.questions, "一条新加的问法用来检验折叠是否稳定"))
    edited = replace(real_kb, entries={**real_kb.entries, entry.id: grown})
    before = {q.text for _, questions in questions_for(real_kb, sample=0.03) for q in questions}
    after = {q.text for _, questions in questions_for(edited, sample=0.03) for q in questions}
    changed = before ^ after
    assert before & after, "the two runs share no questions at all"
    # The new phrasing's own questions (and a two-question variant that appends it) differ; a
    # sample boundary may let one more phrasing in or out.
    assert len(changed) <= 20, f"{len(changed)} questions changed"


def test_a_close_pair_of_neighbours_answered_together_is_right_when_either_is_the_one_asked():
    """Two neighbouring provisions tied high are both answered (bot.resolve.close_pair): the
    reply holds the right one when either is; calibration counts it as confident, and the fitted
    thresholds never answer with a pair."""
    tied = Probe(
        kind="held-out",
        text="评价机构怎么管",
        expected=frozenset({"second-entry"}),
        cites=frozenset({"doc:2"}),
        best="first-entry",
        best_score=0.5,
        runner_score=0.48,
        clause=None,
        clause_score=0.0,
        clause_runner=0.0,
        agree=False,
        second="second-entry",
        second_score=0.48,
        neighbours=True,
        pair_explained=True,
    )
    policy = replace(calibrated_policy(), alone_at=1.01, answer_at=1.01, pair_at=0.46, pair_within=0.06)
    assert decide(tied, policy) == ("pair", "first-entry")
    assert measure([tied], policy).right == 1
    neither = replace(tied, expected=frozenset({"third-entry"}))
    assert measure([neither], policy).confident == 1 and measure([neither], policy).right == 0
    assert decide(replace(tied, neighbours=False), policy) == ("unsure", None)
    assert decide(replace(tied, pair_explained=False), policy) == ("unsure", None)
    assert decide(replace(tied, told=True, pair_alone=0.0), policy) == ("unsure", None)  # only the story chose
    assert decide(replace(tied, uncovered_region=True), policy) == ("unsure", None)
    assert fit([tied] * 10, policy)[0].pair_at > 1.0
