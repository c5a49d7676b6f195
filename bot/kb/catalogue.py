"""`knowledge/catalogue/*.yaml`: qualification names, and their category where a source says it.

The hiring check must never state a category the knowledge base cannot source. So each
entry's category comes either from a source that shows categories (with its reliability:
official / provincial / unverified) or from a clause (`cite`) that states it; a names-only
source may recognise a name but may not carry a category — the loader rejects that.

Matching is fuzzy (rapidfuzz) over names and aliases after light normalisation, so 护士证,
护士资格证 and 护士执业资格 find the same entry.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz

from bot.kb.errors import KbError
from bot.kb.schema import CiteRef, IsoDate, Slug, Text
from bot.kb.validate import display_path, read_validated

if TYPE_CHECKING:
    from bot.kb.model import KnowledgeBase

Category = Literal["准入类", "水平评价类"]
MATCH_THRESHOLD = 86  # below this a name is "not recognised" rather than guessed
_SUFFIXES = re.compile(r"(职业资格证书|职业资格证|职业资格|资格证书|执业证书|资格证|证书|资格|证)$")


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SourceSpec(_Closed):
    id: Slug
    title: Text
    url: Text | None = None
    date: IsoDate | None = None
    issuer: Text | None = None  # who published what the source reads (its header's 发布机关)
    reliability: Literal["official", "provincial", "unverified"]
    names_only: bool = False
    note: Text | None = None


class EntrySpec(_Closed):
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    category: Category | None = None
    kind: Literal["专业技术人员职业资格", "技能人员职业资格"] | None = None
    source: Slug | None = None
    cite: CiteRef | None = None
    xiangang: bool = False
    note: Text | None = None
    # What the catalogue row itself records beside the category, as its source reads (no source
    # with names only may state them): the 实施部门（单位） and the 设定依据.
    department: Text | None = None
    basis: Text | None = None
    # What its source says is uncertain in those cells (a line break read two ways, cells of two
    # sub-items that may be merged): said beside them, so a doubtful cell is given as doubtful.
    row_doubt: Text | None = None
    # Names it had before (专利代理人 → 专利代理师), as `renamed_source` says: matched as its names,
    # and told when asked what it is called now.
    formerly: list[Text] = Field(default_factory=list)
    renamed_source: Slug | None = None
    # Its source says it left the catalogue with the 2021 edition (乡村兽医资格): named so that it is
    # never taken for another qualification inside its name (执业兽医资格), and said to have left.
    left: bool = False
    # Its source says the 2021 edition added it (精算师): listed when the editions' changes are asked.
    added: bool = False
    # Its number (序号) in the 2021 catalogue, as the source reading the row gives it: "目录第三项是什么".
    row: int | None = Field(default=None, ge=1)


class VerdictSpec(_Closed):
    """May an employer make a qualification of this category a hiring condition (the /hiring check)."""

    category: Category
    verdict: Literal["allowed", "not-allowed"]
    cite: CiteRef


class CatalogueFileSpec(_Closed):
    id: Slug
    title: Text
    last_reviewed: IsoDate
    sources: list[SourceSpec] = Field(default_factory=list)
    hiring_verdicts: list[VerdictSpec] = Field(default_factory=list)
    entries: list[EntrySpec] = Field(min_length=1)


@dataclass(frozen=True)
class Qualification:
    name: str
    aliases: tuple[str, ...]
    category: str | None
    kind: str | None
    source: SourceSpec | None
    cite: str | None
    xiangang: bool
    note: str | None
    department: str | None = None  # 实施部门（单位）, as the source reads
    basis: str | None = None  # 设定依据, as the source reads
    left: bool = False  # left the catalogue with the 2021 edition, its source says
    row_doubt: str | None = None  # what its source says is uncertain in the department / basis cells
    formerly: tuple[str, ...] = ()  # names it had before
    renamed_source: SourceSpec | None = None  # the source saying so
    added: bool = False  # added to the catalogue with the 2021 edition, its source says
    row: int | None = None  # its 序号 in the 2021 catalogue, as the source reading the row gives it

    @property
    def reliability(self) -> str:
        """How sure a reply may be: a kb clause is official; otherwise the source's own rating."""
        if self.cite:
            return "official"
        return self.source.reliability if self.source else "unverified"


@dataclass(frozen=True)
class Match:
    qualification: Qualification
    score: float
    text: str  # the words that matched


def normalise(name: str) -> str:
    """Compare names without spaces, brackets and certificate suffixes (证/证书/资格…)."""
    text = re.sub(r"[\s()（）]", "", name)
    return _SUFFIXES.sub("", text) or text


@dataclass(frozen=True)
class Catalogue:
    entries: tuple[Qualification, ...] = ()
    synonyms: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    verdicts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # category → verdict

    def verdict(self, category: str | None) -> str:
        """allowed / not-allowed as the catalogue's `hiring_verdicts` say; unknown otherwise."""
        return self.verdicts.get(category or "", "unknown")

    def _terms(self) -> list[tuple[str, Qualification]]:
        return [(_ascii_lower(normalise(term)), q) for q in self.entries for term in (q.name, *q.aliases, *q.formerly)]

    def match(self, text: str) -> Match | None:
        """The best entry for a typed name, or None when nothing is close enough."""
        query = _ascii_lower(normalise(self.synonyms.get(text.strip(), text.strip())))
        if not query:
            return None
        best: Match | None = None
        for term, qualification in self._terms():
            score = 100.0 if term == query else fuzz.ratio(term, query)
            if len(query) >= 3 and len(term) >= 3 and (query in term or term in query):
                score = max(score, 90.0 + 10.0 * min(len(term), len(query)) / max(len(term), len(query)))
            if best is None or score > best.score:
                best = Match(qualification, score, text.strip())
        return best if best and best.score >= MATCH_THRESHOLD else None

    @functools.cached_property
    def _terms_longest_first(self) -> tuple[tuple[str, Qualification], ...]:
        """Every name and alias (as written and normalised), longest first: built once, read by
        every `find_in`."""
        return tuple(
            sorted(
                (
                    (term, q)
                    for q in self.entries
                    for raw in (q.name, *q.aliases, *q.formerly)
                    for term in {_ascii_lower(raw), _ascii_lower(normalise(raw))}
                    if len(term) >= 2
                ),
                key=lambda item: (-len(item[0]), item[0]),  # longest first; ties in a fixed order
            )
        )

    def find_in(self, text: str) -> list[Match]:
        """Every entry named in a longer text (a job posting), longest names first, no overlaps."""
        found: dict[str, Match] = {}
        taken: list[tuple[int, int]] = []
        squeezed = re.sub(r"\s", "", text)
        looked_in = _ascii_lower(squeezed)  # (CPA and cpa alike; the same length, so places agree)
        for term, qualification in self._terms_longest_first:
            start = looked_in.find(term)
            if start < 0 or qualification.name in found:
                continue
            end = start + len(term)
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            found[qualification.name] = Match(qualification, 100.0, _widen(squeezed, start, end))
        return sorted(found.values(), key=lambda m: squeezed.find(m.text))


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    """Latin letters in lower case, every other character as it is (the length never changes)."""
    return text.translate(_ASCII_LOWER)


def _widen(text: str, start: int, end: int) -> str:
    """The mention as written, with a trailing 证/证书/资格 so the reply quotes what the posting says."""
    tail = re.match(r"(职业资格证书|资格证书|执业证书|资格证|证书|证)", text[end:])
    return text[start : end + (tail.end() if tail else 0)]


def load_catalogue(root: Path, kb: KnowledgeBase, errors: list[KbError]) -> Catalogue:
    """Read knowledge/catalogue/*.yaml; every problem becomes a file:line error."""
    entries: list[Qualification] = []
    seen: dict[str, str] = {}
    rows_seen: dict[int, str] = {}  # row: the entry it belongs to (across the files)
    verdicts: dict[str, str] = {}
    for path in sorted((root / "catalogue").glob("*.yaml")):
        display = display_path(root, path)
        result = read_validated(path, display, CatalogueFileSpec, errors)
        if result is None:
            continue
        loaded, spec = result
        sources = {s.id: s for s in spec.sources}
        for i, rule in enumerate(spec.hiring_verdicts):
            where = loaded.line_of(("hiring_verdicts", i))
            if rule.category in verdicts:
                errors.append(KbError(display, where, f"hiring verdict for {rule.category} is given twice"))
            if rule.cite not in kb.clauses:
                errors.append(
                    KbError(display, where, f"hiring verdict cites '{rule.cite}', which is not a known clause")
                )
            verdicts.setdefault(rule.category, rule.verdict)
        for i, entry in enumerate(spec.entries):
            line = loaded.line_of(("entries", i))
            source = sources.get(entry.source) if entry.source else None
            if entry.source and source is None:
                errors.append(
                    KbError(
                        display,
                        line,
                        f"entry '{entry.name}': unknown source '{entry.source}'; sources: {', '.join(sources)}",
                    )
                )
            if entry.source is None and entry.cite is None:
                errors.append(KbError(display, line, f"entry '{entry.name}' needs a source or a cite"))
            if entry.cite and entry.cite not in kb.clauses:
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "cite")),
                        f"entry '{entry.name}' cites '{entry.cite}', which is not a known clause",
                    )
                )
            if entry.category and source is not None and source.names_only and not entry.cite:
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "category")),
                        f"entry '{entry.name}': source '{source.id}' gives names only, so it cannot state a category; add a cite or remove the category",
                    )
                )
            if entry.left and (entry.category or source is None or source.names_only):
                errors.append(
                    KbError(
                        display,
                        line,
                        f"entry '{entry.name}': left needs a source that says it left the catalogue, and no category",
                    )
                )
            if entry.added and (entry.left or source is None or source.names_only):
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "added")),
                        f"entry '{entry.name}': added needs a source that says it was added (not names only), and not left",
                    )
                )
            if entry.row is not None and (source is None or source.names_only):
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "row")),
                        f"entry '{entry.name}': row needs a source that reads the catalogue row (not names only)",
                    )
                )
            if entry.row is not None and entry.row in rows_seen:
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "row")),
                        f"entry '{entry.name}': row {entry.row} also belongs to '{rows_seen[entry.row]}'",
                    )
                )
            if entry.row is not None:
                rows_seen.setdefault(entry.row, entry.name)
            if entry.row_doubt and not (entry.department or entry.basis):
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "row_doubt")),
                        f"entry '{entry.name}': row_doubt is said of a department or basis, and it has neither",
                    )
                )
            for field_name in ("department", "basis"):
                if getattr(entry, field_name) and (source is None or source.names_only):
                    errors.append(
                        KbError(
                            display,
                            loaded.line_of(("entries", i, field_name)),
                            f"entry '{entry.name}': {field_name} needs a source that reads the catalogue row (not names only)",
                        )
                    )
            renamed = sources.get(entry.renamed_source) if entry.renamed_source else None
            if bool(entry.formerly) != (entry.renamed_source is not None) or (
                entry.renamed_source and (renamed is None or renamed.names_only)
            ):
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("entries", i, "formerly" if entry.formerly else "renamed_source")),
                        f"entry '{entry.name}': formerly needs a renamed_source that is a known source, not names only",
                    )
                )
            for term in (entry.name, *entry.aliases, *entry.formerly):
                key = normalise(term)
                if key in seen and seen[key] != entry.name:
                    errors.append(
                        KbError(
                            display,
                            line,
                            f"name '{term}' also belongs to '{seen[key]}'; a name may belong to one entry only",
                        )
                    )
                seen.setdefault(key, entry.name)
            entries.append(
                Qualification(
                    entry.name,
                    tuple(entry.aliases),
                    entry.category,
                    entry.kind,
                    source,
                    entry.cite,
                    entry.xiangang,
                    entry.note,
                    entry.department,
                    entry.basis,
                    entry.left,
                    entry.row_doubt,
                    tuple(entry.formerly),
                    renamed,
                    entry.added,
                    entry.row,
                )
            )
    return Catalogue(tuple(entries), MappingProxyType(dict(kb.synonyms)), MappingProxyType(verdicts))
