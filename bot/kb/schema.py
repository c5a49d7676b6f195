"""Closed schemas for every knowledge file. Unknown keys and wrong types are errors."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints


def _to_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not a real calendar date (YYYY-MM-DD)") from exc


if TYPE_CHECKING:  # what a validated model holds
    IsoDate = dt.date
else:  # what the YAML must say: quoted or not, exactly YYYY-MM-DD, a real day
    IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_to_date)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=32)]
ClauseId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.\-]*$", max_length=24)]
CiteRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9.\-]*$")]
Text = Annotated[str, StringConstraints(min_length=1)]

Region = Text  # one of knowledge/lexicon/profile.yaml's regions (checked by bot.kb.loader)
Audience = Literal["graduate", "employer", "staff"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Relation(Strict):
    """A link to another document: one in this knowledge base (`doc`) or an external one (`title`)."""

    doc: Slug | None = None
    title: Text | None = None
    doc_no: Text | None = None
    note: Text


class Temporary(Strict):
    until: IsoDate
    note: Text


class Source(Strict):
    file: Text
    url: Text | None = None


class AnnexSpec(Strict):
    """An annex the document names but the knowledge base does not hold (its list, its table)."""

    title: Text  # verbatim as the document names it
    names: list[Text] = Field(default_factory=list)  # shorter names people use: 对应关系表
    # Word groups that together ask for its items: one word of every group (技师学院 + 哪些工种)
    asked_with: list[Annotated[list[Text], Field(min_length=1)]] = Field(default_factory=list)
    asked_by_title: bool = False  # the annex is all the document issues: naming it asks its contents
    named_by_title: bool = True  # False: a title every question on the rules says names it only by names/asked_with


class ClauseSpec(Strict):
    id: ClauseId
    label: Text
    text: Text
    heading: Text | None = None
    keywords: list[Text] = Field(default_factory=list)
    parent: ClauseId | None = None
    responsible: Text | None = None
    region: Region | None = None
    valid_until: IsoDate | None = None
    # Its text only lists other documents' titles (a 政策依据 list): their words say nothing of what
    # it is asked about, so the clause retrieval reads its heading and keywords only.
    lists_documents: bool = False
    # Its text states how things stand (统一命题; 国家未指定任何培训机构), not an arrangement for the
    # year of a yearly document: no end is given it, and the check does not ask for one.
    standing: bool = False


class DocumentSpec(Strict):
    id: Slug
    title: Text
    short_title: Text | None = None
    # Shorter names people call it by ("贯通实施办法"), besides its titles: they name it as its titles do.
    names: list[Text] = Field(default_factory=list)
    doc_no: Text | None = None
    issuer: Text
    region: Region
    kind: Literal["policy", "notice", "interpretation", "table"]
    issued: IsoDate | None = None
    published: IsoDate | None = None
    in_force: IsoDate | None = None
    expires: IsoDate | None = None
    plan_year: int | None = Field(default=None, ge=1990, le=2100)
    status: Literal["in_force", "ended", "superseded", "unknown"]
    temporary: Temporary | None = None
    supersedes: list[Relation] = Field(default_factory=list)
    superseded_by: list[Relation] = Field(default_factory=list)
    source: Source
    last_reviewed: IsoDate
    summary: Text | None = None
    keywords: list[Text] = Field(default_factory=list)
    frame: list[Text] = Field(default_factory=list)
    chrome: list[Text] = Field(default_factory=list)
    annexes_not_held: list[AnnexSpec] = Field(default_factory=list)
    # Words of its own text naming the documents it was issued under ("根据《…》(赣人社规〔2022〕7号)
    # …精神"): a document without a 文号 of its own shows them on its card.
    issued_under: Text | None = None
    # Its own words on when it takes effect, when `in_force` is reckoned from them ("本办法自公布之日起
    # 30日后施行", no publication day given): the card says the date was reckoned.
    in_force_words: Text | None = None
    # Whom it is addressed to (主送), verbatim: the line before its body ("各市、县(市、区)人民政府,…").
    addressees: Text | None = None
    # What it forwards, in its own words ("现将《…》(…号)转发给你们"), verbatim: a notice forwarding
    # another one, asked what it forwards ("转发的是什么文件"), says so on its card.
    forwards: Text | None = None
    clauses: list[ClauseSpec] = Field(min_length=1)


class EntrySpec(Strict):
    id: Slug
    title: Annotated[str, StringConstraints(min_length=1, max_length=30)]
    audience: list[Audience] = Field(min_length=1)
    questions: list[Text] = Field(min_length=1)
    keywords: list[Text] = Field(default_factory=list)
    answer: Text
    answer_for: dict[Audience, Text] = Field(default_factory=dict)
    cites: list[CiteRef] = Field(min_length=1)
    related: list[Slug] = Field(default_factory=list)
    # Entries giving the same policy in other words (a province's entry and the national one
    # quoting the province's clause too): never offered as rival answers to each other.
    same_policy_as: list[Slug] = Field(default_factory=list)
    valid_from: IsoDate | None = None
    valid_until: IsoDate | None = None


class FaqFileSpec(Strict):
    topic: Slug
    title: Text
    entries: list[EntrySpec] = Field(min_length=1)


class SynonymGroup(Strict):
    canonical: Text
    variants: list[Text] = Field(min_length=1)


class SynonymsFileSpec(Strict):
    groups: list[SynonymGroup] = Field(min_length=1)
