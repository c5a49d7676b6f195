"""Named calculators: arithmetic a dialog needs but YAML must not express.

A dialog binds a calculator's parameters to its variables (answers and rule lookups), so
every number that enters a calculation comes from the user or from knowledge/rules with a
citation; the calculator holds only the *reading* of the policy, explained in comments.
Unknown inputs give unknown outputs (None), never a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.engine.posting import check_posting, unjudged_sentences
from bot.kb.catalogue import Catalogue
from bot.table_notes import internship_rate


@dataclass(frozen=True)
class Calculator:
    """`run(params, catalogue)` → outputs; an optional "_cites" list adds clauses to the footer."""

    params: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[[Mapping[str, Any], Catalogue], dict[str, Any]]


def _internship_subsidy(p: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """Estimate of the employer's subsidies (sx-internship-2022 三（二）).

    Every intern month is counted once: interns who sign a labour contract early stop being
    interns, so their ordinary subsidy covers only the months served (agreement months minus
    the months left at signing), and the remaining-period subsidy 「最多3个月的剩余期限补贴」
    covers at most 3 of the months left — while that measure ran (user-qa W4, audit D1).
    """
    rate = internship_rate(p)
    wage, interns, months = p["min_wage"], p["interns"], p["months"]
    monthly = None if rate is None or wage is None else wage * rate
    early = min(p["early_contracts"] or 0, interns or 0)
    left = min(p["early_months"] or 0, months or 0) if early else 0
    served: Any = (months - left) if months is not None else None
    intern_months = None if interns is None or months is None else (interns - early) * months + early * served
    base_total = None if monthly is None or intern_months is None else monthly * intern_months
    insurance_total = None if p["insurance"] is None or interns is None else p["insurance"] * interns
    early_total = 0.0
    early_counted_months = 0
    # The remaining-period subsidy exists only while its measure ran (the lookup is dated):
    # an unknown cap (None) means the measure did not cover the contract date.
    if early and p["early_max_months"] is not None and monthly is not None:
        early_counted_months = min(left, p["early_max_months"])
        early_total = monthly * early * early_counted_months
    parts: tuple[Any, Any] = (base_total, insurance_total)
    total = None if None in parts else sum(parts) + early_total
    base_rate = p["base_rate"]
    raised = None if rate is None or base_rate is None or p["retention"] is None else rate > base_rate / 100
    return {
        "rate": rate,
        "rate_raised": raised,
        "monthly_per_intern": monthly,
        "base_total": base_total,
        "intern_months": intern_months,
        "full_interns": (interns - early) if interns is not None else None,
        "served_months": served if early else None,
        "insurance_total": insurance_total,
        "early_total": early_total,
        "early_counted_months": early_counted_months,
        "total": total,
    }


SKILL_LEVELS = ("senior-worker", "technician", "senior-technician", "special-technician", "chief-technician")


def _title_route(p: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """The highest 职称 route a skill level opens (zj-guantong-2022 三（二）1（1）–（4）).

    A higher level includes the lower ones: whoever holds 高级技师 has held 技师 and 高级工 at
    least as long, so the years since the highest level also meet a lower level's years
    (高级技师 + 3 years → the 技师 route to 中级). 特级/首席技师 open 正高 only while still
    working in the field (三（二）1（4）); otherwise they keep the 高级技师 route (4 years → 副高).
    route_ok: True a route holds, False none does, None it depends on an unanswered question.
    """
    level, years, still = p["level"], p["years"], p["still_working"]
    required = {"senior-worker": p["years_sw"], "technician": p["years_tech"], "senior-technician": p["years_st"]}
    out = {"route_level": None, "route_ok": None, "route_lower": False}
    if level is None:
        return out
    if level not in SKILL_LEVELS:  # 还没有高级工
        return {**out, "route_ok": False}
    rank = SKILL_LEVELS.index(level)
    if rank >= 3 and still == "yes":
        return {**out, "route_level": level, "route_ok": True}
    for candidate in ("senior-technician", "technician", "senior-worker"):
        need = required[candidate]
        if SKILL_LEVELS.index(candidate) <= rank and years is not None and need is not None and years >= need:
            if rank >= 3 and still is None:
                return out  # 正高 may still be open: it depends on the unanswered question
            return {"route_level": candidate, "route_ok": True, "route_lower": candidate != level}
    if rank >= 3 and still is None:
        return out
    if years is None and rank < 3:
        return out
    return {**out, "route_ok": False}


def _qualification_lookup(p: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """What the knowledge base knows about one typed qualification name (category only if sourced)."""
    match = catalogue.match(p["name"] or "") if p["name"] else None
    q = match.qualification if match else None
    return {
        "q_recognised": q is not None,
        "q_name": q.name if q else None,
        "q_category": q.category if q else None,
        "q_xiangang": bool(q and q.xiangang),
        "q_reliability": q.reliability if q else None,
        "q_source": q.source.title if q and q.source else None,
        "q_source_url": q.source.url if q and q.source else None,
        "_cites": [q.cite] if q and q.cite else [],
    }


def _posting_check(p: Mapping[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    findings = check_posting(p["text"] or "", catalogue)
    return {
        "findings": findings,
        "unjudged": unjudged_sentences(p["text"] or "", findings) or None,  # None: nothing left unjudged
        "n_findings": len(findings),
        "n_problems": sum(1 for f in findings if f["verdict"] != "allowed"),
        "_cites": [f["cite"] for f in findings if f["cite"]],
    }


CALCULATORS: dict[str, Calculator] = {
    "title-route": Calculator(
        params=("level", "years", "still_working", "years_sw", "years_tech", "years_st"),
        outputs=("route_level", "route_ok", "route_lower"),
        run=_title_route,
    ),
    "qualification-lookup": Calculator(
        params=("name",),
        outputs=("q_recognised", "q_name", "q_category", "q_xiangang", "q_reliability", "q_source", "q_source_url"),
        run=_qualification_lookup,
    ),
    "posting-check": Calculator(
        params=("text",), outputs=("findings", "n_findings", "n_problems", "unjudged"), run=_posting_check
    ),
    "internship-subsidy": Calculator(
        params=(
            "min_wage",
            "interns",
            "months",
            "retention",
            "early_contracts",
            "early_months",
            "base_rate",
            "step_rate",
            "retention_step",
            "retention_floor",
            "full_rate_above",
            "full_rate",
            "insurance",
            "early_max_months",
        ),
        outputs=(
            "rate",
            "rate_raised",
            "monthly_per_intern",
            "base_total",
            "intern_months",
            "full_interns",
            "served_months",
            "insurance_total",
            "early_total",
            "early_counted_months",
            "total",
        ),
        run=_internship_subsidy,
    ),
}
