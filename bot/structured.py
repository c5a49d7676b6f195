"""Answers from the knowledge's structure rather than its prose: which document a user names,
a document's own metadata, and a table's 责任单位 column.

"赣人社规〔2022〕7号是什么时候印发的" asks about the document, not about a clause in it;
"律师实习那条是哪个部门负责的" asks for the responsible unit the source table lists beside
the measure. Both are facts the knowledge holds as data (document fields, `responsible`),
so the answer states them from there, never from a guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from bot.kb.lexicon import Lexicon
from bot.kb.model import Annex, Document, KnowledgeBase, nested_title
from bot.kb.normalise import fold, strip_to_words
from bot.reply import format_date
from bot.text import TextPipeline

# How much of an unheld annex's title a question must contain to name it (its character pairs),
# and how much when it also says what kind of thing the annex is (清单, 对应关系表) or asks
# for its items one by one (列一下).
ANNEX_TITLE_SHARE = 0.6
CORE_TITLE_LENGTH = 10  # a title's core this long names its document by itself
_TITLE_HEAD = re.compile(r"^.*?关于(?:进一步)?")
_INTERPRETATION_TAIL = re.compile(r"(?:政策)?解读$")
_TITLE_TAIL = re.compile(r"(?:相关)?(?:工作)?的?(?:通知|意见|实施意见|实施办法|办法|决定|规定)$")
WRITTEN_TITLE_LENGTH = 6  # a title (and a text) this long at least may be written out without 《》
DESCRIPTION_CHARS = 4  # a document described in its title's words (`_described_document`): at least this long
DESCRIBED_SHARE = 0.85  # … this share of its characters in the title, in order
DESCRIBED_LEAD = 2.0  # … matching this many characters more than any other document's title
TITLE_WRITTEN_SCORE = 88  # how closely a title written out without 《》 must match to name its document
HEAD_REACH = 3  # how many words of a longer title's head a title written out may be preceded by
POINTER_REACH = 6  # how far before such a title a pointer (根据, 那个) may stand: past a province (根据浙江省…)
ANNEX_TITLE_SHARE_WITH_KIND = 0.4
_NUMBER_HAO = re.compile(r"(\d{1,4})号")
_NUMBER_HAO_TEXT = re.compile(r"(\d{1,4})号(?:文件|文)?")  # "258号文": a document named by its number
_YEAR = re.compile(r"(?:〔|\[|\(|（)?((?:19|20)?\d{2})(?:〕|\]|\)|）|年)")


def _doc_number(doc_no: str) -> tuple[str, str] | None:
    """(year, number) of a 文号 such as 浙人社发〔2017〕146号."""
    found = re.search(r"〔(\d{4})〕(\d+)号", doc_no)
    return (found.group(1), found.group(2)) if found else None


@dataclass(frozen=True)
class _DocumentKey:
    doc_id: str
    number: tuple[str, str] | None  # (year, number) of its 文号
    year: str | None  # the year it was issued
    titles: tuple[str, ...]  # title and short title, folded to words
    issuer: str  # issuer, folded to words


_FORWARDED_TITLE = re.compile(r"转发[《〈<]")
_KEYS: dict[str, tuple[_DocumentKey, ...]] = {}  # per knowledge version: folding titles costs


@dataclass(frozen=True)
class _WrittenTitles:
    """The titles long enough to be written out (`named_documents`), each with the place of its
    document's key, and how often each character occurs in each (a row per title)."""

    titles: tuple[str, ...]
    places: tuple[int, ...]
    columns: dict[str, int]  # character: its column in `counts`
    counts: np.ndarray
    lengths: np.ndarray

    @classmethod
    def of(cls, written: list[tuple[str, int]]) -> _WrittenTitles:
        columns: dict[str, int] = {}
        for title, _ in written:
            for ch in title:
                columns.setdefault(ch, len(columns))
        counts = np.zeros((len(written), len(columns)), dtype=np.int32)
        for row, (title, _) in enumerate(written):
            np.add.at(counts[row], [columns[ch] for ch in title], 1)
        return cls(
            tuple(t for t, _ in written),
            tuple(p for _, p in written),
            columns,
            counts,
            np.array([len(t) for t, _ in written], dtype=np.float64),
        )

    def may_reach(self, canon: str, cutoff: float) -> np.ndarray:
        """The rows whose `fuzz.partial_ratio` with `canon` may reach `cutoff`. The shorter text (m
        characters) is aligned with a stretch of the longer; their indel ratio 2·LCS / (m + stretch)
        is at most 2I / (m + I), I the characters the two texts share (counted with repeats), so a
        title sharing too few characters is never scored: the same titles are found, faster."""
        held = np.bincount([self.columns[ch] for ch in canon if ch in self.columns], minlength=len(self.columns))
        shared = np.minimum(self.counts, held).sum(axis=1)
        shorter = np.minimum(self.lengths, len(canon))
        return np.flatnonzero(200.0 * shared >= (cutoff - 1e-6) * (shorter + shared))


# Per knowledge version: the titles long enough to be written out (`named_documents`), to be
# scored against a message in one call.
_WRITTEN_TITLES: dict[str, _WrittenTitles] = {}


def _document_keys(kb: KnowledgeBase) -> tuple[_DocumentKey, ...]:
    keys = _KEYS.get(kb.version)
    if keys is None:
        keys = tuple(
            _DocumentKey(
                doc.id,
                _doc_number(doc.doc_no or ""),
                str(doc.dated.year) if doc.dated else None,
                _titles(doc),
                strip_to_words(fold(doc.issuer or "")),
            )
            for doc in kb.documents.values()
        )
        if len(_KEYS) > 8:  # a long-running process sees a few knowledge versions at most
            _KEYS.clear()
            _WRITTEN_TITLES.clear()
        _KEYS[kb.version] = keys
        written = [(t, place) for place, key in enumerate(keys) for t in key.titles if len(t) >= WRITTEN_TITLE_LENGTH]
        _WRITTEN_TITLES[kb.version] = _WrittenTitles.of(written)
    return keys


def _titles_written_out(canon: str, kb: KnowledgeBase) -> frozenset[int]:
    """The places (in `_document_keys`) of the documents whose title `canon` writes out closely
    enough (`TITLE_WRITTEN_SCORE`)."""
    _document_keys(kb)  # (builds this version's written titles with its keys)
    written = _WRITTEN_TITLES[kb.version]
    if len(canon) < WRITTEN_TITLE_LENGTH or not written.titles:
        return frozenset()
    rows = written.may_reach(canon, TITLE_WRITTEN_SCORE)
    if not len(rows):
        return frozenset()
    titles = [written.titles[i] for i in rows]
    scores = process.cdist(titles, (canon,), scorer=fuzz.partial_ratio, score_cutoff=TITLE_WRITTEN_SCORE)
    return frozenset(written.places[rows[i]] for i in np.flatnonzero(scores[:, 0]))


def _titles(doc: Document) -> tuple[str, ...]:
    """A document's titles folded to words, and each without the province it opens with: a user
    asking in 山西 names "就业见习扩规模提质量的通知" without 山西."""
    titles = [strip_to_words(fold(t)) for t in (doc.short_title, doc.title, *doc.names) if t]
    # A 政策解读 is named by what it interprets (浙江省技能人才评价监督管理办法), as its 《》 title is.
    for title in list(titles):
        rest = _INTERPRETATION_TAIL.sub("", title)
        if rest != title and len(rest) >= 6 and rest not in titles:
            titles.append(rest)
    province = strip_to_words(fold(doc.region))
    for title in list(titles):
        for opening in (f"{province}省", province):
            rest = title.removeprefix(opening)
            if rest != title and len(rest) >= 6 and rest not in titles:
                titles.append(rest)
                break
    # … and its core, without the 关于/进一步 before it and the kind of document after it: people
    # write "规范职业资格许可和认定事项的那份文件" for "…关于进一步规范职业资格许可和认定事项工作的通知".
    for title in list(titles):
        core = _TITLE_TAIL.sub("", _TITLE_HEAD.sub("", title))
        if len(core) >= CORE_TITLE_LENGTH and core not in titles:
            titles.append(core)
    return tuple(titles)


_QUOTED_TITLE = re.compile(r"《([^《》]{4,80})》")


def _quotes_title(quoted: str, titles: tuple[str, ...]) -> bool:
    """A 《title》 the user wrote names a document whose title holds it (the 解读 of 《…办法》 too)."""
    return len(quoted) >= 6 and any(fuzz.partial_ratio(quoted, t) >= 90 for t in titles if len(t) >= len(quoted) - 2)


def without_named_titles(text: str, documents: tuple[str, ...], kb: KnowledgeBase) -> str:
    """The text without the 《titles》 of the documents it names: once the document is known, its
    title's words (技能人才, 评价, 监督管理) say nothing about which of its clauses is asked for."""
    if not documents:
        return text
    titles = tuple(t for key in _document_keys(kb) if key.doc_id in documents for t in key.titles)

    def named(match: re.Match[str]) -> str:
        return " " if _quotes_title(strip_to_words(fold(match.group(1))), titles) else match.group(0)

    text = _QUOTED_TITLE.sub(named, text)
    for key in _document_keys(kb):
        if key.doc_id not in documents:
            continue
        # … so is a title written out without 《》 after a pointer ("那个就业见习扩规模提质量的通知"),
        text = _without_written_title(text, key.titles, kb.lexicon.title_pointers, kb.lexicon.title_followers)
        # … its 文号 written out (吉政办发〔2017〕54号): it names the document, not a clause,
        written = _written_number(kb.documents[key.doc_id].doc_no or "")
        if written is not None:
            text = written.sub(" ", text)
        # … and the words describing it by year and issuer (the year, 劳动部, 那个文件).
        if key.year and len(key.issuer) >= 3:
            text = _described(key.year, key.issuer).sub(" ", text)
    return text


def without_document_names(text: str, documents: tuple[str, ...], kb: KnowledgeBase) -> str:
    """The text without anything naming the documents it names — titles, 文号, year and issuer
    (`without_named_titles`), and the short number ("258号文"): what is left is what it asks of them."""
    # (… and a description of one in its title's words, "浙江转的目录通知", when nothing else names it)
    folded = fold(text)
    described = _described_document(folded, _document_keys(kb), kb.lexicon) if documents else None
    if described is not None and described[0] in documents and not _named_otherwise(text, described[0], kb):
        start, end = described[1]
        text = f"{folded[:start]} {folded[end:]}"
    text = without_named_titles(text, documents, kb)
    numbers = {key.number[1] for key in _document_keys(kb) if key.doc_id in documents and key.number}
    # (The document's province said with its number, "吉林54号文件", names it too.)
    for key in _document_keys(kb):
        region = kb.documents[key.doc_id].region if key.doc_id in documents else None
        if region and key.number is not None:
            text = re.sub(rf"{re.escape(region)}省?(?:的|那个|那份)?(?={key.number[1]}号)", " ", text)
    return _NUMBER_HAO_TEXT.sub(lambda m: " " if m.group(1) in numbers else m.group(0), text)


def _without_written_title(
    text: str, titles: tuple[str, ...], pointers: tuple[str, ...], followers: tuple[str, ...] = ()
) -> str:
    """The text without the stretch writing out one of `titles` closely enough to name it, when a
    pointer (根据, 那个: `title_pointers`) comes right before it or a locative (中, 里:
    `title_followers`) right after: the title says which document the question goes by. Without
    either, the title may be what is asked about."""
    folded = fold(text)
    for title in sorted(titles, key=len, reverse=True):  # the longest written out goes whole
        if len(title) < WRITTEN_TITLE_LENGTH:
            continue
        found = fuzz.partial_ratio_alignment(title, folded, score_cutoff=TITLE_WRITTEN_SCORE)
        if found is None:
            continue
        start = _title_start(title, folded, found.dest_start, "".join(titles))
        # (The alignment may start a character or two off the title's first word.)
        before = folded[max(0, start - POINTER_REACH) : start + 2]
        if any(pointer in before for pointer in pointers):
            return f"{folded[:start]} {folded[found.dest_end :]}"
        # (… and may end a character short of the title's last word: "…提质量的通知对" aligns to "…的通")
        for end in (found.dest_end, found.dest_end + 1):
            if any(folded.startswith(f, end) for f in followers):
                return f"{folded[:start]} {folded[end:]}"
    return text


def _title_start(title: str, text: str, start: int, words: str = "") -> int:
    """Where a title written out in `text` begins: an alignment starting a character or two into
    it ("山西省就|业见习…") moves back over the characters the title writes with the next one."""
    for _ in range(2):
        if start > 0 and text[start - 1 : start + 1] in title:
            start -= 1
    # … and over a word its longer titles write before it ("推进|人力资源…" of "推进新时代人力资源…").
    for _ in range(HEAD_REACH):
        if start > 1 and text[start - 2 : start] in words and text[start - 2 : start] not in title:
            start -= 2
        elif start > 0 and text[start - 1 : start + 1] in words:
            start -= 1
        else:
            break
    return start


@functools.lru_cache(maxsize=64)
def _written_number(doc_no: str) -> re.Pattern[str] | None:
    """A 文号 as people write it: any brackets (or none) around the year, 第 before the number."""
    found = re.fullmatch(r"(\D+)〔(\d{4})〕(\d+)号", doc_no)
    if found is None:
        return None
    issuer, year, number = found.groups()
    # (the 发 of an issuer's 文号 is often left out: "人社部〔2017〕68号")
    written = f"{re.escape(issuer[:-1])}发?" if issuer.endswith("发") else re.escape(issuer)
    return re.compile(rf"{written}\s*[〔\[［(（【]?\s*{year}\s*[〕\]］)）】]?\s*第?\s*{number}\s*号文?")


@functools.lru_cache(maxsize=64)
def _described(year: str, issuer: str) -> re.Pattern[str]:
    """How a message names a document by its year then its issuer, then 那份/的 and 通知/文件 — or by
    its issuer then its year, then a pointer (那个, 这份) and 通知/文件 ("劳动部97年那个文件")."""
    told = f"(?:{year}|{year[2:]})年?"
    pointer = "(?:那个|这个|那份|这份|那一个)"
    # … with the 里 of "…那个文件里，…" too: left behind, it would read as a clause of its own.
    inside = "(?:里面|里头|里边|当中|里|中)?"
    return re.compile(
        rf"{told}的?{re.escape(issuer)}(?:发|印发|下发)?的?{pointer}?(?:红头文件|文件|通知|文){inside}"
        rf"|{re.escape(issuer)}(?:发|印发|下发)?的?{told}(?:发|印发|下发)?的?{pointer}(?:红头文件|文件|通知|文){inside}"
    )


# A 文号 as a message writes it: issuer, the year in any brackets, the number ("国发〔2013〕39号").
_WRITTEN_DOC_NO = re.compile(
    r"([\u4e00-\u9fff]{1,8}?)\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(\d{1,4})\s*号文?"
)
_SENTENCE_END = re.compile(r"(?<=[。；;\n])")


@dataclass(frozen=True)
class UnheldDocument:
    """A document a message names by its 文号 that the knowledge does not hold: what the message
    wrote (`span`), the 文号 as the sources write it, and the sentences of held clauses naming it."""

    span: str
    number: str
    mentions: tuple[tuple[str, str], ...]  # (clause cite, the sentence of it naming the document)


def unheld_document_named(text: str, kb: KnowledgeBase) -> UnheldDocument | None:
    """The one document a message names by a 文号 that no held document has, with the sentences
    of held clauses that name it ("…应当遵守…(国发〔2013〕39号)规定"); None when it names none,
    several, or one the knowledge holds."""
    found = list(_WRITTEN_DOC_NO.finditer(fold(text)))
    if len(found) != 1:
        return None
    issuer, year, number = found[0].groups()
    held = [d.doc_no for d in kb.documents.values() if d.doc_no]
    written = f"〔{year}〕{number}号"
    # (the issuer as written may carry words before it: "根据国发" — the held 文号 ends the same)
    if any(no.endswith(written) and issuer.endswith(no[: -len(written)][-2:]) for no in held):
        return None
    # (the sources write the year in whatever brackets their issuer used: "人社部发【2022】11号")
    in_sources = _number_in_sources(year, number)
    mentions: list[tuple[str, str]] = []
    for cite, clause in kb.clauses.items():
        at = in_sources.search(clause.text)
        if at is None:
            continue
        before = clause.text[max(0, at.start() - 8) : at.start()]
        if not before.endswith((issuer[-2:], issuer[-2:] + "发")):  # ("人社部" for 人社部发)
            continue  # another issuer's document of the same year and number
        sentence = next(s for s in _SENTENCE_END.split(clause.text) if in_sources.search(s))
        mentions.append((cite, sentence.strip()))
    return UnheldDocument(found[0].group(), _as_sources_write(written, issuer, mentions), tuple(mentions[:2]))


_BOOK_TITLE = re.compile(r"《([^《》]{4,60})》")
_NUMBER_AFTER = re.compile(r"^\s*[(（]([^()（）]{4,30}号)[)）]")


def unheld_title_named(text: str, kb: KnowledgeBase) -> UnheldDocument | None:
    """The one document a message names by its 《title》 that the knowledge does not hold but a held
    clause names ("…按照《技能人才评价质量督导工作规程(试行)》(人社职司便函〔2020〕53号)…"), with
    those sentences; `number` is the title as the sources write it, with the 文号 they give after
    it. None when it names none such, several, or one the knowledge holds."""
    found = _BOOK_TITLE.findall(fold(text))
    if len(found) != 1:
        return None
    title = found[0]
    bare = strip_to_words(title)
    held = (strip_to_words(t) for d in kb.documents.values() for t in (d.title, d.short_title or "", *d.names) if t)
    if any(bare == t or (len(t) >= 6 and (t in bare or bare in t)) for t in held):
        return None
    quoted = f"《{title}》"
    mentions: list[tuple[str, str]] = []
    number = ""
    for cite, clause in kb.clauses.items():
        at = clause.text.find(quoted)
        if at == -1:
            continue
        after = _NUMBER_AFTER.match(clause.text[at + len(quoted) :])
        number = number or (after.group(1) if after else "")
        sentence = next(s for s in _SENTENCE_END.split(clause.text) if quoted in s)
        mentions.append((cite, sentence.strip()))
    if not mentions:
        return None
    written = f"{quoted}（{number}）" if number else quoted
    return UnheldDocument(found[0], written, tuple(mentions[:2]))


@functools.lru_cache(maxsize=64)
def _number_in_sources(year: str, number: str) -> re.Pattern[str]:
    return re.compile(rf"[〔\[［(（【]\s*{year}\s*[〕\]］)）】]\s*{number}号")


def _as_sources_write(written: str, issuer: str, mentions: list[tuple[str, str]]) -> str:
    """The 文号 with its issuer as the sentence naming it writes it ("国发〔2013〕39号"), else as typed
    (with the 〔〕 this base writes years in)."""
    year, number = written[1:5], written[6:-1]
    for _, sentence in mentions:
        at = _number_in_sources(year, number).search(sentence)
        found = re.search(r"[\u4e00-\u9fff]{1,6}$", sentence[: at.start()]) if at else None
        if found:
            return found.group() + written
    return issuer + written


def names_by_number(text: str) -> bool:
    """Whether the text names a document by its number ("146号", "浙人社发〔2017〕146号")."""
    return bool(_NUMBER_HAO.search(fold(text)))


def named_documents(text: str, kb: KnowledgeBase, pipeline: TextPipeline) -> tuple[str, ...]:
    """Documents the user names: by 文号 (or "258号文" with a year that does not contradict it),
    by the year and issuer ("97年劳动部那个通知"), by a title written out closely enough, or —
    asking a fact of it — by a description in its title's words (`_described_document`)."""
    folded = fold(text)
    named = _named_plainly(text, pipeline.canonical(text), kb)
    asked_of = (*kb.lexicon.asks_document, *kb.lexicon.document_status_asks)
    if not named and asks_any(folded, asked_of):
        described = _described_document(folded, _document_keys(kb), kb.lexicon)
        # (a fact asked of it after the description: "…发文，把…取消了" tells, it asks nothing of it)
        if described and asks_any(folded[described[1][1] :], asked_of):
            named = [described[0]]
    return _forwarding_instead(text, tuple(named), kb)


def _named_plainly(text: str, canon: str, kb: KnowledgeBase) -> list[str]:
    """The documents `text` names by 文号, year and issuer or kind, or title (`canon`: its
    canonical form)."""
    folded = fold(text)
    numbers = set(_NUMBER_HAO.findall(folded))
    years = {y if len(y) == 4 else ("19" + y if int(y) > 50 else "20" + y) for y in _YEAR.findall(folded)}
    quoted = [strip_to_words(fold(q)) for q in _QUOTED_TITLE.findall(text)]
    named: list[str] = []
    written_out = _titles_written_out(canon, kb)
    keys = _document_keys(kb)
    for place, key in enumerate(keys):
        by_number = key.number is not None and key.number[1] in numbers and (not years or key.number[0] in years)
        by_issuer = (
            key.year in years and len(key.issuer) >= 3 and fuzz.partial_ratio(key.issuer, canon, score_cutoff=90) >= 90
        )
        by_year = key.year in years and _year_and_kind(folded, key, keys, kb.lexicon)
        if (
            by_number
            or by_issuer
            or by_year
            or place in written_out
            or any(_quotes_title(q, key.titles) for q in quoted)
        ):
            named.append(key.doc_id)
    return named


def _named_otherwise(text: str, doc_id: str, kb: KnowledgeBase) -> bool:
    """Whether the text names a document by its 文号, year and issuer or kind, or title written
    out (not only by a description in its title's words)."""
    return doc_id in _named_plainly(text, strip_to_words(fold(text)), kb)


@functools.lru_cache(maxsize=8)
def _description_pattern(kinds: tuple[str, ...], fillers: tuple[str, ...]) -> re.Pattern[str]:
    """A stretch of words before a kind of document ("…的那个通知"): built once per lexicon."""

    def alternatives(words: tuple[str, ...]) -> str:
        return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))

    return re.compile(
        rf"([^\s，,。？?！!；;：:]{{{DESCRIPTION_CHARS},}}?)(?:{alternatives(fillers)}|是)*(?:{alternatives(kinds)})"
    )


def _described_document(
    folded: str, keys: tuple[_DocumentKey, ...], lexicon: Lexicon
) -> tuple[str, tuple[int, int]] | None:
    """The one document a fact is asked of by describing it in the title's words, in its order,
    before a kind of document ("浙江转的目录通知哪天发的", "江西同意技校增设认定工种那份通知"):
    most of the description's characters, in order, are its title's. With where the
    description (its kind included) stands in `folded`."""
    if not lexicon.document_kinds:
        return None
    found = _description_pattern(lexicon.document_kinds, lexicon.document_kind_fillers).search(folded)
    if found is None:
        return None
    described = strip_to_words(found.group(1))
    best: dict[str, float] = {}
    for key in keys:
        # (the description may open with words of its own, "请问": its longest tail in the title counts)
        for start in range(len(described) - DESCRIPTION_CHARS + 1):
            tail = described[start:]
            share = max(LCSseq.similarity(tail, t) for t in key.titles) / len(tail) if key.titles else 0.0
            if share >= DESCRIBED_SHARE:
                best[key.doc_id] = max(best.get(key.doc_id, 0.0), len(tail) * share)
                break
    if not best:
        return None
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - DESCRIBED_LEAD:
        return None  # two documents fit the description alike: neither is named
    return ranked[0][0], found.span()


def _forwarding_instead(text: str, named: tuple[str, ...], kb: KnowledgeBase) -> tuple[str, ...]:
    """A document whose title is quoted as what another forwarded ("浙江省转发《…公布国家职业资格目录的
    通知》的文件") is named to point at the forwarding one, which the knowledge holds as its own
    document: asked of "the file that forwarded 《…》", the forwarding notice is the one asked of."""
    if not _FORWARDED_TITLE.search(text):
        return named
    out: list[str] = []
    for doc_id in named:
        title = strip_to_words(fold(kb.documents[doc_id].title))
        forwarding = next(
            (d.id for d in kb.documents.values() if d.id != doc_id and f"转发{title}" in strip_to_words(fold(d.title))),
            None,
        )
        out.append(forwarding or doc_id)
    return tuple(dict.fromkeys(out))


def _year_and_kind(folded: str, key: _DocumentKey, keys: tuple[_DocumentKey, ...], lexicon: Lexicon) -> bool:
    """Whether the text names the document by its year and a kind of document ("1997年出的通知",
    "97年那个文件": `document_kinds`, `document_kind_fillers`) — the only one of the knowledge
    issued that year."""
    if not lexicon.document_kinds or key.year is None or sum(k.year == key.year for k in keys) != 1:
        return False
    kinds = "|".join(map(re.escape, lexicon.document_kinds))
    fillers = "|".join(map(re.escape, lexicon.document_kind_fillers)) or "(?!)"
    year = rf"(?:{key.year}|(?<!\d){key.year[2:]})年"
    return re.search(rf"{year}(?:{fillers}){{0,2}}(?:{kinds})", folded) is not None


def written_of_its_names(text: str, doc_id: str, kb: KnowledgeBase) -> bool:
    """Whether every character of the text, its 文号, issuer and year aside, is one of the document's
    titles: "1997年劳动部推行职业资格证书的通知" is written of its name alone, while
    "技能人才评价机构的类型" also says what about it (类型)."""
    key = next((k for k in _document_keys(kb) if k.doc_id == doc_id), None)
    if key is None:
        return False
    words = _without_marks(strip_to_words(fold(text)), key)
    titled = set("".join(key.titles)) | set(strip_to_words(fold(kb.documents[doc_id].doc_no or ""))) | set("号文年")
    return bool(words) and set(words) <= titled


def only_names_documents(sentence: str, documents: tuple[str, ...], kb: KnowledgeBase, lexicon: Lexicon) -> bool:
    """Whether a sentence of the story does nothing but point at a document the message names
    ("根据劳动部那份老通知", or its title alone: "山西那份见习的通知，…"): it says which document,
    already known, and nothing of what is asked."""
    if not documents:
        return False
    words = strip_to_words(fold(sentence))
    for opener in lexicon.asking_openers:
        words = words.removeprefix(opener)
    for key in _document_keys(kb):
        if key.doc_id not in documents:
            continue
        region = kb.documents[key.doc_id].region
        if region:  # "按浙江的…办法": the document's own province says nothing more
            words = words.replace(f"{region}省", "").replace(region, "")
        words = _without_marks(words, key, *key.titles)
    return not without_pointer_words(words, lexicon)


def _without_marks(words: str, key: _DocumentKey, *names: str) -> str:
    """`words` without the document's 文号, issuer and year (and `names`), the longest first."""
    for told in sorted((*names, key.issuer, *(key.number or ())), key=len, reverse=True):
        if len(told) >= 2:
            words = words.replace(told, "")
    if key.year:
        words = words.replace(key.year, "").replace(key.year[2:], "")
    return words


def without_pointer_words(text: str, lexicon: Lexicon) -> str:
    """The text's words without those only pointing at a document (`document_pointer_words`: 按照,
    这个, 通知, 规定…): what is left is what a message asks besides naming a document."""
    words = strip_to_words(fold(text))
    for word in sorted(lexicon.document_pointer_words, key=len, reverse=True):
        words = words.replace(word, "")
    return words


def asks_any(text: str, words: tuple[str, ...]) -> bool:
    folded = fold(text)
    return any(word in folded for word in words)


# A top-level heading: 一、… or (一)… (a sub-heading may follow it after a space: "一、总体要求 (一)指导思想").
_TOP_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])\S*")
# A numbered label of a series: 市人社局措施1, 政策点一（国家要求）: the series' name, then its number.
_SERIES_LABEL = re.compile(r"^(\D*?[^\d一二三四五六七八九十第])([0-9]+|[一二三四五六七八九十]+)(?:[(（][^)）]*[)）])?$")


def document_parts(doc: Document) -> tuple[str, ...]:
    """The document's top-level parts, as its headings say them verbatim (一、… or (一)…: the kind
    its first such heading is), in order; empty when its text has no numbered headings."""
    found = [m.group(0) for c in doc.clauses if c.heading and (m := _TOP_HEADING.match(c.heading))]
    if not found:
        return ()
    kind = found[0][0] in "(（"
    return tuple(dict.fromkeys(h for h in found if (h[0] in "(（") == kind))


def labelled_series(doc: Document) -> tuple[tuple[str, str, str, int], ...]:
    """The numbered series the clause labels make (政策点一…政策点六, 市人社局措施1…9): each as
    (its name, its first label, its last label, how many), in order of first appearance."""
    series: dict[str, list[str]] = {}
    for clause in doc.clauses:
        match = _SERIES_LABEL.match(clause.label)
        if match is not None:
            labels = series.setdefault(match.group(1), [])
            if clause.label not in labels:
                labels.append(clause.label)
    return tuple((name, labels[0], labels[-1], len(labels)) for name, labels in series.items() if len(labels) > 1)


def document_facts(
    doc: Document,
    addressees_asked: bool = False,
    parts_asked: bool = False,
    forwards_asked: bool = False,
    annexes_asked: bool = False,
) -> dict[str, str]:
    """The values a document card shows, formatted; empty where the document does not say. Its
    status is the knowledge's record (`status`, checked on `reviewed`), with the later texts that
    replace or limit part of it (`later`), the last day of a temporary measure (`temporary_until`)
    and the year a yearly plan is for (`plan_year`); whom it
    is addressed to (`addressees`), how its text is divided (`parts`, `series`), what it
    forwards (`forwards`) and the annexes it names (`annexes`) only when asked ("主送单位是哪些",
    "一共分几部分", "转发的是什么文件", "有几个附件"): every card would be longer."""
    parts = document_parts(doc) if parts_asked else ()
    series = labelled_series(doc) if parts_asked else ()

    def day(value) -> str:
        return format_date(value) if value else ""

    arranged = [c for c in doc.clauses if not c.standing]  # (a statement of how things stand has no end)
    ends = [c.valid_until for c in arranged if c.valid_until is not None]

    return {
        "name": doc.display_name,
        "issuer": doc.issuer or "",
        "issued": day(doc.issued),
        "published": day(doc.published),
        "in_force": day(doc.in_force),
        "expires": day(doc.expires),
        "issued_under": doc.issued_under or "",
        "in_force_words": doc.in_force_words or "",
        "numbered": "1" if doc.doc_no else "",
        "addressees_asked": "1" if addressees_asked else "",
        "addressees": doc.addressees or "",
        "forwards_asked": "1" if forwards_asked else "",
        "forwards": doc.forwards or "",
        "annexes_asked": "1" if annexes_asked else "",
        "annexes": "、".join(f"《{a.title}》" for a in doc.annexes_not_held),
        "annex_count": str(len(doc.annexes_not_held)) if doc.annexes_not_held else "",
        "status": doc.status,
        "reviewed": day(doc.last_reviewed),
        "plan_year": str(doc.plan_year or ""),
        # every arrangement dated to end (a yearly plan's): the last day they ran to
        "arranged_until": day(max(ends)) if arranged and len(ends) == len(arranged) else "",
        "temporary_until": day(doc.temporary_until),  # a temporary measure's last day (先上岗: 2020-12-31)
        "later": "、".join(f"《{nested_title(r.title)}》" for r in doc.superseded_by if r.title),
        "parts_asked": "1" if parts_asked else "",
        "part_count": str(len(parts)) if parts else "",
        "parts": "".join(f"「{p}」" for p in parts),
        "series": "；".join(f"「{first}」至「{last}」，共{count}项" for _, first, last, count in series),
    }


@dataclass(frozen=True)
class AnnexAsked:
    """A question about what is in an annex (or the annexes) the knowledge base does not hold."""

    doc_id: str
    annexes: tuple[Annex, ...]

    @property
    def by_title(self) -> bool:
        """Whether the annexes are all their document issues: no count of theirs is held either."""
        return all(a.asked_by_title for a in self.annexes)


def annex_asked(
    text: str, kb: KnowledgeBase, lexicon: Lexicon, region: str | None, documents: tuple[str, ...] = ()
) -> AnnexAsked | None:
    """The unheld annex (documents' `annexes_not_held`) whose contents the text asks about:
    it names the annex — by one of its short names, or by most of its title's character
    pairs (fewer when it also says what kind of thing it is: 清单, 表) — and asks what is in
    it (里面, 具体有哪些). A question naming the document (`documents`) and the kind of thing
    ("吉林那个通知附件里的清单") asks about that document's annexes of that kind. A question
    naming another region is not about a provincial annex."""
    words = strip_to_words(fold(text))
    if (
        not any(ask in words for ask in lexicon.asks_annex_contents)
        and not any(_asked_with(words, annex) for doc in kb.documents.values() for annex in doc.annexes_not_held)
        and not _asked_by_title(text, words, kb, lexicon, documents)
    ):
        return None
    # The document named, or else — when the question says 附件 — the one document of the region
    # named that has annexes.
    kinds = [k for k in lexicon.annex_kinds if k in words and k != "办法"]
    regional = [d.id for d in kb.documents.values() if region and d.region == region and d.annexes_not_held]
    for doc_id in documents or (tuple(regional) if len(regional) == 1 and "附件" in words else ()):
        held = [
            a
            for a in kb.documents[doc_id].annexes_not_held
            if (a.named_by_title and any(k in a.title for k in kinds)) or "附件" in words
        ]
        if held and kinds:
            return AnnexAsked(doc_id, tuple(held))
    best: tuple[float, AnnexAsked] | None = None
    # (The title of a document the question names shares words with its annexes' titles — 技能人才,
    # 职称 — without naming any of them.)
    unnamed = _without_titles_of(words, documents, kb)
    for doc in kb.documents.values():
        if region and doc.region != region and doc.region not in ("全国", "某市"):
            continue
        for annex in doc.annexes_not_held:
            share = _annex_named(unnamed, annex, lexicon)
            if share < 1.0 and doc.region not in ("全国", "某市") and region != doc.region and doc.id not in documents:
                # Most of a provincial annex's title, but neither its province nor its document: a question
                # on 浙江's 评价机构管理办法 and its 认定机构 shares 职业技能等级认定 and 管理办法 with 江西's annex.
                continue
            if share and (best is None or share > best[0]):
                best = (share, AnnexAsked(doc.id, (annex,)))
    return best[1] if best else None


def _asked_by_title(text: str, words: str, kb: KnowledgeBase, lexicon: Lexicon, documents: tuple[str, ...]) -> bool:
    """Whether the text names an annex that is all its document issues (`Annex.asked_by_title`)
    and asks neither of the document itself (its number, date, issuer) nor whether it still holds
    — nor of another document it names (one citing those measures as its basis)."""
    return (
        any(
            fuzz.partial_ratio(strip_to_words(fold(a.title)), words) >= TITLE_WRITTEN_SCORE  # by its title
            and all(d == doc.id for d in documents)
            for doc in kb.documents.values()
            for a in doc.annexes_not_held
            if a.asked_by_title
        )
        and not asks_any(text, lexicon.asks_document)
        and not any(h in words for h in lexicon.still_holds_words)
    )


def _without_titles_of(words: str, documents: tuple[str, ...], kb: KnowledgeBase) -> str:
    """`words` without the titles of `documents` as written in them (closely enough to name them),
    but for a title that is an annex's own (江西's notice is named by the 办法 it issues)."""
    for key in _document_keys(kb):
        if key.doc_id not in documents:
            continue
        annexes = [strip_to_words(fold(a.title)) for a in kb.documents[key.doc_id].annexes_not_held]
        for title in sorted(key.titles, key=len, reverse=True):
            if any(fuzz.partial_ratio(title, annex) >= TITLE_WRITTEN_SCORE for annex in annexes):
                continue
            found = (
                fuzz.partial_ratio_alignment(title, words, score_cutoff=TITLE_WRITTEN_SCORE)
                if len(title) >= 6
                else None
            )
            if found is not None:
                words = f"{words[: found.dest_start]} {words[found.dest_end :]}"
    return words


def names_annex(text: str, annex: Annex, lexicon: Lexicon) -> bool:
    """Whether the text names the annex (asking nothing of it, maybe: a story telling of it)."""
    return _annex_named(strip_to_words(fold(text)), annex, lexicon) > 0


def names_annex_itself(text: str, annex: Annex, lexicon: Lexicon) -> bool:
    """Whether the text names the annex by one of its names or its word groups, or says what kind
    of thing it asks of (附件, 清单, 表) — not only most of its title's words."""
    words = strip_to_words(fold(text))
    return (
        any(fold(n) in words for n in annex.names)
        or _asked_with(words, annex)
        or any(k in words for k in lexicon.annex_kinds)
    )


def _without_fillers(words: str, lexicon: Lexicon) -> str:
    for filler in lexicon.annex_name_fillers:
        words = words.replace(filler, "")
    return words


def _asked_with(words: str, annex: Annex) -> bool:
    """Whether the words hold one of every group of words that together ask for the annex's items."""
    return bool(annex.asked_with) and all(any(fold(w) in words for w in group) for group in annex.asked_with)


def _annex_named(words: str, annex: Annex, lexicon: Lexicon) -> float:
    if any(
        _without_fillers(strip_to_words(fold(name)), lexicon) in _without_fillers(words, lexicon)
        for name in annex.names
    ):
        return 1.0
    if _asked_with(words, annex):
        return 1.0
    if not annex.named_by_title:
        return 0.0
    title = strip_to_words(fold(annex.title))
    pairs = {title[i : i + 2] for i in range(len(title) - 1)}
    if not pairs:
        return 0.0
    share = sum(pair in words for pair in pairs) / len(pairs)
    # Saying what kind of thing it is (清单), or asking for its items one by one (列一下, 都有哪些),
    # makes a question about the annex plain with less of its title.
    plain = any(kind in words and kind in title for kind in lexicon.annex_kinds) or any(
        ask in words for ask in lexicon.asks_listing
    )
    return share if share >= ANNEX_TITLE_SHARE or (plain and share >= ANNEX_TITLE_SHARE_WITH_KIND) else 0.0
