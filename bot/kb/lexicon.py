"""`knowledge/lexicon/understanding.yaml`: the words the bot reads a whole message with.

Regions (and whether the knowledge base covers them), question markers, follow-up openers,
audience cues and the slot values a follow-up may swap. Data, so that staff extend a list
without touching Python; validated like every other knowledge file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal

from jinja2 import Template
from pydantic import Field

from bot.kb.errors import KbError
from bot.kb.normalise import fold, longest_word_pattern, strip_to_words
from bot.kb.sandbox import environment
from bot.kb.schema import Audience, IsoDate, Slug, Strict, Text
from bot.kb.validate import read_optional_file
from bot.kb.vocabulary import ProfileWords, read_profile_words

if TYPE_CHECKING:
    from bot.kb.model import KnowledgeBase

FILE = Path("lexicon") / "understanding.yaml"
# Whole messages that are not policy questions: greetings, thanks, and questions about the
# assistant itself — what it does, the user's data, exam reminders. Each kind has a phrase of its
# own name, checked when the lexicon loads.
SmallTalk = Literal["hello", "thanks", "about", "privacy", "reminders"]
SMALL_TALK_KINDS: tuple[str, ...] = ("hello", "thanks", "about", "privacy", "reminders")

PHRASE_KEYS = (
    "clause_heading",
    "clause_intro",
    "responsible_intro",
    "responsible_note",
    "supplement_heading",
    "other_region_lead",
    "general_rule_lead",
    "local_change_unknown",
    "multi_intro",
    "also_asked",
    "row_focus",
    "pair_intro",
    "near_miss",
    "document_card",
    "document_summary",
    "future_unknown",
    "outcome_unknown_lead",
    "foreign_unknown",
    "document_not_held",
    "quantity_missing",
    "quantity_note",
    "part_unsure",
    "part_near_topic",
    "part_not_found",
    "annex_not_held",
    "other_year",
    "did_you_mean",
    "did_you_mean_end",
    "decline",
    "decline_near_topic",
    "decline_topics",
    "hello",
    "thanks",
    "text_only",
    "ended_rule_note",
    "temporary_ended_note",
    "temporary_running_note",
    "expired_note",
    "not_in_force_note",
    "superseded_note",
    "supersedes_note",
    "clause_ended_note",
    "region_elsewhere_note",
    "region_scope_note",
)
# Used only when a knowledge base has no lexicon file (a staff's lexicon must hold every key).
# 这么 holds 么 and 哪怕 holds 哪, yet neither asks (the lexicon's not_asking adds more).
BASIC_NOT_ASKING = ("这么", "那么", "多么", "要么", "几乎", "哪怕")

# What a reply says about dates, later texts and places (bot/timeliness.py): the lexicon's
# `phrases` word them; a knowledge base without a lexicon file still says them, in these words.
TIME_AND_PLACE_NOTES = {
    "ended_rule_note": "⏳ 本答复依据的规定执行至{{ until }}，现已届满。",
    "temporary_ended_note": "⏳ 时效提示：这是阶段性措施，已于{{ until }}届满（今天是{{ today }}），"
    "以上是当时的规定，现行做法请以最新政策为准。{{ note }}",
    "temporary_running_note": "⏳ 时效提示：《{{ name }}》是阶段性措施，执行至{{ until }}（还有{{ days }}天）。",
    "expired_note": "⏳ {{ name }}已于{{ date }}失效。",
    "not_in_force_note": "⏳ {{ name }}自{{ date }}起施行，目前尚未施行。",
    "superseded_note": "🔄 较新的规定：{{ other }}晚于{{ name }}。{{ note }}",
    "supersedes_note": "🔄 {{ name }}是较新的文件，晚于{{ other }}。{{ note }}",
    "clause_ended_note": "⏳ 其中{{ label }}「{{ snippet }}」一项执行至{{ until }}，现已结束。",
    "region_elsewhere_note": "📍 注意：{{ '其中部分内容是' if partly else '以上是' }}{{ where }}的规定，"
    "您关注的是{{ region }}，当地规定可能不同，请以当地人社部门的文件为准。",
    "region_home_note": "📍 注意：以上是{{ where }}的规定，您说您在{{ region }}，{{ where }}的办法不一定适用于您，"
    "请以{{ region }}当地人社部门的规定为准。",
    "asked_year_note": "🗓 您问的是{{ asked }}：以上依据的是{{ name }}，"
    "知识库没有收录此后的新规定；有没有调整，请以发文机关最新公布的为准。",
    "region_scope_note": "📍 适用范围：{{ '其中部分内容是' if partly else '这是' }}{{ where }}的规定，"
    "其他地区请以当地政策为准。",
}
FALLBACK_PHRASES = {
    "did_you_mean": "抱歉，我没有找到与您的问题完全对应的答复。您是想问：",
    "did_you_mean_end": "请点选其中一项，或换个说法再问。",
    "decline": "抱歉，知识库中没有找到与您的问题相关的政策，无法给出可靠的答复。",
    "decline_near_topic": "抱歉，我没能确定您问的是哪一条规定，无法给出可靠的答复。",
    "decline_topics": "我可以回答这些方面的问题：{{ topics }}。",
    "hello": "您好！请直接输入您的问题。",
    "thanks": "不客气！",
    "text_only": "请用文字输入您的问题。",
    **TIME_AND_PLACE_NOTES,
}
PHRASE_VALUES = (
    "part",
    "quantity",
    "topic",
    "units",
    "asked",
    "count",
    "nearest",
    "own",
    "held",
    "name",
    "issuer",
    "issued",
    "published",
    "in_force",
    "expires",
    "issued_under",
    "in_force_words",
    "numbered",
    "addressees_asked",
    "addressees",
    "forwards_asked",
    "forwards",
    "annexes_asked",
    "annexes",
    "annex_count",
    "parts_asked",
    "exact",
    "end",
    "window",
    "months",
    "state",
    "days",
    "part_count",
    "parts",
    "series",
    "status",
    "reviewed",
    "plan_year",
    "arranged_until",
    "temporary_until",
    "later",
    "summary",
    "number",
    "mentions",
    "what_it_is",
    "place",
    "list",
    "labels",
    "told",
    "years",
    "enough",
    "verdict",
    "cutoff",
    "asked",
    "asked_levels",
    "asked_years",
    "left_told",
    "left",
    "age_told",
    "manner",
    "rate",
    "base",
    "floor",
    "step",
    "step_rate",
    "above",
    "full",
    "deadline",
    "consecutive",
    "total",
    "age_in",
    "age_from",
    "age_to",
    "title",
    "annex",
    "document",
    "pronoun",
    "topics",
    "date",
    "until",
    "today",
    "note",
    "days",
    "other",
    "label",
    "snippet",
    "partly",
    "where",
    "region",
)


@lru_cache(maxsize=256)
def _phrase_template(text: str) -> Template:
    return environment().from_string(text)


class RegionSpec(Strict):
    name: Text
    words: list[Text] = Field(min_length=1)
    covered: bool = False


class NeededWordsSpec(Strict):
    asks: list[Text] = Field(min_length=1)
    answers: list[Text] = Field(min_length=1)


class LexiconSpec(Strict):
    id: Slug
    last_reviewed: IsoDate
    regions: list[RegionSpec] = Field(min_length=1)
    national_words: list[Text] = Field(min_length=1)
    question_markers: list[Text] = Field(min_length=1)
    question_endings: list[Text] = Field(default_factory=list)
    presuming_endings: list[Text] = Field(default_factory=list)
    weak_question_markers: list[Text] = Field(default_factory=lambda: ["几"])
    reason_openers: list[Text] = Field(default_factory=list)
    embedded_question_openers: list[Text] = Field(default_factory=list)
    not_asking: list[Text] = Field(default_factory=lambda: list(BASIC_NOT_ASKING))
    condition_markers: list[Text] = Field(default_factory=list)
    topic_openers: list[Text] = Field(default_factory=list)
    topic_frame_openers: list[Text] = Field(default_factory=list)
    topic_closers: list[Text] = Field(default_factory=list)
    time_frame_closers: list[Text] = Field(default_factory=list)
    wish_markers: list[Text] = Field(default_factory=list)
    trade_verbs: list[Text] = Field(default_factory=list)
    trade_endings: list[Text] = Field(default_factory=list)
    follow_up_openers: list[Text] = Field(min_length=1)
    correction_openers: list[Text] = Field(default_factory=list)
    switch_words: dict[Text, Text] = Field(default_factory=dict)
    follow_up_markers: list[Text] = Field(default_factory=list)
    situation_words: list[Text] = Field(default_factory=list)
    judgement_words: list[Text] = Field(default_factory=list)
    hearsay_markers: list[Text] = Field(default_factory=list)
    claim_check_words: list[Text] = Field(default_factory=list)
    amount_words: list[Text] = Field(default_factory=list)
    standard_words: list[Text] = Field(default_factory=list)
    pointing_words: list[Text] = Field(default_factory=list)
    parallel_markers: list[Text] = Field(default_factory=list)
    pointing_back_openers: list[Text] = Field(default_factory=list)
    switch_markers: list[Text] = Field(default_factory=list)
    pointing_back_words: list[Text] = Field(default_factory=list)
    still_holds_words: list[Text] = Field(default_factory=list)
    document_status_asks: list[Text] = Field(default_factory=list)
    document_status_fillers: list[Text] = Field(default_factory=list)
    document_back_words: list[Text] = Field(default_factory=list)
    document_overview_asks: list[Text] = Field(default_factory=list)
    future_policy_asks: list[Text] = Field(default_factory=list)
    outcome_asks: list[Text] = Field(default_factory=list)
    going_abroad_words: list[Text] = Field(default_factory=list)
    measure_words: list[Text] = Field(default_factory=list)
    foreign_places: list[Text] = Field(default_factory=list)
    partitive_openers: list[Text] = Field(default_factory=list)
    per_unit_words: list[Text] = Field(default_factory=list)
    conjunctions: list[Text] = Field(default_factory=list)
    question_connectors: list[Text] = Field(default_factory=list)
    basis_phrases: list[Text] = Field(default_factory=list)
    clause_openers: list[Text] = Field(default_factory=list)
    clause_enders: list[Text] = Field(default_factory=list)
    subject_pronouns: list[Text] = Field(default_factory=list)
    no_clause_after: list[Text] = Field(default_factory=list)
    asking_announcements: list[Text] = Field(default_factory=list)
    crowd_openers: list[Text] = Field(default_factory=list)
    empty_asks: list[Text] = Field(default_factory=list)
    greeting_fillers: list[Text] = Field(default_factory=list)
    request_openers: list[Text] = Field(default_factory=list)
    story_openers: list[Text] = Field(default_factory=list)
    everyday_words: list[Text] = Field(default_factory=list)
    distinct_terms: list[Text] = Field(default_factory=list)
    not_values: list[Text] = Field(default_factory=list)
    kind_nouns: list[Text] = Field(default_factory=list)
    said_as: dict[Text, list[Text]] = Field(default_factory=dict)
    facet_objects: dict[Text, list[Text]] = Field(default_factory=dict)
    sibling_values: list[list[Text]] = Field(default_factory=list)
    answer_words_needed: list[NeededWordsSpec] = Field(default_factory=list)
    split_words: list[Text] = Field(default_factory=list)
    not_typos: list[Text] = Field(default_factory=list)
    dialect_words: dict[Text, str] = Field(default_factory=dict)
    stopwords: list[Text] = Field(default_factory=list)
    plan_words: list[Text] = Field(default_factory=list)
    year_rule_words: list[Text] = Field(default_factory=list)
    rank_asks: list[Text] = Field(default_factory=list)
    audience_cues: dict[Audience, list[Text]]
    slots: dict[Slug, list[Text]]
    linked_slots: dict[Slug, list[Slug]] = Field(default_factory=dict)
    asks_responsible: list[Text] = Field(default_factory=list)
    asks_document: list[Text] = Field(default_factory=list)
    document_event_words: list[Text] = Field(default_factory=list)
    asks_local_change: list[Text] = Field(default_factory=list)
    past_place_words: list[Text] = Field(default_factory=list)
    origin_place_words: list[Text] = Field(default_factory=list)
    others_place_words: list[Text] = Field(default_factory=list)
    self_words: list[Text] = Field(default_factory=list)
    asks_office: list[Text] = Field(default_factory=list)
    asks_duties: list[Text] = Field(default_factory=list)
    asks_addressees: list[Text] = Field(default_factory=list)
    asks_forwarded: list[Text] = Field(default_factory=list)
    asks_annex_list: list[Text] = Field(default_factory=list)
    asks_parts: list[Text] = Field(default_factory=list)
    annex_kinds: list[Text] = Field(default_factory=list)
    list_annex_kinds: list[Text] = Field(default_factory=list)
    asks_annex_contents: list[Text] = Field(default_factory=list)
    asks_listing: list[Text] = Field(default_factory=list)
    annex_name_fillers: list[Text] = Field(default_factory=list)
    document_pointer_words: list[Text] = Field(default_factory=list)
    document_kinds: list[Text] = Field(default_factory=list)
    document_kind_fillers: list[Text] = Field(default_factory=list)
    document_basis_openers: list[Text] = Field(default_factory=list)
    asking_openers: list[Text] = Field(default_factory=list)
    title_pointers: list[Text] = Field(default_factory=list)
    title_followers: list[Text] = Field(default_factory=list)
    quantities: dict[Text, list[Text]] = Field(default_factory=dict)
    told_counts: dict[Text, list[Text]] = Field(default_factory=dict)
    told_count_words: list[Text] = Field(default_factory=list)
    figure_idioms: list[Text] = Field(default_factory=list)
    approximate_words: list[Text] = Field(default_factory=list)
    verdict_openers: list[Text] = Field(default_factory=list)
    absence_words: list[Text] = Field(default_factory=list)
    retention_words: list[Text] = Field(default_factory=list)
    bound_words: list[Text] = Field(default_factory=list)
    bound_after_words: list[Text] = Field(default_factory=list)
    leave_words: list[Text] = Field(default_factory=list)
    recruiting_words: list[Text] = Field(default_factory=list)
    count_manners: dict[Text, list[Text]] = Field(default_factory=dict)
    holding_words: list[Text] = Field(default_factory=list)
    seeking_words: list[Text] = Field(default_factory=list)
    seeking_after_words: list[Text] = Field(default_factory=list)
    holding_after_words: list[Text] = Field(default_factory=list)
    career_years_words: list[Text] = Field(default_factory=list)
    waiver_words: list[Text] = Field(default_factory=list)
    slot_heads: list[Text] = Field(default_factory=list)
    rule_years_words: list[Text] = Field(default_factory=list)
    asked_years_words: list[Text] = Field(default_factory=list)
    obtained_words: list[Text] = Field(default_factory=list)
    founding_words: list[Text] = Field(default_factory=list)
    left_school_words: list[Text] = Field(default_factory=list)
    relative_years: dict[Text, int] = Field(default_factory=dict)
    task_requests: list[Text] = Field(default_factory=list)
    lacking_words: list[Text] = Field(default_factory=list)
    quantity_standards: list[Text] = Field(default_factory=list)
    standard_ask_fillers: list[Text] = Field(default_factory=list)
    figure_pointers: list[Text] = Field(default_factory=list)
    duration_ask_fillers: list[Text] = Field(default_factory=list)
    period_endings: list[Text] = Field(default_factory=list)
    date_asks: list[Text] = Field(default_factory=list)
    number_asks: list[Text] = Field(default_factory=list)
    decider_asks: list[Text] = Field(default_factory=list)
    permission_asks: list[Text] = Field(default_factory=list)
    rule_words: list[Text] = Field(default_factory=list)
    quantity_names: dict[Text, list[Text]] = Field(default_factory=dict)
    figure_nouns: dict[Text, list[Text]] = Field(default_factory=dict)
    money_words: list[Text] = Field(default_factory=list)
    rate_words: list[Text] = Field(default_factory=list)
    rate_units: list[Text] = Field(default_factory=list)
    rate_asks: list[Text] = Field(default_factory=list)
    duration_asks: list[Text] = Field(default_factory=list)
    duration_units: list[Text] = Field(default_factory=list)
    question_facets: dict[Slug, list[Text]] = Field(default_factory=dict)
    phrases: dict[str, Text] = Field(default_factory=dict)
    small_talk: dict[SmallTalk, list[Text]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Lexicon:
    """Immutable word lists; `region_words` maps each word to its region name."""

    region_words: Mapping[str, str] = field(default_factory=dict)
    covered_regions: frozenset[str] = frozenset()
    national_words: tuple[str, ...] = ()
    question_markers: tuple[str, ...] = ()
    question_endings: tuple[str, ...] = ()
    presuming_endings: tuple[str, ...] = ()  # 吧: "…生效了吧？" presumes, it tells the next question's story
    weak_question_markers: frozenset[str] = frozenset({"几"})
    reason_openers: tuple[str, ...] = ()  # 因为: a clause telling why the user asks asks nothing itself
    embedded_question_openers: tuple[str, ...] = ()  # 说不清 (…差在哪里): a question only told of
    not_asking: tuple[str, ...] = (
        BASIC_NOT_ASKING  # words holding a question marker that ask nothing (这么, 看看能不能)
    )
    condition_markers: tuple[str, ...] = ()
    topic_openers: tuple[str, ...] = ()  # 对于, 针对: "对于X，…怎么办" asks of X
    topic_frame_openers: tuple[str, ...] = ()  # 在, 关于 … and
    topic_closers: tuple[str, ...] = ()  # 这块, 这方面: "在X这块，…有什么要求" asks of X
    time_frame_closers: tuple[str, ...] = ()  # 之前, 以后: "作出决定之前，要走什么程序" asks within that time
    wish_markers: tuple[str, ...] = ()  # a story clause saying what the user wants (想考), not has
    # "做了八年数控车工": a trade the user works in (a verb, then a name ending in one of these) is
    # who they are, not what they ask about (bot.understanding.told_trades)
    trade_verbs: tuple[str, ...] = ()
    trade_endings: tuple[str, ...] = ()
    follow_up_openers: tuple[str, ...] = ()
    # "不是，我问的是17版": a message opening with one of these (punctuation aside) corrects the
    # one before, switching it to what follows — asked as "那…呢" (bot.understanding.corrected_switch)
    correction_openers: tuple[str, ...] = ()
    # everyday names a short follow-up switches to ("那老师呢"), read as the value they name (教师)
    switch_words: Mapping[str, str] = field(default_factory=dict)
    follow_up_markers: tuple[str, ...] = ()
    # "那已经交了报名费、还没开考的呢" tells a situation (已经, 还没), not a subject switched to.
    situation_words: tuple[str, ...] = ()
    judgement_words: tuple[str, ...] = ()  # 真的, 合理: "是真的吗" asks a judgement of what was said (longest first)
    hearsay_markers: tuple[str, ...] = ()  # 听说, 有人说: what follows is a claim heard, not a fact told
    claim_check_words: tuple[str, ...] = ()  # 是这样, 这回事: "是这样吗" asks whether a claim holds (longest first)
    amount_words: tuple[str, ...] = ()  # 一共, 具体: how much of an answer is wanted, never what about
    standard_words: tuple[str, ...] = ()  # 统一标准: "是不是有统一的标准" beside "多少钱" asks the same figure
    pointing_words: tuple[str, ...] = ()  # 这样, 这个是: all a judgement question holds besides (longest first)
    parallel_markers: tuple[str, ...] = ()  # 分别, 各自: each value named is asked about
    pointing_back_openers: tuple[str, ...] = ()  # 这, 那: a further question about what was just asked
    switch_markers: tuple[str, ...] = ()  # 又: a short part asking the question before again, of another value
    pointing_back_words: tuple[str, ...] = ()  # 这一条: so is one holding these anywhere
    still_holds_words: tuple[str, ...] = ()  # 还有效: whether a rule still holds, asked of any answer
    document_status_asks: tuple[str, ...] = ()  # 还有效, 废止: whether a document named still holds
    document_status_fillers: tuple[str, ...] = ()  # 现在, 目前: said around it, asking nothing more
    document_back_words: tuple[str, ...] = ()  # 这个文件: the document of the answer just given
    document_overview_asks: tuple[str, ...] = ()  # 主要内容是什么: what a document says as a whole, longest first
    future_policy_asks: tuple[str, ...] = ()  # 以后还会减吗: what policy will be, which no text says
    outcome_asks: tuple[str, ...] = ()  # 目标完成了吗: what came of a target, which no text records
    going_abroad_words: tuple[str, ...] = ()  # 出国, 外派: a country named is where one goes, under China's rules
    measure_words: tuple[str, ...] = ()  # 见习: a measure a document is about; no answer from documents without it
    foreign_places: tuple[str, ...] = ()  # 日本, 美国: countries, whose rules no text here gives
    partitive_openers: tuple[str, ...] = ()  # 其中: a further question narrowing the one before
    per_unit_words: tuple[str, ...] = ()  # 每人: a bare figure asked of what the question before asked about
    conjunctions: tuple[str, ...] = ()  # 和, 与, 、: between two values asked side by side
    question_connectors: tuple[str, ...] = ()  # 另外, 以及: a further question may start here
    basis_phrases: tuple[str, ...] = ()  # 按当时的规定: a clause before a question that tells nothing
    # Where a message typed without punctuation is cut into clauses (longest first).
    clause_openers: tuple[str, ...] = ()  # 但是, 请问, 听说, 去年: a clause starts here
    clause_enders: tuple[str, ...] = ()  # 啊, 吗, 你好: a clause ends here
    subject_pronouns: tuple[str, ...] = ()  # 我, 我们: start a clause as the openers do
    no_clause_after: tuple[str, ...] = ()  # 像, 到, 其: no clause starts right after (像我这样, 到现在)
    asking_announcements: tuple[str, ...] = ()  # 问, 咨询: the items of a list that follows ask
    crowd_openers: tuple[str, ...] = ()  # 有没有大佬知道, 求问: who is asked, cut as a greeting is
    # 我想问个事, 想咨询一下 (longest first) and 哈哈, 呀: with greetings, a whole message of them greets
    empty_asks: tuple[str, ...] = ()
    greeting_fillers: tuple[str, ...] = ()
    request_openers: tuple[str, ...] = ()  # 请说明, 请告知 said first: they ask what follows
    story_openers: tuple[str, ...] = ()
    everyday_words: frozenset[str] = frozenset()
    distinct_terms: tuple[str, ...] = ()  # 失业保险金: one word, not 失业保险 + 金
    not_values: tuple[str, ...] = ()  # 技师学院: a school, not the level 技师 (longest first)
    kind_nouns: tuple[str, ...] = ()  # 专业: "土木工程专业" names one of a kind an answer may speak of
    # 下限: (不低于, 最低) — a word the sources put in other words: an answer holding one of them
    # explains it (only for the check of unexplained words; matching never reads it).
    said_as: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # conditions: (报名, 报考) — what a question asking that facet asks it of, which only a text
    # naming it answers: one entry naming it does not explain it for every other (`Resolver.unexplained`).
    facet_objects: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # ((国家级, 省级, 市级, 县级), …): values of one kind, longest first in each; an answer naming
    # some of a kind but not the one asked of is not to the question (`Resolver.unexplained`).
    sibling_values: tuple[tuple[str, ...], ...] = ()
    # ((怎么申请, 流程 …), (申请, 办理, 材料 …)): a question asking in one of the first words is
    # answered only by an answer (its own words or clauses) holding one of the second.
    answer_words_needed: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    split_words: frozenset[str] = frozenset()  # 天才: never one word here ("多少天才开始" is 天 + 才)
    not_typos: tuple[str, ...] = ()  # 我司, 实训: words people type that no homophone correction touches
    dialect_words: Mapping[str, str] = field(default_factory=dict)  # 嘅 → 的: Cantonese read as Mandarin
    stopwords: frozenset[str] = frozenset()  # 的, 请问, 这种: say nothing about which policy is meant
    plan_words: tuple[str, ...] = ()  # 计划, 目标: "2026年…目标" asks a yearly plan's document
    year_rule_words: tuple[str, ...] = ()  # 补贴, 办法: "2025年…补贴" asks that year's rule
    rank_asks: tuple[str, ...] = ()  # 什么职称, 哪一级: a question about the ladder of levels and 职称
    audience_cues: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    slots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A follow-up switching a value of one kind drops the earlier values of the linked kinds too.
    linked_slots: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    asks_responsible: tuple[str, ...] = ()
    asks_document: tuple[str, ...] = ()
    # What a document does on a date (实施, 施行): with `asks_document` and the asking words, all a
    # further question asking only a fact of the document the message names holds.
    document_event_words: tuple[str, ...] = ()
    # A province's own change to a rule (延长到, 实施细则): what a province without documents here did is unknown.
    asks_local_change: tuple[str, ...] = ()
    # Where the asker was before ("之前在广东…", "从四川回来"): a story's place after one of these is
    # not the one it asks about, when the story names another.
    past_place_words: tuple[str, ...] = ()
    # … nor one the asker came from, told by the words right after it ("是吉林过去的").
    origin_place_words: tuple[str, ...] = ()
    # … nor one where someone else is ("老家是安徽的", "我老婆在深圳上班"): the last of these or
    # `self_words` (我) before a place in its sentence tells whose place it is.
    others_place_words: tuple[str, ...] = ()
    self_words: tuple[str, ...] = ()
    asks_office: tuple[str, ...] = ()
    asks_duties: tuple[str, ...] = ()  # 负责哪几条: what a unit a table names is responsible for
    asks_addressees: tuple[str, ...] = ()  # 主送单位: whom a document is addressed to (its card says)
    asks_forwarded: tuple[str, ...] = ()  # 转发的是: which document a notice forwards (its card says)
    asks_annex_list: tuple[str, ...] = ()  # 有几个附件: which annexes a document names (its card says)
    asks_parts: tuple[str, ...] = ()  # 分几部分, 几条措施: how a document's text is divided (its card says)
    # An annex a document names but the base does not hold: what people call such a thing
    # (清单, 对应关系表) and the words that ask what is in it (里面, 具体有哪些).
    annex_kinds: tuple[str, ...] = ()
    # … of those, the kinds that list items (清单, 名单): what a "具体是哪些" asks of such an annex
    # is its items, which no covering text lists
    list_annex_kinds: tuple[str, ...] = ()
    asks_annex_contents: tuple[str, ...] = ()
    asks_listing: tuple[str, ...] = ()
    # Words that may stand inside an annex's name without changing it (增加的**这些**认定工种).
    annex_name_fillers: tuple[str, ...] = ()
    # The words of a sentence that only points at a named document (根据劳动部97年的通知).
    document_pointer_words: tuple[str, ...] = ()
    # "1997年出的通知": a year and a kind of document name the one document of that year
    document_kinds: tuple[str, ...] = ()
    document_kind_fillers: tuple[str, ...] = ()  # … with these between ("97年那个文件")
    document_basis_openers: tuple[str, ...] = ()  # 按, 根据: such a sentence opens with one
    asking_openers: tuple[str, ...] = ()  # 请问: may come before one (longest first)
    title_pointers: tuple[str, ...] = ()  # 根据, 那个: right before a title written without 《》, it names a basis
    title_followers: tuple[str, ...] = ()  # 中, 里: right after one, likewise ("…实施意见中，对…")
    # "多少钱/几期/多久": the units an answer must state a number in (钱 → 元, 万元), the
    # standards that state an amount by reference (最低工资标准), the words asking a duration.
    quantities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A figure told in one of these units ("连着6天没来") and the units a rule may state it in.
    told_counts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    told_count_words: tuple[str, ...] = ()  # … and the words saying how it was counted (连续, 一共)
    figure_idioms: tuple[str, ...] = ()  # 三天两头: figures that count nothing
    approximate_words: tuple[str, ...] = ()  # 快, 将近 (两个礼拜): a figure told roughly is told all the same
    verdict_openers: tuple[str, ...] = ()  # 有。可以。: an answer's opening yes or no
    absence_words: tuple[str, ...] = ()  # 旷了 (十来天): the figure after one counts days missed
    retention_words: tuple[str, ...] = ()  # 留用率 (60%): the percentage after one is a retention rate told
    bound_words: tuple[str, ...] = ()  # 超过 (80%): a line the rule draws, not a figure told
    bound_after_words: tuple[str, ...] = ()  # (80%) 以上: the same
    leave_words: tuple[str, ...] = ()  # 请了 (6天): days of leave taken, not absence without reason
    recruiting_words: tuple[str, ...] = ()  # 公告, 招聘 (2021年1月5日): the day told is a recruitment's
    count_manners: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # 连续: (连续, 连着) …
    # Words right before a level, title or honour that say the asker holds it (已经是, 评上了) …
    holding_words: tuple[str, ...] = ()
    # … or seeks it (想考, 申报): "持中级职称参加技师评价" and "身为技师申报中级职称" run opposite ways.
    seeking_words: tuple[str, ...] = ()
    seeking_after_words: tuple[str, ...] = ()  # … or a word right after it does (技师评价)
    holding_after_words: tuple[str, ...] = ()  # … or that the asker has it (副高级职称拿到手多年)
    career_years_words: tuple[str, ...] = ()  # 工龄 (十八年): years of a whole working life, not since a level
    waiver_words: tuple[str, ...] = ()  # 不需要 (干满3年吧): the years a rule asks, asked about, not told
    slot_heads: tuple[str, ...] = ()  # 职称: the kind a switched value ends with stays (中级职称 → 职称)
    rule_years_words: tuple[str, ...] = ()  # 要求 (五年): the years some rule asks, told, not the asker's
    asked_years_words: tuple[str, ...] = ()  # 满 (两年就能报吗): in a question, years asked of the rule
    obtained_words: tuple[str, ...] = ()  # 拿到, 取得: a year told with one is when a level was obtained
    founding_words: tuple[str, ...] = ()  # 设立, 遴选: a date told with one is when a body's term began
    left_school_words: tuple[str, ...] = ()  # 毕业, 离校: a span or year told with one is since leaving school
    relative_years: Mapping[str, int] = field(default_factory=dict)  # 去年: -1 (a year told relative to today's)
    task_requests: tuple[str, ...] = ()  # 帮我写: a task asked of the assistant, not a question on policy
    lacking_words: tuple[str, ...] = ()  # … but after one of these (没有) it runs no way
    quantity_standards: tuple[str, ...] = ()
    # 现在, 具体是: all that may stand between a standard's name and 多少 when its own figure is asked
    standard_ask_fillers: tuple[str, ...] = ()
    # 这个数, 按这个发: a part of a message asking about the figure another part asks for
    figure_pointers: tuple[str, ...] = ()
    # 一共要, 一般: all that may stand between what a span is asked of and 多久 ("实习期通常得多久")
    duration_ask_fillers: tuple[str, ...] = ()
    period_endings: tuple[str, ...] = ()  # 期, 期限: what a period is called by (实习期, 见习期限)
    date_asks: tuple[str, ...] = ()  # 截止日期, 哪天: a day is asked, which only a date answers (longest first)
    number_asks: tuple[str, ...] = ()  # 电话号码是多少: a number to dial, which only such digits answer
    decider_asks: tuple[str, ...] = ()  # 由谁定, 说了算: "收多少由谁定" asks who decides, not how much
    permission_asks: tuple[str, ...] = ()  # 能不能, 允许吗: whether something is allowed is asked
    rule_words: tuple[str, ...] = ()  # 不得, 严禁, 一律: an answer leading with what is (not) allowed
    # A figure of a unit stated by name, not by number: a 级 asked for is stated as 中级 or 副高级.
    quantity_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A figure asked by the noun it is a figure of ("分数线是多少": points), not by its unit.
    figure_nouns: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    money_words: tuple[str, ...] = ()  # "工资…多少" asks an amount in the units of 钱 …
    rate_words: tuple[str, ...] = ()  # … unless it asks a rate ("补贴比例是多少") …
    rate_units: tuple[str, ...] = ()  # … which is stated in these (%, 成)
    rate_asks: tuple[str, ...] = ()  # 百分之几, 几成: a rate asked without 多少
    duration_asks: tuple[str, ...] = ()
    duration_units: tuple[str, ...] = ()
    # What a question asks for (when, conditions, procedure, consequences…), by its asking words.
    question_facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    phrases: Mapping[str, str] = field(default_factory=dict)
    small_talk: Mapping[str, frozenset[str]] = field(default_factory=dict)  # kind → whole messages
    profile: ProfileWords = field(default_factory=ProfileWords)  # lexicon/profile.yaml

    @cached_property
    def slot_values_longest_first(self) -> tuple[tuple[str, str], ...]:
        """(value, kind) over every slot kind, longest value first (bot.understanding.find_slots)."""
        pairs = ((value, kind) for kind, values in self.slots.items() for value in values)
        return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))

    @cached_property
    def not_asking_pattern(self) -> re.Pattern[str] | None:
        """Any of `not_asking`: a text holding none of them is left as it is (bot.understanding)."""
        return re.compile(longest_word_pattern(self.not_asking)) if self.not_asking else None

    @cached_property
    def asking_words(self) -> tuple[str, ...]:
        """Question markers and endings together, longest first (吗, 什么, 有没有, 不)."""
        return tuple(sorted(dict.fromkeys((*self.question_markers, *self.question_endings)), key=len, reverse=True))

    @cached_property
    def _foreign_pattern(self) -> re.Pattern[str] | None:
        """A country of `foreign_places` asked of: followed by 的, 有, 是, 那边 … ("日本的…")."""
        if not self.foreign_places:
            return None
        return re.compile(f"({longest_word_pattern(self.foreign_places)})(?:的|有|是|那边|那里|怎么|呢)")

    def foreign_place_asked(self, folded: str) -> str | None:
        """The other country a (folded) question asks of ("韩国有没有…"): not one a story only
        passes through ("在美国读的护理")."""
        found = self._foreign_pattern.search(folded) if self._foreign_pattern else None
        return found.group(1) if found else None

    @cached_property
    def region_pattern(self) -> re.Pattern[str] | None:
        """Any region word, longest first: its first match is the first region a text names."""
        return re.compile(longest_word_pattern(self.region_words)) if self.region_words else None

    @cached_property
    def national_pattern(self) -> re.Pattern[str] | None:
        """Any national word — 人社部 names the ministry, 人社部门 any level's department."""
        return re.compile(f"(?:{longest_word_pattern(self.national_words)})(?!门)") if self.national_words else None

    @cached_property
    def year_rule_pattern(self) -> re.Pattern[str] | None:
        """A year (or 今/明年) before a `year_rule_words` word within 16 characters of one clause
        ("2025年山西见习补贴"): a year's rule asked (bot.timeliness.asked_year_note)."""
        if not self.year_rule_words:
            return None
        words = "|".join(map(re.escape, self.year_rule_words))
        return re.compile(rf"((?:19|20)\d{{2}}|今|明)\s*年(?:度)?[^，。？！,.?!；;\s]{{0,16}}?(?:{words})")

    @cached_property
    def greeting_pieces(self) -> tuple[str, ...]:
        """Greetings (`small_talk` hello) and `empty_asks`, longest first: what a message that only
        greets is made of, besides `greeting_fillers`."""
        return tuple(sorted((*self.small_talk.get("hello", ()), *self.empty_asks), key=len, reverse=True))

    @cached_property
    def pleasantry_patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]:
        """(greeting opening a message, opener announcing its question, thanks closing it):
        bot.understanding.without_pleasantries."""

        def either(words: Iterable[str]) -> str:
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

        hello, thanks = (*self.small_talk.get("hello", ()), *self.crowd_openers), self.small_talk.get("thanks", ())
        announcing = [w for w in self.clause_openers if any(a in w for a in self.asking_announcements)]
        # (thanks opening a message, "谢谢，另外…", only before a break: "感谢费" is no thanks)
        thanked = rf"|\s*(?:{either(thanks)})(?:了|啦|啊|呀)?[\s，,。.!！~～]+" if thanks else ""
        return (
            re.compile(rf"\s*(?:{either(hello)})(?:呀|啊)?[\s，,。.!！~～:：]*{thanked}") if hello else None,
            re.compile(rf"(?:{either(announcing)})[\s，,：:]") if announcing else None,
            re.compile(rf"(?<=[\s，,。.!！?？~～吗呢啊吧呀])\s*(?:{either(thanks)})(?:了|啦|啊|呀)?[\s，,。.!！~～]*$")
            if thanks
            else None,
        )

    @cached_property
    def clause_starts(self) -> tuple[str, ...]:
        """Clause openers and subject pronouns together, longest first (bot.understanding.cut_run_ons)."""
        return tuple(sorted((*self.clause_openers, *self.subject_pronouns), key=len, reverse=True))

    def say(self, key: str, **values: object) -> str:
        """A reply phrase (HTML) rendered in the sandbox; values are autoescaped. A knowledge
        base without a lexicon file still declines and offers options in plain words."""
        return str(_phrase_template(self.phrases.get(key, FALLBACK_PHRASES.get(key, ""))).render(**values))


def load_lexicon(root: Path, kb: KnowledgeBase, errors: list[KbError]) -> Lexicon:
    """Section loader (called by bot/kb/knowledge.py, into `kb.lexicon`); an absent file means empty lists.
    Reads the other vocabulary files of `knowledge/lexicon/` too (bot/kb/vocabulary.py)."""
    profile = read_profile_words(Path(root), errors)
    result = read_optional_file(root, FILE, LexiconSpec, errors)
    if result is None:
        return Lexicon(profile=profile)
    display, loaded, spec = result
    region_words: dict[str, str] = {}
    for index, region in enumerate(spec.regions):
        for word in region.words:
            if len(word) < 2:
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("regions", index, "words")),
                        f"region word '{word}' is too short to be recognised safely (2+ characters)",
                    )
                )
            elif word in region_words and region_words[word] != region.name:
                errors.append(
                    KbError(
                        display,
                        loaded.line_of(("regions", index, "words")),
                        f"region word '{word}' already belongs to {region_words[word]}",
                    )
                )
            else:
                region_words[word] = region.name
    phrases = dict(spec.phrases)
    for key, text in phrases.items():
        try:
            _phrase_template(text).render(**dict.fromkeys(PHRASE_VALUES, "x"))
        except Exception as exc:  # a template error is the staff member's to fix, with file:line
            errors.append(KbError(display, loaded.line_of(("phrases", key)), f"phrase '{key}': {exc}"))
    missing = sorted((set(PHRASE_KEYS) | set(spec.small_talk)) - set(phrases))
    if missing:
        errors.append(KbError(display, loaded.line_of(("phrases",)), f"phrases missing: {', '.join(missing)}"))
    for kind, linked in spec.linked_slots.items():
        unknown = [k for k in (kind, *linked) if k not in spec.slots]
        if unknown:
            errors.append(
                KbError(
                    display, loaded.line_of(("linked_slots", kind)), f"linked_slots: no slot kind {', '.join(unknown)}"
                )
            )
    # Longest values first, so that 高级技师 is found before 技师.
    slots = {k: tuple(sorted(dict.fromkeys(v), key=len, reverse=True)) for k, v in spec.slots.items()}
    return Lexicon(
        region_words=MappingProxyType(region_words),
        covered_regions=frozenset(r.name for r in spec.regions if r.covered),
        national_words=tuple(spec.national_words),
        question_markers=tuple(spec.question_markers),
        question_endings=tuple(spec.question_endings),
        presuming_endings=tuple(spec.presuming_endings),
        weak_question_markers=frozenset(spec.weak_question_markers),
        reason_openers=tuple(spec.reason_openers),
        embedded_question_openers=tuple(spec.embedded_question_openers),
        not_asking=tuple(sorted(spec.not_asking, key=len, reverse=True)),
        condition_markers=tuple(spec.condition_markers),
        topic_openers=tuple(spec.topic_openers),
        topic_frame_openers=tuple(spec.topic_frame_openers),
        topic_closers=tuple(spec.topic_closers),
        time_frame_closers=tuple(spec.time_frame_closers),
        wish_markers=tuple(spec.wish_markers),
        trade_verbs=tuple(sorted(dict.fromkeys(fold(w) for w in spec.trade_verbs), key=len, reverse=True)),
        trade_endings=tuple(dict.fromkeys(fold(w) for w in spec.trade_endings)),
        follow_up_openers=tuple(sorted(spec.follow_up_openers, key=len, reverse=True)),
        correction_openers=tuple(sorted((fold(w) for w in spec.correction_openers), key=len, reverse=True)),
        switch_words=MappingProxyType(dict(spec.switch_words)),
        follow_up_markers=tuple(spec.follow_up_markers),
        situation_words=tuple(fold(w) for w in spec.situation_words),
        judgement_words=tuple(sorted(dict.fromkeys(spec.judgement_words), key=len, reverse=True)),
        hearsay_markers=tuple(dict.fromkeys(spec.hearsay_markers)),
        claim_check_words=tuple(sorted(dict.fromkeys(spec.claim_check_words), key=len, reverse=True)),
        amount_words=tuple(sorted(dict.fromkeys(spec.amount_words), key=len, reverse=True)),
        standard_words=tuple(sorted(dict.fromkeys(spec.standard_words), key=len, reverse=True)),
        pointing_words=tuple(sorted(dict.fromkeys(spec.pointing_words), key=len, reverse=True)),
        parallel_markers=tuple(spec.parallel_markers),
        pointing_back_openers=tuple(spec.pointing_back_openers),
        switch_markers=tuple(spec.switch_markers),
        pointing_back_words=tuple(spec.pointing_back_words),
        still_holds_words=tuple(spec.still_holds_words),
        document_status_asks=tuple(spec.document_status_asks),
        document_status_fillers=tuple(spec.document_status_fillers),
        document_back_words=tuple(spec.document_back_words),
        document_overview_asks=tuple(sorted(spec.document_overview_asks, key=len, reverse=True)),
        future_policy_asks=tuple(spec.future_policy_asks),
        outcome_asks=tuple(spec.outcome_asks),
        going_abroad_words=tuple(spec.going_abroad_words),
        measure_words=tuple(spec.measure_words),
        foreign_places=tuple(sorted(spec.foreign_places, key=len, reverse=True)),
        partitive_openers=tuple(spec.partitive_openers),
        per_unit_words=tuple(spec.per_unit_words),
        conjunctions=tuple(spec.conjunctions),
        question_connectors=tuple(sorted(spec.question_connectors, key=len, reverse=True)),
        basis_phrases=tuple(spec.basis_phrases),
        clause_openers=tuple(sorted(spec.clause_openers, key=len, reverse=True)),
        clause_enders=tuple(sorted(spec.clause_enders, key=len, reverse=True)),
        subject_pronouns=tuple(sorted(spec.subject_pronouns, key=len, reverse=True)),
        no_clause_after=tuple(spec.no_clause_after),
        asking_announcements=tuple(spec.asking_announcements),
        crowd_openers=tuple(spec.crowd_openers),
        empty_asks=tuple(sorted((strip_to_words(fold(w)) for w in spec.empty_asks), key=len, reverse=True)),
        greeting_fillers=tuple(sorted((strip_to_words(fold(w)) for w in spec.greeting_fillers), key=len, reverse=True)),
        request_openers=tuple(spec.request_openers),
        story_openers=tuple(spec.story_openers),
        everyday_words=frozenset(spec.everyday_words),
        distinct_terms=tuple(spec.distinct_terms),
        not_values=tuple(sorted({*spec.not_values, *spec.distinct_terms}, key=len, reverse=True)),
        kind_nouns=tuple(fold(w) for w in spec.kind_nouns),
        said_as=MappingProxyType({fold(k): tuple(fold(w) for w in v) for k, v in spec.said_as.items()}),
        facet_objects=MappingProxyType({k: tuple(fold(w) for w in v) for k, v in spec.facet_objects.items()}),
        sibling_values=tuple(
            tuple(sorted((fold(w) for w in group), key=len, reverse=True)) for group in spec.sibling_values
        ),
        answer_words_needed=tuple(
            (tuple(fold(w) for w in group.asks), tuple(fold(w) for w in group.answers))
            for group in spec.answer_words_needed
        ),
        split_words=frozenset(spec.split_words),
        not_typos=tuple(fold(w) for w in spec.not_typos),
        dialect_words=MappingProxyType({fold(k): fold(v) for k, v in spec.dialect_words.items() if fold(k)}),
        stopwords=frozenset(fold(w) for w in spec.stopwords),
        plan_words=tuple(fold(w) for w in spec.plan_words),
        year_rule_words=tuple(fold(w) for w in spec.year_rule_words),
        rank_asks=tuple(fold(w) for w in spec.rank_asks),
        audience_cues=MappingProxyType({k: tuple(v) for k, v in spec.audience_cues.items()}),
        slots=MappingProxyType(slots),
        linked_slots=MappingProxyType({k: tuple(v) for k, v in spec.linked_slots.items()}),
        asks_responsible=tuple(sorted(spec.asks_responsible, key=len, reverse=True)),
        asks_office=tuple(spec.asks_office),
        asks_duties=tuple(spec.asks_duties),
        asks_addressees=tuple(spec.asks_addressees),
        asks_forwarded=tuple(fold(w) for w in spec.asks_forwarded),
        asks_annex_list=tuple(fold(w) for w in spec.asks_annex_list),
        asks_parts=tuple(spec.asks_parts),
        asks_document=tuple(spec.asks_document),
        document_event_words=tuple(spec.document_event_words),
        asks_local_change=tuple(fold(w) for w in spec.asks_local_change),
        past_place_words=tuple(fold(w) for w in spec.past_place_words),
        origin_place_words=tuple(fold(w) for w in spec.origin_place_words),
        others_place_words=tuple(fold(w) for w in spec.others_place_words),
        self_words=tuple(fold(w) for w in spec.self_words),
        annex_kinds=tuple(spec.annex_kinds),
        list_annex_kinds=tuple(spec.list_annex_kinds),
        asks_annex_contents=tuple(spec.asks_annex_contents),
        asks_listing=tuple(spec.asks_listing),
        annex_name_fillers=tuple(spec.annex_name_fillers),
        document_pointer_words=tuple(spec.document_pointer_words),
        document_kinds=tuple(sorted(dict.fromkeys(fold(w) for w in spec.document_kinds), key=len, reverse=True)),
        document_kind_fillers=tuple(
            sorted(dict.fromkeys(fold(w) for w in spec.document_kind_fillers), key=len, reverse=True)
        ),
        document_basis_openers=tuple(spec.document_basis_openers),
        asking_openers=tuple(sorted(spec.asking_openers, key=len, reverse=True)),
        title_pointers=tuple(spec.title_pointers),
        title_followers=tuple(spec.title_followers),
        quantities=MappingProxyType(
            {k: tuple(v) for k, v in sorted(spec.quantities.items(), key=lambda kv: len(kv[0]), reverse=True)}
        ),
        told_counts=MappingProxyType(
            {k: tuple(v) for k, v in sorted(spec.told_counts.items(), key=lambda kv: len(kv[0]), reverse=True)}
        ),
        told_count_words=tuple(sorted(spec.told_count_words, key=len, reverse=True)),
        figure_idioms=tuple(fold(w) for w in spec.figure_idioms),
        approximate_words=tuple(sorted((fold(w) for w in spec.approximate_words), key=len, reverse=True)),
        verdict_openers=tuple(sorted(spec.verdict_openers, key=len, reverse=True)),
        absence_words=tuple(sorted((fold(w) for w in spec.absence_words), key=len, reverse=True)),
        retention_words=tuple(sorted((fold(w) for w in spec.retention_words), key=len, reverse=True)),
        bound_words=tuple(fold(w) for w in spec.bound_words),
        bound_after_words=tuple(fold(w) for w in spec.bound_after_words),
        leave_words=tuple(fold(w) for w in spec.leave_words),
        recruiting_words=tuple(fold(w) for w in spec.recruiting_words),
        count_manners=MappingProxyType({k: tuple(fold(w) for w in v) for k, v in spec.count_manners.items()}),
        holding_words=tuple(spec.holding_words),
        seeking_words=tuple(spec.seeking_words),
        seeking_after_words=tuple(spec.seeking_after_words),
        holding_after_words=tuple(spec.holding_after_words),
        career_years_words=tuple(spec.career_years_words),
        waiver_words=tuple(spec.waiver_words),
        slot_heads=tuple(spec.slot_heads),
        rule_years_words=tuple(spec.rule_years_words),
        asked_years_words=tuple(spec.asked_years_words),
        obtained_words=tuple(spec.obtained_words),
        founding_words=tuple(spec.founding_words),
        left_school_words=tuple(fold(w) for w in spec.left_school_words),
        relative_years=MappingProxyType({fold(k): v for k, v in spec.relative_years.items()}),
        task_requests=tuple(spec.task_requests),
        lacking_words=tuple(spec.lacking_words),
        quantity_standards=tuple(spec.quantity_standards),
        figure_pointers=tuple(dict.fromkeys(fold(w) for w in spec.figure_pointers)),
        date_asks=tuple(sorted(dict.fromkeys(fold(w) for w in spec.date_asks), key=len, reverse=True)),
        number_asks=tuple(sorted(dict.fromkeys(fold(w) for w in spec.number_asks), key=len, reverse=True)),
        decider_asks=tuple(sorted(dict.fromkeys(fold(w) for w in spec.decider_asks), key=len, reverse=True)),
        permission_asks=tuple(dict.fromkeys(fold(w) for w in spec.permission_asks)),
        rule_words=tuple(dict.fromkeys(fold(w) for w in spec.rule_words)),
        standard_ask_fillers=tuple(
            sorted(
                dict.fromkeys([*spec.standard_ask_fillers, *spec.amount_words, *spec.pointing_words]),
                key=len,
                reverse=True,
            )
        ),
        duration_ask_fillers=tuple(
            sorted(dict.fromkeys([*spec.duration_ask_fillers, *spec.amount_words]), key=len, reverse=True)
        ),
        period_endings=tuple(spec.period_endings),
        quantity_names=MappingProxyType({k: tuple(v) for k, v in spec.quantity_names.items()}),
        figure_nouns=MappingProxyType({k: tuple(v) for k, v in spec.figure_nouns.items()}),
        money_words=tuple(spec.money_words),
        rate_words=tuple(spec.rate_words),
        rate_units=tuple(spec.rate_units),
        rate_asks=tuple(fold(w) for w in spec.rate_asks),
        duration_asks=tuple(spec.duration_asks),
        duration_units=tuple(spec.duration_units),
        question_facets=MappingProxyType(
            {
                k: tuple(sorted(dict.fromkeys(fold(w) for w in v), key=len, reverse=True))
                for k, v in spec.question_facets.items()
            }
        ),
        phrases=MappingProxyType(phrases),
        small_talk=MappingProxyType(
            {k: frozenset(strip_to_words(fold(w)) for w in v) for k, v in spec.small_talk.items()}
        ),
        profile=profile,
    )
