"""From one question (read with its context) to a decision: an entry, clauses, options or no.

Entries are phrased for the asker, so they win where they fit; clauses answer what no entry
anticipated; a clause hit is also evidence for the entries that cite it. A named region is
a fact, not a word: an entry that only holds another region's rule is held back, and a
question about a region the knowledge base does not cover is declined rather than answered
from elsewhere. Whether a score is confident is the calibrated policy's call (bot.calibration).
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Literal

from rapidfuzz import fuzz

from bot.kb.model import KnowledgeBase
from bot.kb.normalise import fold, strip_to_words
from bot.matching import Candidate, Matcher
from bot.memo import BoundedMemo
from bot.retrieval import ClauseHit, ClauseIndex
from bot.structured import named_documents, written_of_its_names
from bot.text import general_frequency, names_a_topic
from bot.understanding import (
    NATIONAL,
    counted_manners,
    counted_units,
    facets_asked,
    held_and_sought,
    quantity_asked,
    states_quantity,
    told_trades,
)

Decision = Literal["entry", "clauses", "ambiguous", "declined"]
ANYWHERE = ("全国", "某市")
IGNORED_MEMO_SIZE = 50_000  # words remembered as ignorable or not
MIN_ROWS_TO_FOCUS = 2  # an answer quoting this many rows of one table marks the asker's own row …
MAX_ROW_SHARE = 0.5  # … when the row's clause holds less than this share of the table's rows
TEXT_MEMO_SIZE = 4_096  # texts of messages remembered (their figures, facets, rows named)
MAX_REMEMBERED_PAIRS = 65_536  # entry pairs remembered as asking alike or not (a property of the knowledge)
MEMBER_WORDS = 2  # a member of a kind is named in a word or two ("汽车 维修 专业")

_NUMERALS = frozenset(
    "零一二三四五六七八九十百千万两半几"
)  # national texts, and the unnamed city's measures, apply wherever asked


@dataclass(frozen=True)
class ResolvePolicy:
    """Thresholds and weights; `answer_at`/`alone_at`/`margin`/`agree_margin`/`clause_at` come
    from calibration. Two independent retrievals agreeing (the best entry cites the best
    clause) is evidence of its own, so an agreeing answer may need less score and margin."""

    answer_at: float = 0.45  # when the best entry cites the best clause (the two retrievals agree)
    alone_at: float = 0.80  # when they do not
    margin: float = 0.05  # over the runner-up, when the two retrievals do not agree …
    agree_margin: float = 0.05  # … and when they do (the best clause is one the best entry cites)
    agree_within: float = 0.03  # an entry's own best clause this close to the best clause agrees with it
    uncovered_margin: float = 0.1  # … and for a region the knowledge does not cover: only a clear winner
    sure_at: float = 1.01  # a score this high needs no margin (off unless calibrated)
    clause_at: float = 0.62
    clause_margin: float = 0.04
    # A clause far ahead of every other answers from a lower score: on the calibration data
    # (`qualbot calibrate`), 27 of 27 such clause answers were right.
    clause_clear_at: float = 0.45
    clause_outranked_by: float = 0.1  # two entries this far ahead of a clause neither quotes outrank it
    clause_clear_margin: float = 0.2
    tie_width: float = 0.05  # two entries this close are a near-tie the best clause may break
    figure_window: float = 0.1  # … and this close, a tie the figure asked settles (one states it, one cannot)
    question_tie_margin: float = 0.05  # the question alone must prefer the runner-up by this to undo a near-tie
    suggest_at: float = 0.33
    suggest_window: float = 0.15
    clause_evidence: float = 0.12  # what the best cited clause's score adds to an entry
    row_evidence: float = 0.1  # what naming a rule-table row (an honour, a level) adds to entries citing it
    # … and telling a figure ("连着6天没来") to those whose answers state one in its units
    told_count_evidence: float = 0.12
    told_manner_evidence: float = 0.06  # … and more when it was counted the way the answer counts (连续)
    other_way_factor: float = 0.7  # an entry whose phrasings hold what the question seeks, or the reverse
    reversed_factor: float = 0.5  # … and both: it runs from what the question seeks to what it holds
    unnamed_factor: float = 0.7  # an entry silent on a value a follow-up switched to (兽医), when another is not
    mentioned_factor: float = 0.9  # one naming that value only in passing, when another is about it (its title)
    supplement_at: float = 0.55  # a clause the entry does not cite is quoted beside it from this score …
    supplement_lead: float = 0.12  # … when it beats the entry's own best clause by this much
    figure_search_depth: int = 5  # a question asking a figure the answer lacks: clauses searched for it …
    figure_clause_at: float = 0.3  # … from this score,
    figure_same_document_at: float = 0.1  # … or this one in a document the answer already cites
    foreign_lead: float = 0.05  # another covered province's entry this far above the best fitting one: a near miss
    foreign_region_factor: float = 0.6  # an entry holding only another (covered) region's rule
    other_document_factor: float = 0.85  # an entry or clause outside the documents the user named
    name_only_factor: float = 0.8  # … and one matched by a phrasing that only names a document the story named
    asked_of_name_factor: float = 0.6  # a phrasing of nothing but a document's name, when the question asks more of it
    responsible_at: float = 0.22  # a table row answers "which office" from this score
    alike_titles: float = 62  # rapidfuzz ratio of two entries' titles that ask alike
    part_support_at: float = 0.4  # one confident part of a message needs the whole to score this …
    part_support_in_domain_at: float = 0.35  # … or this when the other parts lean to its topic
    part_answer_at: float = 0.28  # a further question of a message answered beside a confident one from this score …
    part_lead: float = 1.3  # … when it leads the runner-up by this factor and both retrievals agree …
    part_alone_at: float = 0.38  # … or from this score when they do not
    part_hint_at: float = 0.25  # a further question not sure even to suggest: its entries from this score are offered
    part_own_lead: float = 0.02  # a question leaning to its own entry by this much, beside others doing so too
    thin_at: float = 0.25  # a short question whose best entry scores below this names no topic of its own …
    thin_length: int = 12  # … (checked for questions up to this many characters)
    story_only_at: float = 0.05  # the question alone scores an entry below this: only the story chose it …
    story_free_at: float = 0.5  # the question alone answers with the entry its story leaned to from this score
    # … and a question scoring the story's choice nil asks for another entry it scores this much
    # ("今年还能申请吗" names no subsidy of its own: its story does)
    story_only_rival_at: float = 0.45
    diluted_at: float = 0.36  # read with a story, the best entry answers from this score …
    diluted_margin: float = 0.12  # … when it leads the runner-up by this much
    # An entry both retrievals agree on, far enough ahead of every other, answers from this score …
    agreed_at: float = 0.34
    # … when it leads the runner-up by this much (never when the question names a place not covered)
    agreed_margin: float = 0.07
    question_lead: float = 0.3  # … or scores another of the top three this much higher
    sure_unexplained_at: float = 0.7  # from this score (with the retrievals agreeing) a stray word is tolerated
    facet_mismatch_factor: float = 0.85  # an entry that only ever answers something else than the question asks
    facet_match_bonus: float = 0.04  # … and an entry that answers what it asks, a little more
    facet_window: float = 0.15  # a runner-up this close that answers what the question asks makes the best unsure
    facet_held_lead: float = 0.065  # … unless both retrievals agree on the best and it leads by this much
    facet_share: float = 0.2  # an entry asks what this share of its phrasings (and title) ask
    rule_bonus: float = 0.05  # asked whether something is allowed: an entry saying what is (not) allowed gains this
    everyday_word_frequency: int = 2000  # a word this common in general Chinese never makes a question off-topic
    # Two entries of one document the question scores this high and this close (neither sure)
    # are both answered, under a plain word that the question fits either: two neighbouring
    # provisions the user cannot tell apart are what they asked about, not a choice to make.
    pair_at: float = 0.46
    pair_within: float = 0.06
    # A word more than this share of the entries on one document speak of is that document's
    # topic (评价机构 of the evaluation bodies' rules), not what a question about it asks.
    topic_share: float = 0.4


# Where an answer's first sentence ends (its own words, folded: quotes and tags are gone).
_FIRST_SENTENCE = re.compile(r"[。;:!?]")

DISTINCT_TITLES = 80  # rapidfuzz ratio below which two entries' titles are distinct options


@dataclass(frozen=True)
class Resolution:
    decision: Decision
    question: str
    entry_id: str | None = None
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    clauses: tuple[ClauseHit, ...] = ()
    asked_region: str | None = None  # the region the user named, when the answer is from elsewhere
    nearest: tuple[str, ...] = field(default_factory=tuple)  # doc ids nearest to a declined question
    candidates_all: tuple[Candidate, ...] = ()  # every entry scored, best first (for calibration)
    clauses_all: tuple[ClauseHit, ...] = ()  # every clause hit, best first
    supplement: tuple[ClauseHit, ...] = ()  # clauses holding a detail the chosen entry lacks
    tables: tuple[str, ...] = ()  # rule tables whose rows the question names (a dialog checks them fully)
    story_made: bool = False  # the best entry was held back: only the user's story chose it
    # A province the knowledge holds no document of, asked about and answered by national rules
    # (which hold there too): the reply says so first, as it does for another province's rule.
    general_for: str | None = None
    # Not sure, but the two best options are neighbouring provisions of one document, both
    # close and high (`ResolvePolicy.pair_at`): each is answered, as an entry.
    pair: tuple[Resolution, Resolution] | None = None
    # Declined before any threshold was weighed: another region's rule is what the question asks
    # about (`ResolvePolicy.foreign_lead`); the calibration replays it as it is.
    other_region_first: bool = False

    @property
    def confident(self) -> bool:
        return self.decision in ("entry", "clauses")


class Resolver:
    """Decides for one knowledge version (its matcher and clause index)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        matcher: Matcher,
        clauses: ClauseIndex,
        policy: ResolvePolicy | None = None,
        ignorable: frozenset[str] = frozenset(),
        values: tuple[str, ...] = (),
        asking: frozenset[str] = frozenset(),
        not_values: tuple[str, ...] = (),
        facets: Mapping[str, tuple[str, ...]] = MappingProxyType({}),
        asks: Callable[[str], bool] = lambda text: True,
        traits: frozenset[str] = frozenset(),
        facts: frozenset[str] = frozenset(),
    ):
        self.kb = kb
        # Values a story may tell, added after its question (bot.understanding `Reading.with_facts`),
        # and of those, where the asker stands (技师, 中级职称).
        self._facts, self._traits = facts, traits
        self._asks = asks  # whether a text asks something (bot.understanding.asks)
        self._names_only: BoundedMemo[str, frozenset[str]] = BoundedMemo(IGNORED_MEMO_SIZE)  # see _names_of
        self._overviews: dict[str, str | None] = {}  # document: its overview entry (see overview_entry)
        self._naming: BoundedMemo[str, frozenset[str]] = BoundedMemo(
            IGNORED_MEMO_SIZE
        )  # documents a phrasing only names
        self._asking = asking  # how a question is put (哪个处, 具体都有哪些): never what goes unanswered
        self._ignorable = ignorable  # regions, national words, everyday words: never off-topic
        self._ignored_words: BoundedMemo[tuple[str, bool], bool] = BoundedMemo(IGNORED_MEMO_SIZE)
        # The ignorable words as a set and joined by a separator no word holds (for "inside one of them").
        how = ignorable | asking
        self._ignorable_what = (ignorable, "\x00".join(sorted(ignorable)))
        self._ignorable_how = (how, "\x00".join(sorted(how)))
        # Values a question may name that an answer must speak to (兽医, 护士): canonical, longest first.
        canon = matcher.pipeline.canonical
        self._asked_values: dict[str, frozenset[str]] = {}
        self._values = tuple(sorted({c for v in values if len(c := canon(v)) >= 2}, key=len, reverse=True))
        # Words holding a value but meaning something else (技师学院 is a school, not the level 技师).
        self._not_values = tuple(sorted({canon(d) for d in not_values}, key=len, reverse=True))
        self._vocab_cache: dict[str, tuple[str, str]] = {}
        self._alike_pairs: dict[tuple[str, str], bool] = {}  # `_alike`: a property of the knowledge
        self._remembered = functools.lru_cache(maxsize=512)(self._resolve)
        self._own_words: dict[str, str] = {}
        self._own_values_words: dict[str, str] = {}  # … without the words holding a value as another thing
        self._titled: dict[str, str] = {}  # `is_about`: an entry's title and keywords, canonical
        self._doc_texts: dict[str, str] | None = None  # each document's title and clauses, canonical
        self._doc_titles: dict[str, str] | None = None  # each document's titles, canonical
        self._documents_of: dict[str, frozenset[str]] = {}  # the documents an entry's cited clauses belong to
        self._documents_cited: dict[str, tuple[str, ...]] = {}  # … in the order the entry cites them
        self._on_documents: dict[frozenset[str], tuple[str, ...]] = {}  # `_texts_on`
        self._speaking: BoundedMemo[tuple[frozenset[str], str], int] = BoundedMemo(TEXT_MEMO_SIZE)  # `topic_words`
        self._row_labels = _row_labels(kb, matcher)
        # The share of each table's rows (labels) resting on each clause: worked out once, not per answer.
        labels_of: dict[str, list[str]] = {}
        for _, table_id, cite in self._row_labels:
            labels_of.setdefault(table_id, []).append(cite)
        self._row_shares = {
            (table_id, cite): cites.count(cite) / len(cites) for table_id, cites in labels_of.items() for cite in cites
        }
        # Labels of the tables that link a label to something (a column beside it): what the
        # asker holds and what they seek. A bare list (先上岗 qualifications) links nothing.
        linking = {t.id for t in kb.rules.tables.values() if "label" in t.columns and len(t.columns) > 1}
        self._direction_labels = tuple(dict.fromkeys(label for label, table, _ in self._row_labels if table in linking))
        self._directions: BoundedMemo[str, tuple[frozenset[str], frozenset[str]]] = BoundedMemo(TEXT_MEMO_SIZE)
        self._entry_directions: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._tables_by_cite: dict[str, set[str]] = {}
        for table in kb.rules.tables.values():
            for row in table.rows:
                self._tables_by_cite.setdefault(row.cite, set()).add(table.id)
        self.matcher = matcher
        self.clauses = clauses
        self.policy = policy or ResolvePolicy()
        self._entry_regions = {e.id: self.regions_of(e.cites) for e in kb.entries.values()}
        self._facets = facets
        self._entry_facets: dict[str, frozenset[str]] = {}  # worked out when an entry is first ranked
        self._entry_counts: dict[str, frozenset[str]] = {}  # … and the units its answer states figures in
        self._entry_manners: dict[str, frozenset[str]] = {}  # … and how it counted them
        self._entry_rules: dict[str, bool] = {}  # … and whether it says what is (not) allowed
        # units a text tells figures in, and how it counted them
        self._told: BoundedMemo[str, tuple[frozenset[str], frozenset[str]]] = BoundedMemo(TEXT_MEMO_SIZE)
        self._said_cache: dict[str, str] = {}
        self._asked: BoundedMemo[str, frozenset[str]] = BoundedMemo(TEXT_MEMO_SIZE)  # facets a question asks
        # the words of a question an entry (or clauses) leaves unexplained (`unexplained`)
        self._unexplained: BoundedMemo[tuple[str, str | None, tuple[str, ...]], tuple[str, ...]] = BoundedMemo(
            TEXT_MEMO_SIZE
        )
        # the ways a question asks (`way_untold`), each with the words an answer must say to it
        self._ways_asked: BoundedMemo[str, tuple[tuple[str, tuple[str, ...]], ...]] = BoundedMemo(TEXT_MEMO_SIZE)
        self._rows_named: BoundedMemo[str, tuple[frozenset[str], tuple[str, ...]]] = BoundedMemo(TEXT_MEMO_SIZE)
        self._citing: dict[str, list[str]] = {}
        for entry in kb.entries.values():
            for cite in entry.cites:
                self._citing.setdefault(cite, []).append(entry.id)

    def answers_facets(self, entry_id: str) -> frozenset[str]:
        """What an entry answers: the facets a good share (and at least two) of its phrasings ask."""
        if entry_id not in self._entry_facets:
            entry = self.kb.entries[entry_id]
            self._entry_facets[entry_id] = self._facets_of((entry.title, *entry.questions))
        return self._entry_facets[entry_id]

    def directions(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """(held, sought) rule-table labels of a message's text, remembered (bounded)."""
        return self._directions.get(text, lambda: self._ways(text))

    def _ways(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """`held_and_sought` of each space-separated piece by itself: the facts added after a
        question ("…一级一级考 中级工程师") are not the object of its last verb."""
        held: set[str] = set()
        sought: set[str] = set()
        for piece in text.split():
            h, s = held_and_sought(self.matcher.pipeline.canonical(piece), self._direction_labels, self.kb.lexicon)
            held |= h
            sought |= s
        return frozenset(held), frozenset(sought)

    def entry_directions(self, entry_id: str) -> tuple[frozenset[str], frozenset[str]]:
        """The labels an entry's phrasings hold and seek — a label both held and sought by
        them says nothing of its direction."""
        if entry_id not in self._entry_directions:
            entry = self.kb.entries[entry_id]
            held: set[str] = set()
            sought: set[str] = set()
            for phrasing in (entry.title, *entry.questions):  # read once: not kept in the message memo
                h, s = self._ways(phrasing)
                held |= h
                sought |= s
            self._entry_directions[entry_id] = (frozenset(held - sought), frozenset(sought - held))
        return self._entry_directions[entry_id]

    def runs_the_other_way(self, asked: tuple[frozenset[str], frozenset[str]], entry_id: str) -> bool:
        """Whether an entry seeks what the question holds, or holds what it seeks."""
        held, sought = self.entry_directions(entry_id)
        return bool(asked[0] & sought or asked[1] & held)

    def runs_reversed(self, asked: tuple[frozenset[str], frozenset[str]], entry_id: str) -> bool:
        """Whether an entry seeks what the question holds and holds what it seeks ("我是中级职称，能报
        技师吗" against 技师 → 中级职称)."""
        held, sought = self.entry_directions(entry_id)
        return bool(asked[0] & sought and asked[1] & held)

    def told_evidence(self, told: frozenset[str], entry_id: str, manners: frozenset[str] = frozenset()) -> float:
        """What a figure told in units `told` (counted in `manners`) adds to an entry whose answer
        states one in them — more when the answer counts its figure the same way ("连着6天没来"
        and "无故缺勤连续5天以上" both count a run of days; "满15个工作日" counts a span)."""
        if not told & self.counts_of(entry_id):
            return 0.0
        same_way = bool(manners & self.manners_of(entry_id))
        return self.policy.told_count_evidence + same_way * self.policy.told_manner_evidence

    def states_rule(self, entry_id: str) -> bool:
        """Whether an entry's answer leads with what is or is not allowed (`rule_words` in its first
        sentence: "不能。", "各地…也不得自行新设"): the answer to "能不能…" among neighbouring entries
        that describe the subject. A rule word further on only qualifies a detail ("补助不得低于…")."""
        if entry_id not in self._entry_rules:
            lead = _FIRST_SENTENCE.split(fold(self._answer_words(entry_id)).strip(), maxsplit=1)[0]
            self._entry_rules[entry_id] = any(w in lead for w in self.kb.lexicon.rule_words)
        return self._entry_rules[entry_id]

    def names_a_topic(self, text: str) -> bool:
        """Whether a text names something a clause could be about — a noun, a name, a term — and not
        only how it asks ("那还有什么不能做": 不能, 做): a clause quoted by itself must be about what
        was named, never about the asking words alone."""
        pipeline = self.matcher.pipeline
        return any(names_a_topic(w) for w in pipeline.words(pipeline.canonical(text)))

    def asks_permission(self, question: str) -> bool:
        """Whether a question asks if something is allowed ("…能不能这样做") — and not who
        may do it ("还能不能参加见习" asks the conditions, `question_facets`), or anything else."""
        folded = fold(question)
        return any(w in folded for w in self.kb.lexicon.permission_asks) and not self.asks_facets(question)

    def manners_of(self, entry_id: str) -> frozenset[str]:
        """How the figures an entry's answer states in its own words were counted (`counts_of`)."""
        if entry_id not in self._entry_manners:
            self._entry_manners[entry_id] = counted_manners(self._answer_words(entry_id), self.kb.lexicon)
        return self._entry_manners[entry_id]

    def _told_figures(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """(`counted_units`, `counted_manners`) of a message's text, remembered (bounded): a
        message is ranked several times (whole, parts, alone and with its story)."""
        lexicon = self.kb.lexicon
        return self._told.get(text, lambda: (counted_units(text, lexicon), counted_manners(text, lexicon)))

    def _answer_words(self, entry_id: str) -> str:
        """An entry's answers in its own words, without the quotes (which repeat its clauses)."""
        return self.kb.entries[entry_id].own_words

    def counts_of(self, entry_id: str) -> frozenset[str]:
        """The units (`Lexicon.told_counts`) an entry's answer states figures in, in its own
        words (its quotes repeat them): not its clauses, whose other sentences may count what
        the answer does not ("按月发放…" shares a clause with the 15-work-day rule)."""
        if entry_id not in self._entry_counts:
            self._entry_counts[entry_id] = counted_units(self._answer_words(entry_id), self.kb.lexicon)
        return self._entry_counts[entry_id]

    def asks_facets(self, question: str) -> frozenset[str]:
        """`facets_asked` of a question, remembered (bounded): a message's parts are resolved
        several times, and each resolution asks it again."""
        return self._asked.get(question, lambda: facets_asked(question, self._facets))

    def _facets_of(self, phrasings: Sequence[str]) -> frozenset[str]:
        counts: dict[str, int] = {}
        for phrasing in phrasings:
            for facet in facets_asked(phrasing, self._facets):
                counts[facet] = counts.get(facet, 0) + 1
        least = max(2, self.policy.facet_share * len(phrasings))
        return frozenset(f for f, n in counts.items() if n >= least)

    def facet_unmet(self, question: str, ranked: Sequence[Candidate]) -> bool:
        """The best entry does not answer what `question` asks (还能报吗: conditions) and a close
        runner-up does: the words chose one, the asking another, so neither is sure."""
        asked = self.asks_facets(question)
        if not asked or not ranked or asked & self.answers_facets(ranked[0].entry_id):
            return False
        close = ranked[0].score - self.policy.facet_window
        return any(asked & self.answers_facets(c.entry_id) for c in ranked[1:4] if c.score >= close)

    def regions_of(self, cites: tuple[str, ...]) -> frozenset[str]:
        regions = set()
        for cite in cites:
            clause = self.kb.clauses[cite]
            regions.add(clause.region or self.kb.documents[clause.doc_id].region)
        return frozenset(regions)

    def responsible(
        self,
        question: str,
        context: str | None,
        region: str | None,
        covered: frozenset[str],
        asking: tuple[str, ...],
        office: bool = False,
        among: tuple[str, ...] = (),
    ) -> Resolution | None:
        """ "Which office is responsible for …": the table rows (clauses with a 责任单位) that
        match the measure asked about. The asking words are left out, and the user's story
        counts in full, since it names the measure ("涉及专利代理师的 … 哪几个部门负责")."""
        if among:  # rows of the rule the question points back at ("这块归哪个处") come first
            rows = [c for c in among if c in self.kb.clauses and self.kb.clauses[c].responsible]
            if office:
                rows = [c for c in rows if "处" in (self.kb.clauses[c].responsible or "")]
            if rows:
                return Resolution(
                    "clauses", question, None, 1.0, clauses=tuple(ClauseHit(c, 1.0, 1.0) for c in rows[:2])
                )
        topic = question
        for word in asking:  # longest first
            topic = topic.replace(word, " ")
        hits = [
            h
            for h in self.clauses.search(f"{topic} {context or ''}", None, limit=6, responsible_only=True)
            if self.region_fits(self.regions_of((h.cite,)), region) or region in covered
        ]
        if office:  # "哪个处室": rows naming an office (…处) answer it, rows naming departments do not
            hits = [h for h in hits if "处" in (self.kb.clauses[h.cite].responsible or "")] or hits
        if not hits or hits[0].score < self.policy.responsible_at:
            return None
        chosen = [hits[0], *(h for h in hits[1:2] if h.score >= max(self.policy.responsible_at, hits[0].score - 0.05))]
        return Resolution("clauses", question, None, hits[0].score, clauses=tuple(chosen), clauses_all=tuple(hits))

    def duties_of_named_unit(self, question: str) -> Resolution | None:
        """Every table row naming, as responsible, the unit a question names and asks the duties of
        (`asks_duties`: "事业单位人事管理处负责哪几条"); of several units named, the one with the
        fewest rows (an office of 市人社局, not 市人社局 itself); None when it names none."""
        if not any(w in question for w in self.kb.lexicon.asks_duties):
            return None
        named = [cites for unit, cites in self._rows_by_unit.items() if unit in question]
        if not named:
            return None
        cites = min(named, key=len)
        return Resolution("clauses", question, None, 1.0, clauses=tuple(ClauseHit(c, 1.0, 1.0) for c in cites))

    @functools.cached_property
    def _rows_by_unit(self) -> dict[str, tuple[str, ...]]:
        """Each unit of a table's 责任单位 column, with the rows naming it (in the knowledge's order)."""
        rows: dict[str, list[str]] = {}
        for cite, clause in self.kb.clauses.items():
            for unit in (clause.responsible or "").split():
                rows.setdefault(unit, []).append(cite)
        return {unit: tuple(cites) for unit, cites in rows.items()}

    def unexplained(self, question: str, entry_id: str | None, cites: tuple[str, ...] = ()) -> list[str]:
        """Words of the question that neither the entry (its phrasings, title, keywords) nor the
        clauses it rests on contain, written or sounding alike. "能落户杭州吗" answered with
        the 技师→职称 rule leaves 落户 unexplained: that answer is not to the question asked.
        Remembered (bounded): each resolution of a message's part asks it of the same entries."""
        key = (question, entry_id, cites)
        return list(self._unexplained.get(key, lambda: tuple(self._unexplained_words(question, entry_id, cites))))

    def _unexplained_words(self, question: str, entry_id: str | None, cites: tuple[str, ...]) -> list[str]:
        vocabulary, sound = self._vocabulary(entry_id, cites)
        pipeline = self.matcher.pipeline
        # Only words the knowledge base never uses and everyday language uses rarely count: 以后,
        # 这种, 一共 are how people talk; 落户, 笔试, 公务员 are what they ask about.
        unknown = [
            w
            for w in self._words_outside(question, vocabulary, asked_how_too=False)
            if len(w.strip("".join(_NUMERALS))) > 1  # 十八岁, 三年: a figure, not a topic
            and (w in self.kb.lexicon.distinct_terms or pipeline.sound_of("#" + w)[1:] not in sound)  # (never a typo)
            and not self.matcher.knows(w)
            and not self.clauses.knows(w)
            and names_a_topic(w)  # 当成, 何种: how it is asked, not what
        ]
        if unknown:  # (read only when a word is left: most questions leave none)
            trades = told_trades(question, self.kb.lexicon)  # "做了八年数控车工": who asks, not what
            unknown = [w for w in unknown if not any(w in trade for trade in trades)]
        unknown += self._objects_unnamed(question, vocabulary)
        unknown += self._siblings_unnamed(question, vocabulary)
        unknown += self.way_untold(question, entry_id, cites)
        # 下限 asked of a rule written 不低于: the answer says it in the sources' words.
        unknown = [w for w in dict.fromkeys(unknown) if not self._said_otherwise(w, vocabulary)]
        if not unknown:
            return unknown
        # A member of a kind the answer speaks of ("土木工程专业" beside 相关专业) is explained by it.
        members = self._members_of(pipeline.words(pipeline.canonical(question)), vocabulary)
        return [w for w in unknown if w not in members]

    def _objects_unnamed(self, question: str, vocabulary: str) -> list[str]:
        """What a question asks a facet of ("报名要什么学历": the conditions of signing up for an
        exam) that `vocabulary` never names: whichever entry of the knowledge names it, an answer
        that does not is not to the question asked."""
        objects = self.kb.lexicon.facet_objects
        asked = self.matcher.pipeline.canonical(question)
        return [w for f in self.asks_facets(question) for w in objects.get(f, ()) if w in asked and w not in vocabulary]

    def _siblings_unnamed(self, question: str, vocabulary: str) -> list[str]:
        """The values a question names that `vocabulary` does not, where it names others of their
        kind (`sibling_values`): a rule for 省级 and 国家级 parks says nothing of a 市级 one, however
        well the rest of the question matches it."""
        asked = self.matcher.pipeline.canonical(question)
        unnamed = []
        for group in self.kb.lexicon.sibling_values:
            named = _longest_first(asked, group)
            said = _longest_first(vocabulary, group)
            if said:
                unnamed += [v for v in named if v not in said]
        return unnamed

    def way_untold(self, question: str, entry_id: str | None, cites: tuple[str, ...] = ()) -> list[str]:
        """The words asking a way (`Lexicon.answer_words_needed`: "补贴怎么申请" asks how to apply)
        that the entry's answer and its clauses say nothing to: an entry on how much a subsidy is
        does not tell how to apply for it, though a phrasing of it may ask "能申请补贴吗"."""
        asked = self._ways_asked.get(question, lambda: self._ways_of_asking(question))
        if not asked:
            return []
        said = self._said_text(entry_id, cites)
        return [word for word, answers in asked if not any(w in said for w in answers)]

    def _ways_of_asking(self, question: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        folded = fold(question)
        return tuple(
            (next(w for w in asks if w in folded), answers)
            for asks, answers in self.kb.lexicon.answer_words_needed
            if any(w in folded for w in asks)
        )

    def _said_text(self, entry_id: str | None, cites: tuple[str, ...]) -> str:
        """What an answer says, folded: the entry's own words and the clauses it rests on (or the
        clauses alone) — not its phrasings, which ask rather than tell."""
        key = entry_id or "|".join(cites)
        said = self._said_cache.get(key)
        if said is None:
            if entry_id:
                cites = self.kb.entries[entry_id].cites
            texts = [self._answer_words(entry_id)] if entry_id else []
            texts += [self.kb.clauses[c].text for c in cites if c in self.kb.clauses]
            said = fold(" ".join(texts))
            if len(self._said_cache) < 4096:  # bounded like the vocabularies
                self._said_cache[key] = said
        return said

    def speaks_to_every_word(self, question: str, entry_id: str | None, cites: tuple[str, ...] = ()) -> bool:
        """Whether an entry's vocabulary (phrasings, title, keywords, cited clauses) — or that of
        clauses alone — holds every word of the question that names something: "证书谁发" of an
        entry saying who issues the certificates, not "见习期多长" of one on an evaluation body's 有效期."""
        vocabulary, _ = self._vocabulary(entry_id, cites)
        return not self._words_outside(question, vocabulary, asked_how_too=True)

    def _said_otherwise(self, word: str, vocabulary: str) -> bool:
        """Whether `vocabulary` holds one of the ways the sources put `word` (`said_as`)."""
        pipeline = self.matcher.pipeline
        return any(pipeline.canonical(w) in vocabulary for w in self.kb.lexicon.said_as.get(word, ()))

    def _unexplained_asked(self, question: str, context: str | None, entry_id: str) -> list[str]:
        """`unexplained`, but for a value the user told in the story (建造师 of "我哥考了个建造师"),
        which the question carries as a fact about the asker, not as what it asks about."""
        unexplained = self.unexplained(question, entry_id)
        if not unexplained or not context:
            return unexplained
        told = set(self.named_values(context))
        return [w for w in unexplained if w not in told]

    def _members_of(self, words: list[str], vocabulary: str) -> frozenset[str]:
        """The words right before a kind noun the answer's vocabulary holds (土木工程 of "土木工程
        专业" when the answer speaks of 专业): a member's name is one or two words."""
        nouns = [n for n in self.kb.lexicon.kind_nouns if n in vocabulary]
        if not nouns:
            return frozenset()
        return frozenset(
            words[j] for i, word in enumerate(words) if word in nouns for j in range(max(0, i - MEMBER_WORDS), i)
        )

    def unanswered(self, question: str, entry_id: str) -> list[str]:
        """Words of the question the knowledge does know, but not in this entry or the clauses it
        rests on: "要延续的话怎么弄" answered with how to apply leaves 延续 unanswered."""
        vocabulary, _ = self._vocabulary(entry_id)
        return [
            w
            for w in self._words_outside(question, vocabulary, asked_how_too=True)
            if (self.matcher.knows(w) or self.clauses.knows(w)) and not any(w in v or v in w for v in self._values)
        ]

    def _words_outside(self, question: str, vocabulary: str, asked_how_too: bool) -> list[str]:
        """The question's words of two characters or more (厂里, 单位里 read as 厂, 单位: where, not
        what; 亏了 as 亏: that it happened, not what) that `vocabulary` lacks, that are not ignorable
        (nor, `asked_how_too`, how a question is put) and that everyday language uses rarely."""
        pipeline = self.matcher.pipeline
        return [
            w
            for w in (
                _without_passive(_without_place(_without_aspect(w)))
                for w in pipeline.words(pipeline.canonical(question))
            )
            if self._rare_and_outside(w, vocabulary) and not self._ignored(w, asked_how_too)
        ]

    def names_another_documents_topic(self, question: str, entry_id: str) -> list[str]:
        """Words naming a measure (`measure_words`: 见习) the question says that are in the title of a
        document the entry does not rest on, and nowhere in the documents it does rest on ("见习期算
        工龄吗" answered from the 先上岗 measures, which never speak of 见习)."""
        own = self.documents_cited(entry_id)
        texts = self._document_texts()
        titles = [t for d, t in self._document_titles().items() if d not in own]
        asked = self.matcher.pipeline.canonical(question)
        words = [w for w in self.kb.lexicon.measure_words if w in asked]
        return [w for w in words if any(w in t for t in titles) and not any(w in texts[d] for d in own)]

    def _document_texts(self) -> dict[str, str]:
        if self._doc_texts is None:
            canon = self.matcher.pipeline.canonical
            self._doc_texts = {
                d.id: canon(" ".join((d.title, *(c.text for c in d.clauses)))) for d in self.kb.documents.values()
            }
        return self._doc_texts

    def _document_titles(self) -> dict[str, str]:
        if self._doc_titles is None:
            canon = self.matcher.pipeline.canonical
            self._doc_titles = {
                d.id: canon(" ".join(filter(None, (d.title, d.short_title)))) for d in self.kb.documents.values()
            }
        return self._doc_titles

    def _rare_and_outside(self, word: str, vocabulary: str) -> bool:
        """Whether a word of two characters or more, not a number, is missing from `vocabulary` and
        used rarely in everyday language."""
        return (
            len(word) >= 2
            and not word.isdigit()
            and word not in vocabulary
            and general_frequency(word) < self.policy.everyday_word_frequency
        )

    def _ignored(self, word: str, asked_how_too: bool) -> bool:
        """Whether a word holds or is held by an ignorable word (remembered: words recur)."""

        def ignored() -> bool:
            words, joined = self._ignorable_how if asked_how_too else self._ignorable_what
            # An ignorable word inside this one (any of its substrings), or this one inside an ignorable word.
            inner = any(word[i:j] in words for i in range(len(word)) for j in range(i + 1, len(word) + 1))
            return inner or word in joined

        return self._ignored_words.get((word, asked_how_too), ignored)

    def story_made(
        self,
        question: str,
        ranked: Sequence[Candidate],
        alone: QuestionAlone | None = None,
        documents: tuple[str, ...] = (),
    ) -> bool:
        """Whether the user's story made the top entry the answer: it leaves a word of the
        question unanswered, and the question by itself does not reach it — or clearly prefers
        one of the next entries (`question_rival`). Not when the top rests on one of the
        `documents` the story names and the entry the question by itself prefers rests on none:
        naming the document told what the question's own words ("这两个说法以哪个为准") left open."""
        top = ranked[0].entry_id
        alone = alone or QuestionAlone(self.matcher, question, None)
        if not self.unanswered(question, top):
            return self._story_only(ranked, alone)
        if documents and self._leaves_documents(top, alone.best() or top, documents):
            return False
        return alone(top) < self.policy.story_only_at or self._rival(ranked, alone) is not None

    def traits_made(self, question: str, ranked: Sequence[Candidate]) -> bool:
        """Whether who the asker is, told in the story and added to the question (bot.understanding
        `Reading.with_facts`), made the top entry the answer — as `story_made` decides for the story:
        "…拿了中级职称…让我去考技师…理论那门我可以不考吗" asks about the theory exam, not about
        the 职称 a 技师 may apply for."""
        bare = self.without_traits(question)
        if bare == question or not ranked:
            return False
        # Unlike a story's words, the traits take no word of the question's own: what it asks is
        # judged by the question alone (an entry's clauses hold most words, so none goes unanswered).
        alone = QuestionAlone(self.matcher, bare, None)
        return alone(ranked[0].entry_id) < self.policy.story_only_at or self._rival(ranked, alone) is not None

    def without_traits(self, question: str) -> str:
        """The question without the asker's traits among the facts added after it (its last
        space-separated words)."""
        words = question.split(" ")
        told: list[str] = []
        while len(words) > 1 and words[-1] in self._facts:
            told.insert(0, words.pop())
        return " ".join((*words, *(w for w in told if w not in self._traits)))

    def question_rival(
        self,
        question: str,
        ranked: Sequence[Candidate],
        alone: QuestionAlone | None = None,
        asked_way: tuple[frozenset[str], frozenset[str]] | None = None,
    ) -> Candidate | None:
        """Of the next two entries, the one the question by itself prefers to the top entry by
        `question_lead`, when the top leaves a word of the question unanswered: the story chose
        the top ("我们已经遴选为认定机构了 … 资格快到期了怎么办" is about expiry, not applying).
        Never one running against `asked_way`, what the whole message holds and seeks: "有中级
        职称，想弄个技师…能直接报不" is not asking which honour leads straight to 中级职称."""
        alone = alone or QuestionAlone(self.matcher, question, None)
        if not self.unanswered(question, ranked[0].entry_id) and not self._story_only(ranked, alone):
            return None
        rival = self._rival(ranked, alone)
        if rival is not None and asked_way is not None and self.runs_the_other_way(asked_way, rival.entry_id):
            return None
        return rival

    def _story_only(self, ranked: Sequence[Candidate], alone: QuestionAlone) -> bool:
        """Whether only the story chose the top entry, though its words cover the question's: the
        question by itself scores it nil and clearly asks for another (a story naming one of the
        schools, then "对过程记录有什么要求": what a school must record, not which schools)."""
        if alone(ranked[0].entry_id) >= self.policy.story_only_at:
            return False
        rival = self._rival(ranked, alone)
        return rival is not None and alone(rival.entry_id) >= self.policy.story_only_rival_at

    def _rival(self, ranked: Sequence[Candidate], alone: QuestionAlone) -> Candidate | None:
        top = ranked[0].entry_id
        others = [c for c in ranked[1:3] if not self.related(top, c.entry_id)]
        if not others:
            return None
        rival = max(others, key=lambda c: alone(c.entry_id))
        if alone(rival.entry_id) - alone(top) < self.policy.question_lead:
            return None
        # … and only the entry the question alone would choose of all: a rival merely better
        # than the top ("见习不到15个工作日给补助吗" → the monthly allowance) is no answer either.
        return rival if alone.best() in (rival.entry_id, None) else None

    def _vocabulary(self, entry_id: str | None, cites: tuple[str, ...] = ()) -> tuple[str, str]:
        """(canonical text, its sound) of an entry — phrasings, title, keywords and the clauses
        it cites — or of clauses alone."""
        key = entry_id or "|".join(cites)
        cached = self._vocab_cache.get(key)
        if cached is None:
            pipeline = self.matcher.pipeline
            parts: list[str] = []
            if entry_id:
                entry = self.kb.entries[entry_id]
                parts += [entry.title, *entry.questions, *entry.keywords]
                cites = entry.cites
            for cite in cites:
                clause = self.kb.clauses[cite]
                doc = self.kb.documents[clause.doc_id]
                parts += [clause.text, clause.heading or "", clause.responsible or "", doc.title, *clause.keywords]
            vocabulary = pipeline.canonical(" ".join(parts))
            cached = (vocabulary, pipeline.sound_of("#" + vocabulary)[1:])
            if len(self._vocab_cache) < 4096:  # bounded: only top candidates ever get here
                self._vocab_cache[key] = cached
        return cached

    def agrees(self, entry_id: str, hits: Sequence[ClauseHit]) -> bool:
        """Whether the clause retrieval agrees with an entry: its best clause is one the entry
        cites — or the entry's own best clause is as good, within `agree_within`."""
        if not hits:
            return False
        cites = self.kb.entries[entry_id].cites
        own = max((h.score for h in hits if h.cite in cites), default=0.0)
        return hits[0].cite in cites or own >= hits[0].score - self.policy.agree_within

    def named_values(self, question: str) -> tuple[str, ...]:
        """The values (of the lexicon's slots) the question itself names."""
        return _longest_first(self._canonical_values_text(question), self._values)

    def _canonical_values_text(self, text: str) -> str:
        """The canonical text without the words that hold a value but name something else
        (技师学院 is a school, not the level 技师)."""
        canon = self.matcher.pipeline.canonical(text)
        for words in self._not_values:
            canon = canon.replace(words, " ")
        return canon

    def values_asked_by(self, entry_id: str) -> frozenset[str]:
        """The slot values an entry's title, phrasings and keywords name, longest first (an entry
        on 高级技师 does not also name 技师): what the entry is asked about, not what it mentions."""
        named = self._asked_values.get(entry_id)
        if named is None:
            named = frozenset(self.named_values(" ".join(self._asked_in(entry_id))))
            self._asked_values[entry_id] = named
        return named

    def asks_of(self, entry_id: str, values: Sequence[str]) -> frozenset[str]:
        """Which of `values` (canonical, of any slot kind) the entry's title, phrasings and
        keywords name, longest first (an entry on 世界技能大赛银牌 does not also name 银牌)."""
        text = self._canonical_values_text(" ".join(self._asked_in(entry_id)))
        return frozenset(_longest_first(text, sorted(values, key=len, reverse=True)))

    def _asked_in(self, entry_id: str) -> tuple[str, ...]:
        entry = self.kb.entries[entry_id]
        return (entry.title, *entry.questions, *entry.keywords)

    def subject_words(self, question: str) -> list[str]:
        """The words a question names its subject with: what is left of it without how it is
        asked, the story's people and places, and everyday words ("社会评价组织" of "社会评价组织
        也一样吗")."""
        return self._words_outside(question, "", asked_how_too=True)

    def says_only_what_it_holds(self, question: str, entry_id: str, topical_chars: bool = False) -> bool:
        """Whether every word of a question (two characters or more) is in the entry or the clauses it
        rests on, asks (多久, 几项), or is ignorable: "今天天气怎么样" after an answer says 今天, 天气,
        which no answer about the catalogue holds, however everyday they are. With `topical_chars`,
        so is every one-character word naming a topic (钱 of "那边的钱咋整")."""
        vocabulary, _ = self._vocabulary(entry_id)
        pipeline = self.matcher.pipeline
        markers = self.kb.lexicon.question_markers
        topical = (
            [t for t in pipeline.tokens(fold(question)) if len(t) == 1 and t.isalnum() and names_a_topic(t)]
            if topical_chars
            else []
        )
        standards = self.kb.lexicon.standard_words
        return all(
            w in vocabulary
            or self._ignored(w, True)
            or any(m in w for m in markers)
            # (a standard's figure, "补贴标准", is held where what it is the standard of is: 补贴)
            or any(w.endswith(s) and w != s and w.removesuffix(s) in vocabulary for s in standards)
            for w in pipeline.words(pipeline.canonical(question))
            if len(w) >= 2
        ) and all(t in vocabulary for t in topical)

    def speaks_of_values(self, entry_id: str, values: Sequence[str]) -> bool:
        """Whether the entry in its own words names every one of `values` (as `named_values`
        finds them) as that value: 技师学院 is a school, it does not speak of the level 技师."""
        own = self._own_values_words.get(entry_id)
        if own is None:
            own = self._canonical_values_text(self._own_text(entry_id))
            if len(self._own_values_words) < 4096:
                self._own_values_words[entry_id] = own
        return all(v in own for v in values)

    def speaks_of_all(self, entry_id: str, words: Sequence[str]) -> bool:
        """Whether the entry in its own words names every one of `words` (see `speaks_to`)."""
        return all(self.speaks_to(entry_id, (w,)) for w in words)

    def speaks_to(self, entry_id: str, values: tuple[str, ...]) -> bool:
        """Whether the entry in its own words (phrasings, keywords, answer) names one of `values`;
        the clauses it cites do not count: a table row naming every profession is cited by each."""
        own = self._own_words.get(entry_id)
        if own is None:
            own = self._own_text(entry_id)
            if len(self._own_words) < 4096:
                self._own_words[entry_id] = own
        return any(v in own for v in values)

    def _insisted_factors(self, entry_ids: Sequence[str], values: tuple[str, ...]) -> dict[str, float]:
        """What each entry's score is multiplied by when a follow-up switched to `values`: those
        silent on them by `unnamed_factor` when another speaks of them; and, when one is about
        them (its title names 护士执业资格), those naming them only in passing (a list of a
        measure's qualifications) by `mentioned_factor`."""
        speaks = {e: self.speaks_to(e, values) for e in entry_ids}
        if not any(speaks.values()):
            return dict.fromkeys(entry_ids, 1.0)
        about = {e: fits and self.is_about(e, values) for e, fits in speaks.items()}
        in_passing = self.policy.mentioned_factor if any(about.values()) else 1.0
        return {
            e: (1.0 if about[e] else in_passing) if fits else self.policy.unnamed_factor for e, fits in speaks.items()
        }

    def is_about(self, entry_id: str, values: tuple[str, ...]) -> bool:
        """Whether the entry's title or keywords name one of `values`: it is about it."""
        said = self._titled.get(entry_id)
        if said is None:
            entry = self.kb.entries[entry_id]
            said = self.matcher.pipeline.canonical(" ".join((entry.title, *entry.keywords)))
            if len(self._titled) < 4096:  # bounded like the entries' own words
                self._titled[entry_id] = said
        return any(v in said for v in values)

    def _own_text(self, entry_id: str) -> str:
        """An entry in its own words, canonical: title, phrasings, keywords and answer."""
        entry = self.kb.entries[entry_id]
        return self.matcher.pipeline.canonical(" ".join((entry.title, *entry.questions, *entry.keywords, entry.answer)))

    def related(self, a: str, b: str) -> bool:
        """Two entries that ask alike and rest on the same clause (or a clause and its
        sub-clause) give the same policy: they are not competing answers. So do entries the
        knowledge says give the same policy (`same_policy_as`)."""
        first, second = self.kb.entries[a], self.kb.entries[b]
        return b in first.same_policy_as or a in second.same_policy_as or self._alike(a, b)

    def _alike(self, a: str, b: str) -> bool:
        """Two entries that ask alike (titles) and rest on the same clause or a sub-clause of it.
        Remembered (bounded): every tie-breaker asks it of the same few pairs again."""
        alike = self._alike_pairs.get((a, b))
        if alike is None:
            alike = self._work_out_alike(a, b)
            if len(self._alike_pairs) < MAX_REMEMBERED_PAIRS:
                self._alike_pairs[(a, b)] = alike
        return alike

    def _work_out_alike(self, a: str, b: str) -> bool:
        first, second = self.kb.entries[a], self.kb.entries[b]
        if fuzz.ratio(first.title, second.title) < self.policy.alike_titles:
            return False
        for x in first.cites:
            for y in second.cites:
                dx, _, ix = x.partition(":")
                dy, _, iy = y.partition(":")
                if dx == dy and (ix == iy or ix.startswith(iy + ".") or iy.startswith(ix + ".")):
                    return True
        return False

    def distinct_runner_up(self, ranked: list[Candidate]) -> float:
        """The score of the best candidate that would give a different answer than the top one."""
        runner = self.distinct_runner(ranked)
        return runner.score if runner else 0.0

    def thin(self, question: str, asking_words: Sequence[str] = ()) -> bool:
        """Whether a short question names nothing of the knowledge by itself ("这正常吗", "这样印
        行不行"): without its `asking_words` (吗, 行不行 …) its best entry scores below `thin_at`,
        so the story told right before it says what it asks about."""
        if len(question) > self.policy.thin_length:
            return False
        for word in sorted(asking_words, key=len, reverse=True):
            question = question.replace(word, " ")
        if len(strip_to_words(question)) <= 1:
            return True  # "怎么提", "按规定可以吗": one character left names nothing, whatever it matches
        ranked = self.matcher.score_all(question, None, limit=1)[1] if question.strip() else []
        return not ranked or ranked[0].score < self.policy.thin_at

    def part_hints(self, res: Resolution, answered: Collection[str]) -> tuple[Candidate, ...]:
        """The entries a further question of a message leans to, though too faintly even for
        "did you mean" on its own (`part_hint_at`): offered for that part, so that it is not left
        out of the reply as if never asked. Not those answering the other parts, nor related to them:
        a user asking two questions does not ask the same thing twice."""
        policy = self.policy
        ranked = sorted(
            (
                c
                for c in res.candidates_all or res.candidates
                if c.score >= policy.part_hint_at
                and all(c.entry_id != a and not self.related(c.entry_id, a) for a in answered)
            ),
            key=lambda c: -c.score,
        )
        return tuple(c for c in ranked[:3] if c.score >= ranked[0].score - policy.suggest_window)

    def part_leader(self, res: Resolution, region: str | None, answered: Collection[str] = ()) -> str | None:
        """The entry a further question of a message clearly leads to, though it is not sure on
        its own ("…？还有报名材料能先承诺后补吗" beside an answered question): its best entry is far
        ahead of any other answer, both retrievals agree (or it scores `part_alone_at`), the entry
        speaks to every word, and it holds the region asked. An entry the message's other questions are `answered` with is no
        rival: a user asking two questions does not ask the same thing twice ("见习单位给不给钱？
        去了十来天就走了还能拿生活补助吗" — the allowance is answered, the second asks about the days)."""
        ranked = [c for c in res.candidates_all if c.entry_id not in answered]
        if not ranked or res.story_made or ranked[0] is not res.candidates_all[0]:
            return None
        best = ranked[0]
        policy = self.policy
        if best.score < policy.part_answer_at or best.score < policy.part_lead * self.distinct_runner_up(ranked):
            return None
        if best.score < policy.part_alone_at and not self.agrees(best.entry_id, res.clauses_all):
            return None
        if self.unexplained(res.question, best.entry_id):
            return None
        asked = region if region and region != NATIONAL else None
        return best.entry_id if self.region_fits(self._entry_regions[best.entry_id], asked) else None

    def clause_breaks_tie(
        self, ranked: Sequence[Candidate], hits: Sequence[ClauseHit], region: str | None, covered: frozenset[str]
    ) -> bool:
        """Two entries alike in wording: the clause retrieval decides when the best clause is
        the top entry's and not the runner-up's — not for a region the knowledge does not cover,
        where only a clear winner may answer."""
        if uncovered(region, covered):
            return False
        if not ranked or not hits or hits[0].cite not in self.kb.entries[ranked[0].entry_id].cites:
            return False
        rival = self.distinct_runner(list(ranked))
        if rival is None:
            return True
        theirs = self.kb.entries[rival.entry_id].cites
        if hits[0].cite in theirs or ranked[0].score - rival.score >= self.policy.tie_width:
            return False
        # … and only when the clause retrieval itself is decisive: the rival's best clause is
        # clearly behind ("招聘限制条件和见习补助" names both entries' clauses alike).
        return self._clause_ahead(hits, theirs)

    def shared_clause_settles_tie(
        self, ranked: Sequence[Candidate], hits: Sequence[ClauseHit], region: str | None, covered: frozenset[str]
    ) -> bool:
        """Two near-tied entries that both quote the best clause, which clearly leads every clause
        they do not share: what is asked is in that clause, and the top entry quotes it."""
        if uncovered(region, covered) or len(ranked) < 2 or not hits:
            return False
        rival = self.near_tied_rival(ranked)
        if rival is None:
            return False
        shared = set(self.kb.entries[ranked[0].entry_id].cites) & set(self.kb.entries[rival.entry_id].cites)
        # … and the top entry speaks to as much of the question as the rival ("吉林自己设的…取消
        # 了几项" shares the clause holding both counts, yet asks of the other entry's part).
        if hits[0].cite not in shared or ranked[0].coverage < rival.coverage - self.policy.tie_width:
            return False
        best_other = max((h.score for h in hits if h.cite not in shared), default=0.0)
        return hits[0].score - best_other >= self.policy.clause_margin

    def clause_first(
        self, ranked: list[Candidate], hits: Sequence[ClauseHit], region: str | None, covered: frozenset[str]
    ) -> list[Candidate]:
        """`ranked` with a near-tied runner-up first when the clause retrieval clearly prefers it:
        the best clause is the runner-up's and not the top's, and the top's own best clause is
        `clause_margin` behind ("见习刚干了九个工作日就辞了，那个月补助给不给" is the 15-work-day
        clause's question, not the monthly allowance's)."""
        if len(ranked) < 2 or not hits or uncovered(region, covered):
            return ranked
        rival = self.near_tied_rival(ranked)
        if rival is None:
            return ranked
        if not self._clause_prefers(rival.entry_id, ranked[0].entry_id, hits):
            return ranked
        return _swapped(ranked, ranked[0], rival)

    def explained_first(
        self, question: str, context: str | None, ranked: list[Candidate], region: str | None, covered: frozenset[str]
    ) -> list[Candidate]:
        """`ranked` with a near-tied runner-up first when it explains every word of the question
        and the top leaves one unexplained ("…留用率要到多少，补贴才能按最低工资标准全额给": 全额 is
        the retention rule's word, not the subsidy's) — never for a region the knowledge does not cover."""
        if len(ranked) < 2 or uncovered(region, covered):
            return ranked
        rival = self.near_tied_rival(ranked)
        if rival is None:
            return ranked
        if not self._unexplained_asked(question, context, ranked[0].entry_id):
            return ranked
        if self._unexplained_asked(question, context, rival.entry_id):
            return ranked
        return _swapped(ranked, ranked[0], rival)

    def _clause_prefers(self, entry_id: str, other_id: str, hits: Sequence[ClauseHit]) -> bool:
        """Whether the best clause is one `entry_id` cites and `other_id` does not, and leads the
        other's best clause by `clause_margin`."""
        if not hits:
            return False
        mine, theirs = self.kb.entries[entry_id].cites, self.kb.entries[other_id].cites
        return hits[0].cite in mine and hits[0].cite not in theirs and self._clause_ahead(hits, theirs)

    def _clause_ahead(self, hits: Sequence[ClauseHit], cites: tuple[str, ...]) -> bool:
        """Whether the best clause leads the best of `cites` (an entry's clauses) by `clause_margin`."""
        best_of = max((h.score for h in hits if h.cite in cites), default=0.0)
        return hits[0].score - best_of >= self.policy.clause_margin

    def question_breaks_tie(
        self,
        question: str,
        audience: str | None,
        ranked: list[Candidate],
        alone: QuestionAlone | None = None,
        hits: Sequence[ClauseHit] = (),
        documents: tuple[str, ...] = (),
    ) -> list[Candidate]:
        """A near-tie between two entries that the story around the question decided: when the
        question alone clearly prefers the runner-up, the two swap places (and scores). "…新余康展
        高级技工学校… 是不是所有在校生都能参加" asks who may take part, not which school — unless
        the clause retrieval, which read the story too, clearly prefers the top, or the runner-up
        leaves the documents the user named."""
        rival = self.near_tied_rival(ranked)
        if rival is None or self._leaves_documents(ranked[0].entry_id, rival.entry_id, documents):
            return ranked
        if self._clause_prefers(ranked[0].entry_id, rival.entry_id, hits):
            return ranked
        alone = alone or QuestionAlone(self.matcher, question, audience)
        top = ranked[0]
        if alone(rival.entry_id) - alone(top.entry_id) < self.policy.question_tie_margin:
            return ranked
        return _swapped(ranked, top, rival)

    def _leaves_documents(self, top_id: str, rival_id: str, documents: tuple[str, ...]) -> bool:
        """Whether putting `rival_id` first would leave the documents the user named for an entry
        on none of them (a question going by the 1997 notice, whether opening a shop needs a
        certificate first, reads by itself like 吉林's rule on preconditions)."""
        return bool(documents) and self._rests_on(top_id, documents) and not self._rests_on(rival_id, documents)

    def _rests_on(self, entry_id: str, documents: tuple[str, ...]) -> bool:
        return any(d in documents for d in self.documents_cited(entry_id))

    def tie_broken(
        self,
        question: str,
        context: str | None,
        ranked: Sequence[Candidate],
        hits: Sequence[ClauseHit],
        region: str | None,
        covered: frozenset[str],
        alone: QuestionAlone | None = None,
    ) -> bool:
        """Whether a near-tie is broken for the top entry — by the best clause, or by the question
        itself when its story made the tie; never for a region the knowledge does not cover."""
        return (
            self.clause_breaks_tie(ranked, hits, region, covered)
            or self.shared_clause_settles_tie(ranked, hits, region, covered)
            or self.scope_breaks_tie(ranked, region)
            or (not uncovered(region, covered) and self.facet_breaks_tie(question, ranked))
            or (not uncovered(region, covered) and self.figure_breaks_tie(question, ranked))
            or self.own_rule_breaks_tie(ranked, region, covered)
            or (not uncovered(region, covered) and self.question_confirms_top(question, context, ranked, alone))
        )

    def facet_and_clause_first(
        self, question: str, ranked: list[Candidate], hits: Sequence[ClauseHit]
    ) -> list[Candidate]:
        """`ranked` with the runner-up first when, within `facet_window`, both the asking and the
        clause retrieval prefer it: it answers what the question asks and the top does not, and
        the best clause is its own and not the top's ("…招了没证的人上岗，被举报了会咋样" asks
        the labour inspection's consequence, not whether a certificate is needed)."""
        rival = self.next_other(ranked) if ranked else None
        if rival is None or ranked[0].score - rival.score >= self.policy.facet_window:
            return ranked
        asked = self.asks_facets(question)
        answers = self.answers_facets
        if not asked or asked & answers(ranked[0].entry_id) or not asked & answers(rival.entry_id):
            return ranked
        if not self._clause_prefers(rival.entry_id, ranked[0].entry_id, hits):
            return ranked
        return _swapped(ranked, ranked[0], rival)

    def facet_first(self, question: str, ranked: list[Candidate], hits: Sequence[ClauseHit] = ()) -> list[Candidate]:
        """`ranked` with a near-tied runner-up first when it answers what the question asks and the
        top does not: "…一直没考到证，事业单位会怎么处理" asks a consequence, not the probation's length.
        Not when the clause retrieval clearly prefers the top (`clause_first`): how an entry's
        phrasings are worded says less than the clause the question matches."""
        tie = self._facet_tie(question, ranked)
        if tie is None or tie.top_answers or not tie.rival_answers:
            return ranked
        if self._clause_prefers(ranked[0].entry_id, tie.rival.entry_id, hits):
            return ranked
        return _swapped(ranked, ranked[0], tie.rival)

    def figure_first(self, question: str, ranked: list[Candidate]) -> list[Candidate]:
        """`ranked` with a near-tied runner-up first when the question asks a share ("百分之几") that
        the runner-up's answer states and the top's does not: the intern's allowance, never below
        the minimum wage, states no share of it; the unit's subsidy, 60% of it, does."""
        tie = self._figure_tie(question, ranked)
        if tie is None or tie[1] or not tie[2]:
            return ranked
        return _swapped(ranked, ranked[0], tie[0])

    def figure_breaks_tie(self, question: str, ranked: Sequence[Candidate]) -> bool:
        """A near-tie the figure asked settles: the top's answer states it, the runner-up's does not."""
        tie = self._figure_tie(question, ranked)
        return tie is not None and tie[1] and not tie[2]

    def _figure_tie(self, question: str, ranked: Sequence[Candidate]) -> tuple[Candidate, bool, bool] | None:
        """The top entry's near-tied distinct runner-up, and whether each one's answer (in its own
        words) states the figure the question asks; None when it asks none or there is no near-tie."""
        rival = self.next_other(ranked) if ranked else None
        if rival is None or ranked[0].score - rival.score >= self.policy.figure_window:
            return None
        lexicon = self.kb.lexicon
        ask = quantity_asked(question, lexicon)
        if ask is None or "%" not in ask.units:  # a share asked: an answer in its own words states it or not
            return None
        states = [states_quantity(self._answer_words(c.entry_id), ask, question, lexicon) for c in (ranked[0], rival)]
        return rival, states[0], states[1]

    def facet_breaks_tie(self, question: str, ranked: Sequence[Candidate]) -> bool:
        """A near-tie the asking settles: the top answers what the question asks, the runner-up never does."""
        tie = self._facet_tie(question, ranked)
        return tie is not None and tie.top_answers and not tie.rival_answers

    def _facet_tie(self, question: str, ranked: Sequence[Candidate]) -> _FacetTie | None:
        """The top entry's near-tied distinct runner-up, and whether each answers what the question
        asks; None when it asks nothing of the kind or there is no near-tie."""
        asked = self.asks_facets(question)
        rival = self.next_other(ranked) if asked and ranked else None
        if rival is None or ranked[0].score - rival.score >= self.policy.tie_width:
            return None
        answers = self.answers_facets
        return _FacetTie(rival, bool(asked & answers(ranked[0].entry_id)), bool(asked & answers(rival.entry_id)))

    def scope_breaks_tie(self, ranked: Sequence[Candidate], region: str | None) -> bool:
        """A question naming no province, near-tied between the top entry and one holding only
        some of the top's regions (a national rule and Jilin's notice repeating it): the wider
        rule answers whoever asks."""
        if region not in (None, NATIONAL) or not ranked:
            return False
        rival = self.next_other(ranked)
        if rival is None or ranked[0].score - rival.score >= self.policy.tie_width:
            return False
        return self._entry_regions[rival.entry_id] < self._entry_regions[ranked[0].entry_id]

    def own_rule_breaks_tie(self, ranked: Sequence[Candidate], region: str | None, covered: frozenset[str]) -> bool:
        """A question naming a province the knowledge covers, near-tied between that province's
        own rule and one that is not only its own (national, or another's): the province's own
        rule answers ("浙江的认定机构归谁检查" — 浙江's supervision of its evaluation bodies, not a national rule)."""
        tied = self._own_rule_tie(ranked, region, covered)
        return tied is not None and tied[0] is ranked[0]

    def own_rule_first(self, ranked: list[Candidate], region: str | None, covered: frozenset[str]) -> list[Candidate]:
        """`ranked` with the province's own rule first when it is near-tied just behind a rule
        that is not only that province's (`own_rule_breaks_tie`)."""
        tied = self._own_rule_tie(ranked, region, covered)
        return _swapped(ranked, ranked[0], tied[0]) if tied is not None and tied[0] is not ranked[0] else ranked

    def _own_rule_tie(
        self, ranked: Sequence[Candidate], region: str | None, covered: frozenset[str]
    ) -> tuple[Candidate, Candidate] | None:
        """(the province's own rule, the other) when the top entry and its distinct runner-up are
        near-tied and exactly one of them holds only the named (covered) province's rule."""
        if region in (None, NATIONAL) or region not in covered or not ranked:
            return None
        rival = self.near_tied_rival(ranked)
        if rival is None:
            return None
        # The province's own rule: an entry quoting it (beside the national one, or alone).
        top_own = region in self._entry_regions[ranked[0].entry_id]
        rival_own = region in self._entry_regions[rival.entry_id]
        if top_own == rival_own:
            return None
        return (ranked[0], rival) if top_own else (rival, ranked[0])

    def question_confirms_top(
        self, question: str, context: str | None, ranked: Sequence[Candidate], alone: QuestionAlone | None = None
    ) -> bool:
        """A near-tie the story made (the runner-up is what the story is about) that the question
        alone settles for the top entry by `question_lead`: "…已经评上中级职称了…理论考试可以免吗"
        asks about the exemption whichever 职称 table the story names."""
        if not context or not ranked:
            return False
        rival = self.near_tied_rival(ranked)
        if rival is None:
            return False
        alone = alone or QuestionAlone(self.matcher, question, None)
        mine = alone(ranked[0].entry_id)
        return mine >= self.policy.suggest_at and mine - alone(rival.entry_id) >= self.policy.question_lead

    def _only_names(self, phrasing: str) -> frozenset[str]:
        """The documents a phrasing only names, asking nothing ("1997年劳动部推行职业资格证书的通知")."""

        def named() -> frozenset[str]:
            if self._asks(phrasing):
                return frozenset()
            return frozenset(named_documents(phrasing, self.kb, self.matcher.pipeline))

        return self._naming.get(phrasing, named)

    def _names_only_what_is_asked_of(self, question: str, phrasing: str) -> bool:
        """Whether the phrasing is written of nothing but a document's name while the question asks
        more of it ("劳动部那份老通知对考评员有啥要求"): it matches the name, not what is asked of
        the document."""
        if not self._names_of(phrasing):
            return False
        # (Whether the document still holds, when it was issued: asked of the document as a whole.)
        lexicon = self.kb.lexicon
        canon = self.matcher.pipeline.canonical(question)
        if any(w in canon for w in (*lexicon.still_holds_words, *lexicon.asks_document)):
            return False
        return self._asks_beyond(question, phrasing)

    def overview_entry(self, doc_id: str) -> str | None:
        """The one entry asked of as the document as a whole — a phrasing of it written of nothing
        but that document's name ("…的通知主要讲什么"); None when no entry or several are."""
        if doc_id not in self._overviews:  # (worked out once per document, when first asked)
            ids = {
                entry.id
                for entry in self.kb.entries.values()
                if any(c.split(":", 1)[0] == doc_id for c in entry.cites)
                and any(self._names_of(p) == {doc_id} for p in entry.questions)
            }
            self._overviews[doc_id] = next(iter(ids)) if len(ids) == 1 else None
        return self._overviews[doc_id]

    def _names_of(self, phrasing: str) -> frozenset[str]:
        """The documents a phrasing is written of nothing but the name of ("1997年劳动部推行职业资格
        证书的通知", or asking only what it says as a whole: "…的通知主要讲什么"). Remembered."""

        def names() -> frozenset[str]:
            name = phrasing
            for ask in self.kb.lexicon.document_overview_asks:
                name = name.replace(ask, "")
            named = self._only_names(name)
            return named if all(written_of_its_names(name, d, self.kb) for d in named) else frozenset()

        return self._names_only.get(phrasing, names)

    def _asks_beyond(self, question: str, phrasing: str) -> bool:
        """Whether the question holds words the knowledge knows that the phrasing lacks."""
        pipeline = self.matcher.pipeline
        vocabulary = pipeline.canonical(phrasing)
        return any(
            self._rare_and_outside(w, vocabulary) and (self.matcher.knows(w) or self.clauses.knows(w))
            for w in pipeline.words(pipeline.canonical(question))
        )

    def next_other(self, ranked: Sequence[Candidate]) -> Candidate | None:
        """The best candidate after the top one that is not the top one asked alike: the other
        side of a near-tie the tie-breakers settle. Entries giving the same policy in other words
        (`same_policy_as`) are not rival answers, but one fits the question better than the other."""
        top = ranked[0].entry_id
        return next((c for c in ranked[1:] if not self._alike(top, c.entry_id)), None)

    def near_tied_rival(self, ranked: Sequence[Candidate]) -> Candidate | None:
        """The best candidate giving a different answer than the top one, when it is within
        `tie_width` of it (a near-tie); else None."""
        rival = self.distinct_runner(list(ranked)) if ranked else None
        if rival is None or ranked[0].score - rival.score >= self.policy.tie_width:
            return None
        return rival

    def distinct_options(self, a: str, b: str) -> bool:
        """Whether two entries are two options of a did-you-mean (not the same policy, nor titles
        asking alike)."""
        kb = self.kb
        return not self.related(a, b) and fuzz.ratio(kb.entries[a].title, kb.entries[b].title) < DISTINCT_TITLES

    def neighbours(self, a: str, b: str) -> bool:
        """Two distinct options quoting one document: provisions a user may not tell apart."""
        return self.distinct_options(a, b) and self.shared_document(a, b) is not None

    def shared_document(self, a: str, b: str) -> str | None:
        """The document both entries quote — of several, the one they quote most clauses of
        (the first of `a`'s on a tie): two 先上岗 entries quoting the city's measures twice each and
        the 2017 catalogue notice once rest on the city's measures."""
        quoted_by_b = self._entry_documents(b)
        clauses = self.kb.clauses
        quoted = [clauses[c].doc_id for c in (*self.kb.entries[a].cites, *self.kb.entries[b].cites)]
        shared = [d for d in dict.fromkeys(clauses[c].doc_id for c in self.kb.entries[a].cites) if d in quoted_by_b]
        return max(shared, key=quoted.count) if shared else None

    def pair_explains(self, question: str, context: str | None, first: str, second: str) -> bool:
        """Whether every word asked is explained by one of two entries answered together."""
        unexplained = self._unexplained_asked(question, context, first)
        return not unexplained or not set(unexplained) & set(self._unexplained_asked(question, context, second))

    def topic_words(self, text: str, entry_id: str) -> list[str]:
        """The words of `text` that many entries on the documents `entry_id` rests on speak of
        (`topic_share`): what
        a question answered by that entry shares with its neighbours is what it is about (评价机构,
        职业资格), what sets it apart is what it asks (举报, 清单)."""
        documents = self._entry_documents(entry_id)
        texts = self._texts_on(documents)
        pipeline = self.matcher.pipeline
        canonical = pipeline.canonical(text)
        words = dict.fromkeys(w for w in pipeline.words(canonical) if len(w) >= 2 and not w.isdigit())
        share = self.policy.topic_share * len(texts)
        # (counted once per documents and word: at scale a document has thousands of entries)
        topic = [w for w in words if self._entries_speaking(documents, w, texts) > share]
        # 机构 again beside 评价机构 names nothing more; 职业 next to 资格 is one name, 职业资格.
        topic = [w for w in topic if not any(w != other and w in other for other in topic)]
        joined = topic[:1]
        for word in topic[1:]:
            if f"{joined[-1]}{word}" in canonical:
                joined[-1] += word
            else:
                joined.append(word)
        return joined

    def documents_cited(self, entry_id: str) -> tuple[str, ...]:
        """The documents an entry's cited clauses belong to, in the order it cites them (remembered)."""
        found = self._documents_cited.get(entry_id)
        if found is None:
            found = tuple(dict.fromkeys(self.kb.clauses[c].doc_id for c in self.kb.entries[entry_id].cites))
            self._documents_cited[entry_id] = found
        return found

    def _entry_documents(self, entry_id: str) -> frozenset[str]:
        found = self._documents_of.get(entry_id)
        if found is None:
            found = self._documents_of[entry_id] = frozenset(self.documents_cited(entry_id))
        return found

    def _entries_speaking(self, documents: frozenset[str], word: str, texts: tuple[str, ...]) -> int:
        """How many of the entries on `documents` (their own words, `texts`) speak of `word`."""
        return self._speaking.get((documents, word), lambda: sum(word in text for text in texts))

    def _texts_on(self, documents: frozenset[str]) -> tuple[str, ...]:
        """The own words (`speaks_to`) of every entry resting on one of `documents`, kept per set
        of documents (a handful: the documents an answer rests on)."""
        texts = self._on_documents.get(documents)
        if texts is None:
            texts = tuple(
                self._own_words.get(e) or self._own_text(e)
                for e in self.kb.entries
                if self._entry_documents(e) & documents
            )
            self._on_documents[documents] = texts
        return texts

    def close_pair(
        self,
        question: str,
        context: str | None,
        options: Sequence[Candidate],
        asked: str | None,
        covered: frozenset[str],
        alone: QuestionAlone | None = None,
    ) -> tuple[Resolution, Resolution] | None:
        """The first two distinct options of an unsure question, each as an entry answer, when
        they are neighbours scoring high and close (`pair_at`, `pair_within`) and together explain
        every word asked — never for a place the knowledge does not cover (only a clear winner
        answers there), nor when only the story chose one of them (the question by itself scores
        it below `story_only_at`), nor for a question naming nothing their document is about
        (`topic_words`: "报名要啥条件" is not two 见习 rules at once)."""
        if not options or uncovered(asked, covered) or self.names_uncovered(question, covered):
            return None
        first = options[0]
        second = next((c for c in options[1:] if self.distinct_options(first.entry_id, c.entry_id)), None)
        policy = self.policy
        if (
            second is None
            or max(first.score, second.score) < policy.pair_at
            or abs(first.score - second.score) > policy.pair_within
            or not self.neighbours(first.entry_id, second.entry_id)
            or not self.pair_explains(question, context, first.entry_id, second.entry_id)
            # ("报名要啥条件" names nothing the pair's document is about: not two 见习 rules at once)
            or not self.topic_words(f"{question} {context or ''}", first.entry_id)
            or (
                context
                and alone is not None
                and min(alone(first.entry_id), alone(second.entry_id)) < policy.story_only_at
            )
        ):
            return None

        def answer(c: Candidate) -> Resolution:
            regions = self._entry_regions[c.entry_id]
            off = asked if not self.region_fits(regions, asked) else None
            general_for = self._general_for(asked, covered, regions)
            return Resolution("entry", question, c.entry_id, c.score, asked_region=off, general_for=general_for)

        return answer(first), answer(second)

    def distinct_runner(self, ranked: list[Candidate]) -> Candidate | None:
        """The best candidate that would give a different answer than the top one."""
        top = ranked[0].entry_id
        return next((c for c in ranked[1:] if not self.related(top, c.entry_id)), None)

    def _broadest_alike(self, best: Candidate, ranked: Sequence[Candidate]) -> Candidate:
        """For a question naming no region, of the entries giving the same policy as `best`
        (bot.resolve.related) the one covering more regions: "取消的证还算数吗" asked by anyone
        gets every region's rule, not Jilin's alone."""
        regions = self._entry_regions[best.entry_id]
        wider = [
            c
            for c in ranked[1:]
            if self._entry_regions[c.entry_id] > regions and self.related(best.entry_id, c.entry_id)
        ]
        if not wider:
            return best
        chosen = max(wider, key=lambda c: (len(self._entry_regions[c.entry_id]), c.score))
        return replace(chosen, score=best.score)

    def _supplement(
        self, entry_id: str, hits: list[ClauseHit], row_cites: frozenset[str] = frozenset()
    ) -> tuple[ClauseHit, ...]:
        """Clauses holding a detail the entry lacks: one the clause retrieval clearly prefers to
        the entry's own, and the row the user named of a list the entry quotes only as a whole
        (中级职称 of "取得助理级…中级…高级职称，可申请参加…": the entry answers for every level)."""
        cites = set(self.kb.entries[entry_id].cites)
        own = max((h.score for h in hits if h.cite in cites), default=0.0)
        policy = self.policy
        clauses = self.kb.clauses
        # (of the documents the entry rests on: a clause of another, on another matter, that happens
        # to share the question's words — "…要几年考核合格" and the 先上岗 lawyers' 考核合格 — adds no detail)
        docs = {clauses[c].doc_id for c in cites if c in clauses}
        extra = [
            h
            for h in hits[:3]
            if h.cite not in cites
            and h.score >= policy.supplement_at
            and h.score >= own + policy.supplement_lead
            and clauses[h.cite].doc_id in docs
        ]
        rows = [
            ClauseHit(c, own, 1.0)
            for c in sorted(row_cites)
            if c not in cites and f"{clauses[c].doc_id}:{clauses[c].parent}" in cites
        ]
        return (*extra[:1], *rows[:1])

    def names_uncovered(self, text: str, covered: frozenset[str]) -> bool:
        """Whether the text names a province (or a city of one) the knowledge does not cover."""
        lexicon = self.kb.lexicon
        pattern = lexicon.region_pattern
        return pattern is not None and any(
            uncovered(lexicon.region_words[m.group()], covered) for m in pattern.finditer(fold(text))
        )

    @staticmethod
    def _general_for(asked: str | None, covered: frozenset[str], regions: frozenset[str]) -> str | None:
        """`asked`, when it is a province the knowledge holds nothing of and the rules that answer
        are all national ones: they hold there, but its own rules may add to them."""
        return asked if uncovered(asked, covered) and regions == {NATIONAL} else None

    def entry_fits_region(self, entry_id: str, region: str | None) -> bool:
        """Whether an entry's rules hold in `region` (its own, or national ones)."""
        return entry_id in self._entry_regions and self.region_fits(self._entry_regions[entry_id], region)

    def region_fits(self, regions: frozenset[str], asked: str | None) -> bool:
        if not asked or asked == NATIONAL:
            return True
        return asked in regions or any(r in ANYWHERE for r in regions)

    def resolve(
        self,
        question: str,
        context: str | None,
        audience: str | None,
        region: str | None,
        covered: frozenset[str],
        documents: tuple[str, ...] = (),
        insist_on: tuple[str, ...] = (),
    ) -> Resolution:
        """Decide for `question` read with `context`; `region` is the one the user named and
        `documents` the ones they named (their entries and clauses come first); `insist_on`
        the values a follow-up switched to (bot.core), which the answer must speak to.

        Remembered (bounded): reading one message resolves the same part several times —
        alone, with its story, again to render it. (No story and an empty one read alike.)"""
        return self._remembered(question, context or None, audience, region, covered, documents, insist_on)

    def forget(self) -> None:
        """Drop remembered resolutions and scores (benchmarks time each question as new)."""
        self._remembered.cache_clear()
        self._ignored_words.clear()
        self._told.clear()
        self._asked.clear()
        self._ways_asked.clear()
        self._unexplained.clear()
        self.clauses.forget()
        self._rows_named.clear()
        self.matcher.forget()

    def _resolve(
        self,
        question: str,
        context: str | None,
        audience: str | None,
        region: str | None,
        covered: frozenset[str],
        documents: tuple[str, ...],
        insist_on: tuple[str, ...],
    ) -> Resolution:
        ranked, hits, foreign_best = self.rank(question, context, audience, region, covered, documents, insist_on)
        alone = QuestionAlone(self.matcher, question, audience)
        ranked = self.clause_first(ranked, hits, region, covered)
        ranked = self.explained_first(question, context, ranked, region, covered)
        ranked = self.facet_first(question, ranked, hits)
        ranked = self.facet_and_clause_first(question, ranked, hits)
        asked_way = self.directions(f"{context} {question}") if context else None
        if context and ranked:
            ranked = self.question_breaks_tie(question, audience, ranked, alone, hits, documents)
            rival = self.question_rival(question, ranked, alone, asked_way)
            if rival is not None and not self._leaves_documents(ranked[0].entry_id, rival.entry_id, documents):
                # The story's choice is set aside; the entry the question asks for stands on its own
                # score (inheriting the story's would make a guess look sure: calibration showed it).
                ranked = [rival, *(c for c in ranked[1:] if c is not rival)]
        ranked = self.figure_first(question, ranked)  # (after the wording's choices: a figure outweighs them)
        traits_made = self.traits_made(question, ranked)
        res = self._decide(
            question, context, ranked, hits, foreign_best, region, covered, alone, traits_made, documents
        )
        row_cites, tables = self.named_rows(f"{question} {context or ''}")
        res = replace(res, candidates_all=tuple(ranked), clauses_all=tuple(hits), tables=tables)
        # The bonuses an entry's score may gain over the question's own match (clause and row evidence):
        # below this, the question alone cannot reach `story_free_at`, and is not resolved again.
        reachable = self.policy.story_free_at - self.policy.clause_evidence - self.policy.row_evidence
        if (
            asked_way is not None
            and ranked
            and not res.confident
            and alone(ranked[0].entry_id) >= reachable
            and not self.runs_the_other_way(asked_way, ranked[0].entry_id)
        ):
            # A long story dilutes the question's score without changing its answer: when the
            # question by itself is answered with the very entry the story-read question leans
            # to, that is the answer (the story only confirmed it) — not when the story holds what
            # that entry seeks ("中级职称拿到手多年 … 能报哪一级"): it did change the answer.
            bare = self.resolve(question, None, audience, region, covered, documents, insist_on)
            if (
                bare.decision == "entry"
                and bare.entry_id == ranked[0].entry_id
                and (
                    (
                        bare.score >= self.policy.story_free_at
                        and not self._story_asks_another(bare, context or "", audience, region, covered)
                    )
                    or self._only_background(bare, res, context or "", audience, region, covered)
                )
            ):
                return self._with_story_rows(bare, res.tables, row_cites)
        if traits_made and not res.confident:
            # Who the asker is chose an entry the question does not ask for ("…有中级职称…考技师，
            # 理论那门能免不"): the question by itself, sure of an entry the whole message also
            # leans to, is the answer.
            bare = self.resolve(self.without_traits(question), None, audience, region, covered, documents)
            if bare.decision == "entry" and bare.entry_id in {c.entry_id for c in ranked[:3]}:
                return self._with_story_rows(bare, res.tables, row_cites)
        return res

    def _only_background(
        self,
        bare: Resolution,
        res: Resolution,
        context: str,
        audience: str | None,
        region: str | None,
        covered: frozenset[str],
    ) -> bool:
        """Whether the story only diluted a question the question by itself answers, below
        `story_free_at`: read with the story, the question still suggests that entry (unsure, not
        declined: nothing in the message was found the knowledge cannot answer); both retrievals
        agree on it by itself; and the story by itself asks for no other entry (its best scores
        below `suggest_at`) — who the asker is and what happened, not a topic of its own. A story
        that asks for another entry, or a message read as nothing the knowledge answers, keeps
        the question unsure: its words may be what the question is really about."""
        if res.decision != "ambiguous" or bare.entry_id is None or not self.agrees(bare.entry_id, bare.clauses_all):
            return False
        told = self.resolve(context, None, audience, region, covered).candidates_all
        return not told or told[0].entry_id == bare.entry_id or told[0].score < self.policy.suggest_at

    def _story_asks_another(
        self, bare: Resolution, context: str, audience: str | None, region: str | None, covered: frozenset[str]
    ) -> bool:
        """Whether the story by itself is as sure of another entry as the question by itself must
        be of its own (`story_free_at`): then the story says what the question asks about, and a
        question naming little ("厂里打算收几个见习生。得具备哪些条件") is not answered with
        whatever its few words match best (the conditions for setting up an evaluation body)."""
        told = self.resolve(context, None, audience, region, covered)
        return told.decision == "entry" and told.entry_id != bare.entry_id and told.score >= self.policy.story_free_at

    def _with_story_rows(self, bare: Resolution, tables: tuple[str, ...], row_cites: frozenset[str]) -> Resolution:
        """The question read by itself, answered as the message: the rule tables and rows its story
        names still count (a level told in the story is the row of the entry's list it is about)."""
        if bare.entry_id is None:
            return replace(bare, tables=tables)
        return replace(
            bare, tables=tables, supplement=self._supplement(bare.entry_id, list(bare.clauses_all), row_cites)
        )

    def tables_citing(self, cites: tuple[str, ...]) -> tuple[str, ...]:
        """Rule tables with a row resting on one of these clauses (a dialog that reads them can
        check the user's own case)."""
        return tuple(sorted({t for c in cites for t in self._tables_by_cite.get(c, ())}))

    def focused_row(self, question: str, entry_id: str) -> str | None:
        """The clause of the one rule-table row the question names among several rows of that
        table the entry quotes ("取得正高级职称…能参加什么技能评价" of the whole 职称 → level
        list): the asker's own row, to be marked. None when it names none or several."""
        cites = set(self.kb.entries[entry_id].cites)
        quoted: dict[str, set[str]] = {}
        for _, table, cite in self._row_labels:
            if cite in cites:
                quoted.setdefault(table, set()).add(cite)
        named = self.named_rows(question)[0] - self._lacked_rows(question)
        focused = {
            c
            for table, rows in quoted.items()
            if len(rows) >= MIN_ROWS_TO_FOCUS
            for c in rows & named
            if self._row_shares.get((table, c), 1.0) < MAX_ROW_SHARE  # a clause listing most of the table
        }
        return next(iter(focused)) if len(focused) == 1 else None

    def _lacked_rows(self, question: str) -> set[str]:
        """The rows whose label the question names only as what the asker lacks ("没有高级工以上等级的
        人能评吗"): not the asker's own row."""
        canon = self._canonical_values_text(question)
        lacking = self.kb.lexicon.lacking_words
        lacked: set[str] = set()
        for label, _, cite in self._row_labels:
            starts = [m.start() for m in re.finditer(re.escape(label), canon)]
            if starts and all(canon[:at].endswith(lacking) for at in starts):
                lacked.add(cite)
        return lacked

    def named_rows(self, text: str) -> tuple[frozenset[str], tuple[str, ...]]:
        """(cites, table ids) of the rule-table rows whose label the text names — a level, an
        honour, a group (世界技能大赛银牌 → the direct-honours row for 副高级职称). Remembered
        (bounded): each resolution of a message asks it twice."""

        def rows() -> tuple[frozenset[str], tuple[str, ...]]:
            cites, tables = self._named_rows(text)
            return frozenset(cites), tables

        return self._rows_named.get(text, rows)

    def _named_rows(self, text: str) -> tuple[set[str], tuple[str, ...]]:
        canon = self._canonical_values_text(text)
        cites: set[str] = set()
        tables: list[str] = []
        found: list[str] = []
        for label, table, cite in self._row_labels:  # longest first: 高级技师 before 技师
            if found and len(label) < len(found[-1]):
                # A label found is taken out of the text (技师 is not met again inside 高级技师),
                # but only once every table naming it has had it: 中级职称 is a rank in one table
                # and the key to the skill level it leads to in another.
                for text in found:
                    canon = canon.replace(text, " ")
                found = []
            if label in canon:
                found.append(label)
                cites.add(cite)
                tables.append(table)
        return cites, tuple(dict.fromkeys(tables))

    def rank(
        self,
        question: str,
        context: str | None,
        audience: str | None,
        region: str | None,
        covered: frozenset[str],
        documents: tuple[str, ...] = (),
        insist_on: tuple[str, ...] = (),
    ) -> tuple[list[Candidate], list[ClauseHit], Candidate | None]:
        """Entries (with clause evidence and region fit) and clauses, best first, and the best
        entry held back because it holds only another region's rule."""
        policy = self.policy
        _, ranked = self.matcher.score_all(question, audience, limit=12, context=context)
        hits = self.clauses.search(question, context, limit=8)
        best_clause = {h.cite: h.score for h in hits}
        row_cites = self.named_rows(f"{question} {context or ''}")[0]
        asked_facets = self.asks_facets(question)
        asks_permission = self.asks_permission(question)
        # Documents the story names but not the question: "照劳动部那份97年的通知，出国劳务的证书
        # 怎么办" asks about what the document says, not about the document.
        told_documents = (
            frozenset(documents) - set(named_documents(question, self.kb, self.matcher.pipeline))
            if documents and context
            else frozenset()
        )
        # A figure the user tells ("连着6天没来", "上了8个工作日") is what a rule stating one turns on.
        told, manners = self._told_figures(f"{question} {context or ''}")
        asked_way = self.directions(f"{context or ''} {question}")
        rescored: list[Candidate] = []
        foreign_best: Candidate | None = None
        for cand in ranked:
            evidence = max((best_clause.get(c, 0.0) for c in self.kb.entries[cand.entry_id].cites), default=0.0)
            score = cand.score + policy.clause_evidence * evidence  # uncapped: ties at 1.0 hide a better fit
            if row_cites and row_cites & set(self.kb.entries[cand.entry_id].cites):
                score += policy.row_evidence
            score += self.told_evidence(told, cand.entry_id, manners)
            if (asked_way[0] or asked_way[1]) and self.runs_the_other_way(asked_way, cand.entry_id):
                score *= (
                    policy.reversed_factor if self.runs_reversed(asked_way, cand.entry_id) else policy.other_way_factor
                )
            if documents and not self._rests_on(cand.entry_id, documents):
                score *= policy.other_document_factor
            elif self._names_only_what_is_asked_of(question, cand.phrasing):
                score *= policy.asked_of_name_factor
            elif told_documents and self._only_names(cand.phrasing) & told_documents:
                score *= policy.name_only_factor
            # What the question asks (when, conditions…) against what the entry answers.
            # It settles between entries the words already found: a weak match gains only when the
            # entry explains every word of the question ("公务员考试什么时候报名" is not asking an exam plan).
            answers = self.answers_facets(cand.entry_id) if asked_facets else frozenset()
            if asked_facets & answers:
                if score >= policy.suggest_at or not self.unexplained(question, cand.entry_id):
                    score += policy.facet_match_bonus
            elif asked_facets and answers:
                score *= policy.facet_mismatch_factor
            if asks_permission and self.states_rule(cand.entry_id):
                score += policy.rule_bonus
            regions = self._entry_regions[cand.entry_id]
            if not self.region_fits(regions, region):
                if foreign_best is None or score > foreign_best.score:
                    foreign_best = replace(cand, score=round(score, 4))
                if region not in covered:
                    continue  # never answer 四川 from 山西's rule
                score *= policy.foreign_region_factor
            rescored.append(Candidate(cand.entry_id, round(score, 4), cand.phrasing, cand.coverage))
        if insist_on:  # "那兽医专业的呢": entries that speak of 兽医 come before those that do not
            factors = self._insisted_factors([c.entry_id for c in rescored], insist_on)
            rescored = [
                c if factors[c.entry_id] == 1.0 else replace(c, score=round(c.score * factors[c.entry_id], 4))
                for c in rescored
            ]
        rescored.sort(key=lambda c: (-c.score, c.entry_id))
        hits = [h for h in hits if self.region_fits(self.regions_of((h.cite,)), region) or region in covered]
        if documents:
            named = [h for h in self.clauses.search(question, context, limit=8, documents=documents)]
            hits = sorted(
                {h.cite: h for h in (*hits, *named)}.values(),
                key=lambda h: (
                    -h.score * (1.0 if h.cite.split(":", 1)[0] in documents else policy.other_document_factor)
                ),
            )
        return rescored, hits, foreign_best

    def _decide(
        self,
        question: str,
        context: str | None,
        rescored: list[Candidate],
        hits: list[ClauseHit],
        foreign_best: Candidate | None,
        region: str | None,
        covered: frozenset[str],
        alone: QuestionAlone | None = None,
        traits_made: bool = False,
        documents: tuple[str, ...] = (),
    ) -> Resolution:
        policy = self.policy
        asked = region if region and region != NATIONAL else None

        if rescored and asked is not None and foreign_best is not None:
            # A province (covered or not) asked about something only another province's rule
            # speaks to ("江西的社会培训评价组织备案要什么条件" — only 浙江 has such a rule; "广东的评价
            # 机构归哪个部门管"): a general rule scoring well below that one is no answer; say what is
            # nearest instead.
            best = rescored[0]
            near = [c for c in rescored[:5] if c.score >= best.score - policy.suggest_window]
            # the province's own rules, each one worth suggesting (a faint one the window reaches only
            # because the other province's rule is discounted speaks to nothing asked)
            own = [c for c in near if asked in self._entry_regions[c.entry_id] and c.score >= policy.suggest_at]
            if not own and foreign_best.score - best.score >= policy.foreign_lead:
                nearest = self.documents_cited(foreign_best.entry_id)
                return Resolution(
                    "declined",
                    question,
                    None,
                    foreign_best.score,
                    (foreign_best,),
                    (),
                    asked,
                    nearest,
                    other_region_first=True,
                )
        if rescored:
            rescored = self.own_rule_first(rescored, region, covered)
            best = rescored[0]
            # Asked whether a province the knowledge holds nothing of changed or carried out a rule
            # in its own way, neither a national rule nor an unnamed city's (某市) answers it.
            local = asked if uncovered(asked, covered) else None
            if (
                local
                and best.score >= policy.suggest_at
                and any(w in fold(f"{question} {context or ''}") for w in self.kb.lexicon.asks_local_change)
            ):
                # "广东…延长到哪一年了": what a province without documents here did with a rule is
                # unknown; the rule nearest to it is shown, not given as the answer.
                return Resolution("declined", question, None, best.score, (best,), general_for=local)
            runner = self.distinct_runner_up(rescored)
            agree = self.agrees(best.entry_id, hits)
            tie_broken = self.tie_broken(question, context, rescored, hits, region, covered, alone)
            # Agreement earns an answer less score and margin — not for a region the knowledge
            # does not cover, where only a clear winner may answer.
            outside = uncovered(region, covered)
            # … nor when the question also names a place the knowledge does not cover ("…从杭州转到
            # 南京…" is about 江苏 too): agreement on 浙江's rule does not make up for what is unknown.
            eased = agree and not outside and not self.names_uncovered(question, covered)
            needed = policy.answer_at if eased else policy.alone_at
            # A strong match that both retrievals agree on is not undone by one stray word (看病, 帮忙).
            # (Not a way asked that the answer does not tell: the match is strong on what is asked about.)
            explained = (
                agree
                and best.score >= policy.sure_unexplained_at
                and not self.way_untold(question, best.entry_id)
                and not self._siblings_unnamed(question, self._vocabulary(best.entry_id)[0])
            ) or not self._unexplained_asked(question, context, best.entry_id)
            # A word naming what another document is about (见习 of 就业见习) that the best entry's own
            # documents never use: it answers a different measure than the one asked about.
            explained = explained and not self.names_another_documents_topic(question, best.entry_id)
            # The story around a question chose the entry, and the question itself goes unanswered.
            story_made = traits_made or (bool(context) and self.story_made(question, rescored, alone, documents))
            # Read with a story, the story's words may choose an entry the question does not ask about …
            # … but an entry both retrievals agree on, clearly ahead, holds against a runner-up
            # that only answers the kind of thing asked ("…能报吗" asking conditions).
            held = agree and best.score - runner >= policy.facet_held_lead
            explained = (
                explained and not story_made and not (context and not held and self.facet_unmet(question, rescored))
            )
            margin = policy.uncovered_margin if outside else policy.agree_margin if eased else policy.margin
            # A long story dilutes the score of a question it does not change: an entry far
            # ahead of any other answer, every word explained, is the answer from a lower score.
            diluted = (
                bool(context)
                and agree
                and not outside
                and best.score >= policy.diluted_at
                and best.score - runner >= policy.diluted_margin
            )
            # Two retrievals agreeing on an entry well ahead of the rest answer from a lower score
            # (never for a question naming a place not covered: it is not `eased`).
            agreed = eased and best.score >= policy.agreed_at and best.score - runner >= policy.agreed_margin
            if (
                explained
                and (best.score >= needed or diluted or agreed)
                and (best.score - runner >= margin or best.score >= policy.sure_at or tie_broken)
            ):
                if asked is None:
                    best = self._broadest_alike(best, rescored)
                off = asked if not self.region_fits(self._entry_regions[best.entry_id], asked) else None
                return Resolution(
                    "entry",
                    question,
                    best.entry_id,
                    best.score,
                    tuple(rescored),
                    tuple(hits),
                    off,
                    supplement=self._supplement(best.entry_id, hits, self.named_rows(f"{question} {context or ''}")[0]),
                    general_for=self._general_for(asked, covered, self._entry_regions[best.entry_id]),
                )
        if hits:
            top = hits[0]
            second = hits[1].score if len(hits) > 1 else 0.0
            # (Not a clause neither of two entries well ahead of it quotes: "浙江技师能评什么职称",
            # near-tied between the 技师 rule and the table of every level, is not asked of the
            # clause on how firms treat 技师, however well its words match.)
            outranked = (
                len(rescored) > 1
                and rescored[1].score >= top.score + policy.clause_outranked_by
                and not any(top.cite in self.kb.entries[c.entry_id].cites for c in rescored[:2])
            )
            if (
                clause_sure(top.score, second, policy)
                and not outranked
                and not self.unexplained(question, None, (top.cite,))
                and self.names_a_topic(f"{question} {context or ''}")
            ):
                chosen = (top,)
                regions = self.regions_of((top.cite,))
                return Resolution(
                    "clauses",
                    question,
                    None,
                    top.score,
                    tuple(rescored),
                    chosen,
                    asked if not self.region_fits(regions, asked) else None,
                    general_for=self._general_for(asked, covered, regions),
                )
        # (Unsure between rules that hold there too — national ones — ahead of the other
        # province's: what is in doubt is which of them, not whether the province has a rule.)
        if (
            uncovered(region, covered)
            and foreign_best is not None
            and foreign_best.score >= policy.suggest_at
            and (not rescored or foreign_best.score >= rescored[0].score)
        ):
            nearest = self.documents_cited(foreign_best.entry_id)
            return Resolution("declined", question, None, foreign_best.score, (foreign_best,), (), region, nearest)
        if rescored and rescored[0].score >= policy.suggest_at:
            best = rescored[0]
            window = [c for c in rescored if c.score >= max(policy.suggest_at, best.score - policy.suggest_window)]
            if len(window) < 2 and len(rescored) > 1 and rescored[1].score >= 0.2:
                window = rescored[:2]
            made = traits_made or (bool(context) and self.story_made(question, rescored, alone, documents))
            if made:
                # What the story (or the asker's traits) chose is in doubt: what the question by
                # itself asks for is offered first.
                preferred = QuestionAlone(self.matcher, self.without_traits(question), None).best()
                first = next((c for c in rescored if c.entry_id == preferred), None)
                if first is not None:
                    window = [first, *(c for c in window if c is not first)]
            pair = None if made else self.close_pair(question, context, window, asked, covered, alone)
            return Resolution(
                "ambiguous", question, None, best.score, tuple(window[:4]), tuple(hits), story_made=made, pair=pair
            )
        return Resolution(
            "declined", question, None, rescored[0].score if rescored else 0.0, tuple(rescored[:3]), tuple(hits)
        )


_PLACE_SUFFIXES = ("里", "上", "中", "内", "外", "下", "边", "头")


@dataclass(frozen=True)
class _FacetTie:
    rival: Candidate  # near-tied with the top entry
    top_answers: bool  # the top entry answers what the question asks (a consequence, a procedure…)
    rival_answers: bool


class QuestionAlone:
    """Scores of entries for the question by itself (without the story). Its whole ranking is
    worked out on first use: the matcher remembers it, and a message's part is often resolved by
    itself right after it was with its story. An entry that ranking leaves out (its phrasings
    pruned: Matcher._best_phrasings) is scored on demand."""

    def __init__(self, matcher: Matcher, question: str, audience: str | None):
        self._matcher, self._question, self._audience = matcher, question, audience
        self._scores: dict[str, float] | None = None
        self._best: str | None = None

    def best(self) -> str | None:
        """The entry the question by itself scores highest of all."""
        if self._best is None:
            ranked = self._matcher.score_all(self._question, self._audience, limit=1)[1]
            self._best = ranked[0].entry_id if ranked else ""
        return self._best or None

    def __call__(self, entry_id: str) -> float:
        if self._scores is None:
            ranked = self._matcher.score_all(self._question, self._audience, limit=sys.maxsize)[1]  # every entry
            self._scores = {c.entry_id: c.score for c in ranked}
        if entry_id not in self._scores:
            self._scores[entry_id] = self._matcher.score_entries(self._question, (entry_id,), self._audience).get(
                entry_id, 0.0
            )
        return self._scores[entry_id]


def _longest_first(text: str, values: Sequence[str]) -> tuple[str, ...]:
    """The `values` (given longest first) that `text` names, each found taken out of the text:
    高级技师 is not also 技师."""
    named = []
    for value in values:
        if value in text:
            named.append(value)
            text = text.replace(value, " ")
    return tuple(named)


def _swapped(ranked: list[Candidate], top: Candidate, rival: Candidate) -> list[Candidate]:
    """`ranked` with two candidates trading places and scores."""
    swapped = {top.entry_id: replace(rival, score=top.score), rival.entry_id: replace(top, score=rival.score)}
    return [swapped.get(c.entry_id, c) for c in ranked]


def clause_sure(score: float, runner: float, policy: ResolvePolicy) -> bool:
    """Whether the best clause answers by itself: a good score ahead of the next clause, or a
    fair one far ahead of it."""
    lead = score - runner
    return (score >= policy.clause_at and lead >= policy.clause_margin) or (
        score >= policy.clause_clear_at and lead >= policy.clause_clear_margin
    )


def uncovered(region: str | None, covered: frozenset[str]) -> bool:
    """Whether the user named a province the knowledge base does not cover."""
    return bool(region) and region != NATIONAL and region not in covered


def _without_place(word: str) -> str:
    """A word with its trailing 里/上/中 … (厂里 → 厂): the place of something says nothing new."""
    return word[:-1] if len(word) >= 2 and word.endswith(_PLACE_SUFFIXES) else word


_ASPECT_PARTICLES = ("了", "过", "着")


def _without_aspect(word: str) -> str:
    """A word without the aspect particle it ends in (亏了 → 亏, 考过 → 考): that something happened
    says nothing new of what it is."""
    return word[:-1] if len(word) >= 2 and word.endswith(_ASPECT_PARTICLES) else word


def _without_passive(word: str) -> str:
    """A word without the passive 被 it starts with (被评 → 评, 被查 → 查): that it is done to
    someone says nothing new of what is done."""
    return word[1:] if len(word) >= 2 and word.startswith("被") else word


_ASIDE = re.compile(r"^(.*?)[（(]([^（）()]+)[）)](.*)$")


def _without_aside(label: str) -> tuple[str, ...]:
    """A label's spellings: "高级（副高级）职称" reads "高级职称" or, the aside for the word
    before it, "副高级职称". A label without an aside, or ending in one (a unit, "补贴（元/人）"),
    is itself."""
    found = _ASIDE.match(label)
    if found is None or not found.group(3):
        return (label,)
    before, aside, after = found.groups()
    return (f"{before}{after}", f"{aside}{after}")


def _row_labels(kb: KnowledgeBase, matcher: Matcher) -> list[tuple[str, str, str]]:
    """(canonical label, table id, cite) of every rule-table row with a label, longest first.
    A label "世界技能大赛银牌或铜牌" is also found as "世界技能大赛铜牌", and "高级（副高级）职称"
    as "高级职称" and "副高级职称"."""
    labels: list[tuple[str, str, str]] = []
    for table in kb.rules.tables.values():
        for key in table.row_keys():
            row = table.any_row(key)
            label = row.values.get("label") if row else None
            if row is None or not isinstance(label, str):
                continue
            for spelled in _without_aside(label):
                first, *others = (matcher.pipeline.canonical(p) for p in spelled.split("或"))
                variants = [first] + [first[: max(0, len(first) - len(o))] + o for o in others]
                labels += [(v, table.id, row.cite) for v in variants if len(v) >= 2]
    return sorted(labels, key=lambda item: -len(item[0]))
