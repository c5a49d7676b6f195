"""Vocabulary as data: `knowledge/lexicon/profile.yaml` (who may ask, which regions there are, with
labels) and `knowledge/lexicon/exams.yaml` (the words that tell an exam-date question).

The profile question offers these roles and regions, the main menu names the user's role, the
scope notes and near-miss replies name a region by its label (浙江省, 某市（文件未写明城市名）),
`kb check` renders every answer for every audience and region listed here, and `qualbot ask
--audience` accepts these ids. Data, so staff add a region or reword a label without Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pydantic import Field

from bot.kb.errors import KbError
from bot.kb.normalise import longest_word_pattern
from bot.kb.schema import Audience, IsoDate, Slug, Strict, Text
from bot.kb.validate import read_optional_file

FILE = Path("lexicon") / "profile.yaml"
UNSET = "未设置"


class AudienceSpec(Strict):
    id: Audience
    label: Text


class RegionSpec(Strict):
    name: Text
    label: Text | None = None  # how replies name it (浙江省); default: the name
    scope_label: Text | None = None  # how a scope note names it; default: the label
    offered: bool = False  # a choice of the profile question


class ProfileSpec(Strict):
    id: Slug
    last_reviewed: IsoDate
    audiences: list[AudienceSpec] = Field(min_length=1)
    regions: list[RegionSpec] = Field(min_length=1)


@dataclass(frozen=True)
class ProfileWords:
    """Audiences (id → label, in order) and regions (in order) with their labels."""

    audiences: Mapping[str, str] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    offered_regions: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    scope_labels: Mapping[str, str] = field(default_factory=dict)

    def audience_label(self, audience: str | None) -> str:
        return self.audiences.get(audience or "", UNSET)

    def region_label(self, region: str) -> str:
        return self.labels.get(region, region)

    def scope_label(self, region: str) -> str:
        return self.scope_labels.get(region, self.region_label(region))


def read_profile_words(root: Path, errors: list[KbError]) -> ProfileWords:
    """The vocabulary in `root`; an absent file means none (problems are appended to `errors`)."""
    result = read_optional_file(root, FILE, ProfileSpec, errors)
    if result is None:
        return ProfileWords()
    display, loaded, spec = result
    for key, names in (("audiences", [a.id for a in spec.audiences]), ("regions", [r.name for r in spec.regions])):
        for index, name in enumerate(names):
            if name in names[:index]:
                errors.append(KbError(display, loaded.line_of((key, index)), f"'{name}' is listed twice"))
    labels = {r.name: r.label or r.name for r in spec.regions}
    return ProfileWords(
        audiences=MappingProxyType({a.id: a.label for a in spec.audiences}),
        regions=tuple(dict.fromkeys(r.name for r in spec.regions)),
        offered_regions=tuple(dict.fromkeys(r.name for r in spec.regions if r.offered)),
        labels=MappingProxyType(labels),
        scope_labels=MappingProxyType({r.name: r.scope_label or labels[r.name] for r in spec.regions}),
    )


# ---- knowledge/lexicon/exams.yaml -----------------------------------------------------------
EXAMS_FILE = Path("lexicon") / "exams.yaml"
_NEVER = re.compile(r"(?!)")  # an empty word list matches nothing
_TOLD_MONTH = re.compile(
    r"(?<![0-9])(?:1[0-2]|0?[1-9])月|(?<![一二三四五六七八九十])(?:十[一二]?|[一二三四五六七八九])月"
)


def _alternatives(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a word list, longest word first (so 资格证书 is taken before 资格证)."""
    pattern = longest_word_pattern(words)
    return re.compile(pattern) if pattern else _NEVER


class ExamWordsSpec(Strict):
    id: Slug
    last_reviewed: IsoDate
    date_words: list[Text] = Field(min_length=1)
    when_words: list[Text] = Field(min_length=1)
    exam_words: list[Text] = Field(min_length=1)
    faq_topics: list[Text] = Field(default_factory=list)
    held_asks: list[Text] = Field(default_factory=list)
    eligibility_asks: list[Text] = Field(default_factory=list)
    other_exams: list[Text] = Field(default_factory=list)
    sitting_words: list[Text] = Field(default_factory=list)
    calendar_words: list[Text] = Field(default_factory=list)
    whole_calendar_words: list[Text] = Field(default_factory=list)
    generic_names: list[str] = Field(default_factory=list)
    follow_up_words: list[Text] = Field(default_factory=list)
    switch_openers: list[Text] = Field(default_factory=list)
    about_exam_words: list[Text] = Field(default_factory=list)
    schedule_fillers: list[Text] = Field(default_factory=list)
    confirm_asks: list[Text] = Field(default_factory=list)
    same_day_words: list[Text] = Field(default_factory=list)
    card_asks: list[Text] = Field(default_factory=list)
    source_asks: list[Text] = Field(default_factory=list)
    within_words: list[Text] = Field(default_factory=list)
    menu_label: Text


@dataclass(frozen=True)
class ExamWords:
    """The words that tell an exam-date question (bot/exams/recognise.py), as compiled patterns."""

    date_intent: re.Pattern[str] = _NEVER
    when: re.Pattern[str] = _NEVER
    exam_words: re.Pattern[str] = _NEVER
    faq_topic: re.Pattern[str] = _NEVER
    held: re.Pattern[str] = _NEVER  # 考完了吗: whether an exam has been held, a date question
    eligibility: re.Pattern[str] = _NEVER
    other_exams: re.Pattern[str] = _NEVER
    calendar_words: re.Pattern[str] = _NEVER
    whole_calendar: re.Pattern[str] = _NEVER
    sitting_words: tuple[str, ...] = ()
    follow_up: re.Pattern[str] = _NEVER  # 那…呢: a bare name following up the answer before
    switch_opener: re.Pattern[str] = _NEVER  # 那, 还有: what "…哪几天，那X考试呢" opens X with
    about_exam: re.Pattern[str] = _NEVER  # 考试, 计划: a question beside a date question that is about that exam
    schedule_filler: re.Pattern[str] = _NEVER  # 一般, 出: what else "成绩一般什么时候出" says, naming no exam
    generic_names: frozenset[str] = frozenset({""})
    confirm: re.Pattern[str] = _NEVER  # 不是…吗, 是不是: a date told to be confirmed ("一建不是9月吗")
    same_day: re.Pattern[str] = _NEVER  # 也是这天, 同一天: a level asked of the dates just given
    card_asks: re.Pattern[str] = _NEVER  # 靠谱吗, 计划里的吗: what the card just given itself says
    source_asks: re.Pattern[str] = _NEVER  # 依据是哪个文件, 出处: where the card's dates come from
    within: re.Pattern[str] = _NEVER  # 里面, 其中: a date asked within the plan the message before named
    menu_label: str = "🗓 考试日历{years}"

    def asks_date(self, text_key: str) -> bool:
        """Whether a clause (in key form) asks a date: by a date word, or by telling a month to be
        confirmed ("不是在9月吗", "是不是9月12日")."""
        return bool(self.date_intent.search(text_key)) or bool(
            _TOLD_MONTH.search(text_key) and self.confirm.search(text_key)
        )

    def menu_text(self, years: Iterable[int]) -> str:
        """The main menu's entry, naming the calendar's years: 🗓 考试日历（2026）."""
        listed = "、".join(str(y) for y in years)
        return self.menu_label.replace("{years}", f"（{listed}）" if listed else "")


def read_exam_words(root: Path, errors: list[KbError]) -> ExamWords:
    """The exam vocabulary in `root`; an absent file means none (no question is taken as an exam one)."""
    result = read_optional_file(root, EXAMS_FILE, ExamWordsSpec, errors)
    if result is None:
        return ExamWords()
    display, loaded, spec = result
    if "{years}" not in spec.menu_label:
        errors.append(KbError(display, loaded.line_of(("menu_label",)), "menu_label must contain {years}"))
    return ExamWords(
        date_intent=_alternatives([*spec.date_words, *spec.held_asks]),
        when=_alternatives(spec.when_words),
        exam_words=_alternatives(spec.exam_words),
        faq_topic=_alternatives(spec.faq_topics),
        held=_alternatives(spec.held_asks),
        eligibility=_alternatives(spec.eligibility_asks),
        other_exams=_alternatives(spec.other_exams),
        calendar_words=_alternatives(spec.calendar_words),
        whole_calendar=_alternatives(spec.whole_calendar_words),
        sitting_words=tuple(dict.fromkeys(spec.sitting_words)),
        generic_names=frozenset({"", *spec.generic_names}),
        follow_up=_alternatives(spec.follow_up_words),
        switch_opener=_alternatives(spec.switch_openers),
        about_exam=_alternatives(spec.about_exam_words),
        schedule_filler=_alternatives(spec.schedule_fillers),
        confirm=_alternatives(spec.confirm_asks),
        same_day=_alternatives(spec.same_day_words),
        card_asks=_alternatives(spec.card_asks),
        source_asks=_alternatives(spec.source_asks),
        within=_alternatives(spec.within_words),
        menu_label=spec.menu_label,
    )
