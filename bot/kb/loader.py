"""Load `knowledge/` into an immutable KnowledgeBase, collecting every error as file:line."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from bot.kb.errors import KbError, KbLoadFailed
from bot.kb.model import Annex, Clause, Document, Entry, KnowledgeBase, Relation, Topic
from bot.kb.schema import DocumentSpec, FaqFileSpec, SynonymsFileSpec
from bot.kb.strict_yaml import KeyPath, LoadedYaml
from bot.kb.validate import display_path, read_validated
from bot.kb.vocabulary import read_profile_words

_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Whitespace-free form used for verbatim comparison with the sources."""
    return _WS.sub("", text)


def describe_validation_error(error: Mapping[str, Any], model: type[BaseModel]) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"unknown key '{error['loc'][-1]}'{_allowed_keys(model, error['loc'][:-1])}"
    if kind == "missing":
        return f"missing required key '{loc}'"
    value = error.get("input")
    if kind == "string_type" and isinstance(value, (int, float, bool)):
        return f"{loc}: expected text but YAML read {type(value).__name__} {value!r}; put it in quotes"
    if kind == "literal_error":
        return f"{loc}: {error['msg']} (got {value!r})"
    if kind == "string_pattern_mismatch":
        return f"{loc}: {value!r} has the wrong form ({error['msg']})"
    return f"{loc}: {error['msg']}" + (
        f" (got {value!r})" if value is not None and not isinstance(value, (dict, list)) else ""
    )


def _allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> str:
    """'; allowed: …' for the model at `loc`, walking nested models/lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return ""
        annotation = field.annotation
        for arg in (*getattr(annotation, "__args__", ()), annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
                break
            for inner in getattr(arg, "__args__", ()):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    current = inner
                    break
    names = getattr(current, "model_fields", {})
    return f"; allowed: {', '.join(names)}" if names else ""


class LoadContext:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[KbError] = []
        self.broken_documents: set[str] = set()  # their clauses are unknown: don't report cites to them

    def display(self, path: Path) -> str:
        return display_path(self.root, path)

    def error(self, path: Path, line: int, message: str) -> None:
        self.errors.append(KbError(self.display(path), line, message))

    def validated(self, path: Path, model: type[BaseModel]) -> tuple[LoadedYaml, Any] | None:
        return read_validated(path, self.display(path), model, self.errors)


def _relations(items: Iterable[Any]) -> tuple[Relation, ...]:
    return tuple(Relation(note=r.note, doc=r.doc, title=r.title, doc_no=r.doc_no) for r in items)


def _load_documents(ctx: LoadContext, sources: dict[str, str]) -> dict[str, Document]:
    documents: dict[str, Document] = {}
    squeezed_sources = {name: squeeze(text) for name, text in sources.items()}
    # The regions there are: knowledge/lexicon/profile.yaml (its own problems are the lexicon's to report).
    regions = read_profile_words(ctx.root, []).regions
    for path in sorted((ctx.root / "documents").glob("*.yaml")):
        result = ctx.validated(path, DocumentSpec)
        if result is None:
            ctx.broken_documents.add(path.stem)
            continue
        loaded, spec = result
        if spec.id != path.stem:
            ctx.error(path, loaded.line_of(("id",)), f"id '{spec.id}' must equal the file name '{path.stem}'")
        if spec.id in documents:
            ctx.error(path, loaded.line_of(("id",)), f"duplicate document id '{spec.id}'")
        source = squeezed_sources.get(spec.source.file)
        if source is None:
            ctx.error(
                path,
                loaded.line_of(("source", "file")),
                f"source file '{spec.source.file}' is not in knowledge/sources/ (have: {', '.join(sorted(sources))})",
            )
        said = [(("region",), spec.region), *((("clauses", i, "region"), c.region) for i, c in enumerate(spec.clauses))]
        for loc, region in said:
            if regions and region is not None and region not in regions:
                ctx.error(
                    path,
                    loaded.line_of(loc),
                    f"region '{region}' is not in knowledge/lexicon/profile.yaml; regions: {', '.join(regions)}",
                )
        # Fragments said to be verbatim: (text, where in the file, what it is), checked against the source below.
        quoted: list[tuple[str, KeyPath, str]] = []
        clauses = []
        seen: dict[str, int] = {}
        for i, c in enumerate(spec.clauses):
            line = loaded.line_of(("clauses", i, "id"))
            if c.id in seen:
                ctx.error(path, line, f"duplicate clause id '{c.id}' (first on line {seen[c.id]})")
            seen[c.id] = line
            for key in ("text", "heading", "responsible"):
                fragment = getattr(c, key)
                if fragment is not None:
                    quoted.append((fragment, ("clauses", i, key), f"clause '{c.id}' {key}"))
            clauses.append(
                Clause(
                    doc_id=spec.id,
                    id=c.id,
                    label=c.label,
                    text=c.text.strip(),
                    heading=c.heading,
                    keywords=tuple(c.keywords),
                    parent=c.parent,
                    responsible=c.responsible,
                    region=c.region,
                    valid_until=c.valid_until,
                    lists_documents=c.lists_documents,
                    standing=c.standing,
                    line=loaded.line_of(("clauses", i)),
                )
            )
        for i, c in enumerate(spec.clauses):
            if c.parent is not None and c.parent not in seen:
                ctx.error(
                    path,
                    loaded.line_of(("clauses", i, "parent")),
                    f"parent '{c.parent}' is not a clause of this document",
                )
        if source is not None:
            quoted += [
                (a.title, ("annexes_not_held", i, "title"), "annex title") for i, a in enumerate(spec.annexes_not_held)
            ]
            if spec.issued_under is not None:
                quoted.append((spec.issued_under, ("issued_under",), "issued_under"))
            if spec.in_force_words is not None:
                quoted.append((spec.in_force_words, ("in_force_words",), "in_force_words"))
            if spec.addressees is not None:
                quoted.append((spec.addressees, ("addressees",), "addressees"))
            if spec.forwards is not None:
                quoted.append((spec.forwards, ("forwards",), "forwards"))
            for key in ("frame", "chrome"):
                quoted += [(fragment, (key, i), f"{key} fragment") for i, fragment in enumerate(getattr(spec, key))]
            for fragment, at, what in quoted:
                squeezed = squeeze(fragment)
                if squeezed not in source:
                    ctx.error(
                        path,
                        loaded.line_of(at),
                        f"{what} is not verbatim in {spec.source.file}: {_first_divergence(squeezed, source)}",
                    )
        documents[spec.id] = Document(
            id=spec.id,
            title=spec.title,
            short_title=spec.short_title,
            names=tuple(spec.names),
            doc_no=spec.doc_no,
            issuer=spec.issuer,
            region=spec.region,
            kind=spec.kind,
            status=spec.status,
            source_file=spec.source.file,
            source_url=spec.source.url,
            last_reviewed=spec.last_reviewed,
            clauses=tuple(clauses),
            path=ctx.display(path),
            issued=spec.issued,
            published=spec.published,
            in_force=spec.in_force,
            expires=spec.expires,
            plan_year=spec.plan_year,
            temporary_until=spec.temporary.until if spec.temporary else None,
            temporary_note=spec.temporary.note if spec.temporary else None,
            supersedes=_relations(spec.supersedes),
            superseded_by=_relations(spec.superseded_by),
            summary=spec.summary,
            keywords=tuple(spec.keywords),
            frame=tuple(spec.frame),
            chrome=tuple(spec.chrome),
            annexes_not_held=tuple(
                Annex(
                    a.title,
                    tuple(a.names),
                    tuple(tuple(group) for group in a.asked_with),
                    a.asked_by_title,
                    a.named_by_title,
                )
                for a in spec.annexes_not_held
            ),
            issued_under=spec.issued_under,
            in_force_words=spec.in_force_words,
            addressees=spec.addressees,
            forwards=spec.forwards,
        )
    return documents


def _first_divergence(fragment: str, source: str) -> str:
    """Where a supposedly verbatim fragment stops matching the source (binary search on prefixes)."""
    low, high = 0, len(fragment)
    while low < high:
        mid = (low + high + 1) // 2
        if fragment[:mid] in source:
            low = mid
        else:
            high = mid - 1
    shown = fragment[max(0, low - 12) : low]
    return f"matches up to '…{shown}', then has '{fragment[low : low + 12]}…' which the source does not"


def _load_entries(ctx: LoadContext, clauses: dict[str, Clause]) -> tuple[dict[str, Entry], dict[str, Topic]]:
    entries: dict[str, Entry] = {}
    topics: dict[str, Topic] = {}
    related_checks = []
    for path in sorted((ctx.root / "faq").glob("*.yaml")):
        result = ctx.validated(path, FaqFileSpec)
        if result is None:
            continue
        loaded, spec = result
        if spec.topic != path.stem:
            ctx.error(path, loaded.line_of(("topic",)), f"topic '{spec.topic}' must equal the file name '{path.stem}'")
        ids = []
        for i, e in enumerate(spec.entries):
            line = loaded.line_of(("entries", i))
            if e.id in entries:
                ctx.error(
                    path,
                    loaded.line_of(("entries", i, "id")),
                    f"duplicate entry id '{e.id}' (also in {entries[e.id].path}:{entries[e.id].line})",
                )
                continue
            for j, cite in enumerate(e.cites):
                if cite not in clauses and cite.split(":", 1)[0] not in ctx.broken_documents:
                    ctx.error(
                        path,
                        loaded.line_of(("entries", i, "cites", j)),
                        f"entry '{e.id}' cites '{cite}', which is not a known clause (doc_id:clause_id)",
                    )
            related_checks.append(
                (path, loaded.line_of(("entries", i, "related")), loaded.line_of(("entries", i, "same_policy_as")), e)
            )
            entries[e.id] = Entry(
                id=e.id,
                topic=spec.topic,
                title=e.title,
                audience=tuple(e.audience),
                questions=tuple(e.questions),
                answer=e.answer,
                cites=tuple(dict.fromkeys(e.cites)),
                path=ctx.display(path),
                line=line,
                keywords=tuple(e.keywords),
                answer_for=MappingProxyType(dict(e.answer_for)),
                related=tuple(e.related),
                same_policy_as=tuple(e.same_policy_as),
                valid_from=e.valid_from,
                valid_until=e.valid_until,
                template_lines=MappingProxyType(
                    {
                        "answer": loaded.line_of(("entries", i, "answer")),
                        **{k: loaded.line_of(("entries", i, "answer_for", k)) for k in e.answer_for},
                    }
                ),
            )
            ids.append(e.id)
        topics[spec.topic] = Topic(id=spec.topic, title=spec.title, entry_ids=tuple(ids))
    for path, line, same_line, e in related_checks:
        for rel in e.related:
            if rel not in entries:
                ctx.error(path, line, f"entry '{e.id}' relates to '{rel}', which is not a known entry id")
        for other in e.same_policy_as:
            if other not in entries:
                ctx.error(
                    path, same_line, f"entry '{e.id}' gives the same policy as '{other}', which is not a known entry id"
                )
            elif not set(e.cites) & set(entries[other].cites):
                ctx.error(
                    path,
                    same_line,
                    f"entry '{e.id}' gives the same policy as '{other}', but the two cite no clause in common",
                )
    return entries, topics


def _load_synonyms(ctx: LoadContext) -> dict[str, str]:
    variants: dict[str, tuple[str, str]] = {}
    for path in sorted((ctx.root / "synonyms").glob("*.yaml")):
        result = ctx.validated(path, SynonymsFileSpec)
        if result is None:
            continue
        loaded, spec = result
        for i, group in enumerate(spec.groups):
            for j, variant in enumerate(group.variants):
                line = loaded.line_of(("groups", i, "variants", j))
                if len(variant) < 2:
                    ctx.error(
                        path, line, f"variant '{variant}' is too short (one character would rewrite unrelated words)"
                    )
                    continue
                if variant == group.canonical:
                    continue
                previous = variants.get(variant)
                if previous and previous[0] != group.canonical:
                    ctx.error(
                        path,
                        line,
                        f"variant '{variant}' already maps to '{previous[0]}' ({previous[1]}); a variant may belong to one group only",
                    )
                    continue
                variants[variant] = (group.canonical, f"{ctx.display(path)}:{line}")
    return {v: c for v, (c, _) in variants.items()}


# Every combination a reply can be rendered for: a template error inside one `{% if region … %}`
# or `{% if audience … %}` branch must stop the load, not crash that user's answers later
# (security review H1). Regions are the profile's choices plus every document region.
def load_base(root: Path | str) -> tuple[KnowledgeBase, LoadContext]:
    """Documents, FAQ entries and synonyms of `root`, and the errors found so far (the caller adds
    its own and raises: see `bot.kb.knowledge.load_knowledge`)."""
    root = Path(root).resolve()
    ctx = LoadContext(root)
    if not root.is_dir():
        raise KbLoadFailed([KbError(str(root), 1, "knowledge folder not found")])
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted((root / "sources").glob("*.txt"))}
    documents = _load_documents(ctx, sources)
    clauses = {c.cite: c for d in documents.values() for c in d.clauses}
    entries, topics = _load_entries(ctx, clauses)
    synonyms = _load_synonyms(ctx)

    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".txt", ".j2")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    kb = KnowledgeBase(
        root=str(root),
        version=digest.hexdigest()[:10],
        documents=MappingProxyType(documents),
        clauses=MappingProxyType(clauses),
        entries=MappingProxyType(entries),
        topics=MappingProxyType(topics),
        synonyms=MappingProxyType(synonyms),
        sources=MappingProxyType(sources),
    )
    return kb, ctx
