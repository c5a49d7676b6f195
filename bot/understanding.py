"""Reading a whole message: which sentences ask, which tell the user's story, and the facts.

People write their situation first and the question last, ask two things at once, or follow
up with half a sentence ("那技师呢"). This module splits a message into sentences, tells the
questions from the story, and picks out the facts the answer depends on: region, who asks,
and slot values (skill level, 职称 level, kind of employer, profession). The word lists are
knowledge data (`knowledge/lexicon/understanding.yaml`, bot.kb.lexicon).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from bot.kb.lexicon import Lexicon
from bot.kb.normalise import fold, strip_to_words

# Sentence ends; and a space between two CJK characters, which people type for a comma.
# (a space after a question particle ends its sentence, whatever follows: "…能先上岗吗 2026年…哪天")
_SENTENCE_END = re.compile(
    r"[。！？!?；;\n…]+|(?<=[\u3400-\u9fff])[\s\u3000]+(?=[\u3400-\u9fff])|(?<=[吗呢么嘛])[\s\u3000]+(?=\S)"
)
_CLAUSE = re.compile(r"[，,：:]")  # not 、: it lists (省、市、县), it never ends a clause
# 几 inside a number (十几年, 几十个, 好几次) counts, it does not ask; nor does 几 after a deed done
# ("找人挂过几个证", "考了几个证": a few), nor after a shortfall told ("年限还差几个月") — but after
# 共 it counts what is asked ("共列了几个政策点").
# "X多少(就)X多少" says "as much as one likes", it asks no figure ("能不能想定多少就定多少").
_AT_WILL = re.compile(r"(\w)多少就?\1多少")
# "科里几个同事想去考", "有几位工程师想考": a few people who want something, not a count asked.
_COUNTING_JI = re.compile(
    r"十几|几十|好几|几百|几千|几万|(?<!共.)(?<!共..)(?<=[过了差])几个|几(?:个|位|名)(?=[^，。？！,.?!；;\s]{0,12}?(?:想|打算|准备))"
)
# … and 么 in 这么/那么, 几 in 几乎, 哪 in 哪怕 do not ask ("听说有这么个政策" tells).
# 几 asked of a requirement plainly asks, wherever it stands: "要干满几年才能报中级职称".
_REQUIRED_HOW_MANY = re.compile(
    r"(?:要|需要|得|满|至少|最少)[\u4e00-\u9fff]{0,2}几|几[\u4e00-\u9fff]{0,3}(?:才(?:能|可以|行)|就(?:不|没|要|会|算))"
)
_ENDS_COUNTING = re.compile(r"几\s*(?:个)?[\u4e00-\u9fff]?[\s，,。.!！?？~～啊呀呢]*$")
# "给不给", "发没发": a verb asked as yes-or-no (any verb, so no word list can hold them all).
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
# "是备案还是遴选", "算准入类还是水平评价类": two things offered to choose from ask which one.
# 几号, 几月, 几点 ask a day or an hour (几个 may count what is told: "想设几个见习岗位").
_WHICH_DAY = re.compile("几(?:号|月|点钟|点)")
_EITHER_OR = re.compile(r"(?:是|算|属于)[^，,。；;？?！!]{1,20}?还是")
# … across a comma, in a sentence ending with a question mark ("…论文是要自己先寄过去，还是有别的途径？"):
# without the mark, "我是技师，还是想评职称" tells (还是: still).
_EITHER_OR_MARKED = re.compile(r"(?:是|算|属于)[^，,。；;？?！!]{1,20}?[，,]还是")
# What may follow a question's last word: punctuation, emoji (🤔), a particle ("能报不啊").
_TRAILING = re.compile(r"[\W_啊呀]+$")
# Items of a list of questions: "1.… 2.…", "（1）…（2）…", "①…②…", "第一，…第二，…", "一是…二是…",
# "一个是…另一个是…". Each style is one alternative with one group; a list counts only when its
# items are numbered 1, 2, … in order (a lone "1." or "第一" in a sentence enumerates nothing).
_BOUNDARY = r"(?:^|(?<=[\s，,。：:；;!！?？]))"
_ENUMERATORS = (
    re.compile(r"(?<![0-9.．])([1-9])\s*[.．、)）](?![0-9])"),
    re.compile(r"[（(]([1-9一二三四五六])[)）]"),
    re.compile(r"([①②③④⑤⑥])"),
    re.compile(_BOUNDARY + r"(?:第|其)([一二三四五六])(?:个问题是?|点|[，,、：:]|是)"),
    re.compile(_BOUNDARY + r"([一二三四五六])是"),
    # "两个问题 1 法考…吗 2 先上岗…吗": typed on a phone, a bare number between spaces.
    re.compile(r"(?:^|(?<=\s))([1-9])\s+(?=[^\s0-9])"),
    re.compile(_BOUNDARY + r"(一个是|一个就是|(?:另|另外|还有|再)一个(?:就)?是|还有个是)"),
)
_SPACED_NUMBERS = _ENUMERATORS[-2]
MIN_SPACED_ITEM_CHARS = 6
_ORDINALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "①": 1, "②": 2, "③": 3, "④": 4, "⑤": 5, "⑥": 6}
NATIONAL = "全国"
SHORT_MESSAGE = 24  # characters: shorter messages are read as one question, story and all
# A stretch this long without a stop or a comma was typed without punctuation (by voice, or in a
# hurry); the longest punctuated questions of the question sets run to about 40 characters.
RUN_ON_CHARS = 50
MIN_CLAUSE_CHARS = 2  # a cut never leaves a clause shorter than this
SHORT_FOLLOW_UP_CHARS = 12  # a message this short whose first clause ends with 呢 leans on the one before
_CLAUSE_BREAK = re.compile(r"[，,\s]+")
_RUN_ON = re.compile(rf"[^，,：:。！？!?；;…、\s（）()“”\"~～]{{{RUN_ON_CHARS},}}")


@dataclass(frozen=True)
class Reading:
    """What one message says, before any matching."""

    text: str  # the message, folded (NFKC, simplified, lower case)
    questions: tuple[str, ...]  # sentences that ask something, in order
    story: tuple[str, ...]  # sentences that tell the user's situation
    region: str | None = None  # a province named, or 全国 for national words
    audience: str | None = None  # graduate / employer / staff, from what the user says of themselves
    slots: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slot kind → values named
    leans_on_previous: bool = False  # opens like a follow-up ("那…", "…呢")
    story_facts: tuple[str, ...] = ()  # slot values the story states (高级技师, 全国技术能手 …)
    leads: tuple[str, ...] = ()  # per question: the story told right before it ("" when none)
    question_facts: tuple[tuple[str, ...], ...] = ()  # per question: the story's facts it is asked with
    traits: frozenset[str] = frozenset()  # of those facts, where the asker stands (level, 职称, honour)
    on_ladder: tuple[bool, ...] = ()  # per question: whether it is about the ladder (`_on_the_ladder`)
    asks_apart: int = 0  # a short message read as one question: how many it asks read apart (`short_as_one`)

    @property
    def story_text(self) -> str:
        return " ".join(self.story)

    def with_facts(self, question: str) -> str:
        """The question with the facts of the story added at full weight: a fact the user
        states (their level, their honour) is what the answer turns on, not background — where
        they stand only when the message asks about the ladder."""
        # A lone question's facts leave out those of a kind it names itself ("拿到高级技师证书好几年
        # 了。特级技师能评什么职称": the question is of 特级技师).
        facts = self.question_facts[0] if len(self.questions) == 1 and self.question_facts else self.story_facts
        return " ".join((question, *self._bearing(facts, any(self.on_ladder) or not self.on_ladder)))

    def with_facts_at(self, index: int) -> str:
        """Question `index` with the facts told for it: those told before every question and
        those told right before it ("见习不满一个月，补助怎么算？拿到高级工证书满两年，能评助理吗"
        — 高级工 is a fact of the second question, not of the first)."""
        facts = self.question_facts[index] if index < len(self.question_facts) else self.story_facts
        ladder = self.on_ladder[index] if index < len(self.on_ladder) else True
        return " ".join((self.questions[index], *self._bearing(facts, ladder)))

    def _bearing(self, facts: tuple[str, ...], ladder: bool) -> tuple[str, ...]:
        """The facts a question turns on: where the asker stands only for one about the ladder."""
        return facts if ladder else tuple(f for f in facts if f not in self.traits)

    def absorb_lead(self, index: int) -> Reading:
        """Question `index` read together with the story told right before it: "没写过论文，英语
        也不会，是不是就没戏了" asks about the papers, though its asking clause names nothing."""
        lead = self.leads[index] if index < len(self.leads) else ""
        if not lead:
            return self
        questions = list(self.questions)
        questions[index] = f"{lead}，{questions[index]}"
        story = list(self.story)
        if lead in story:
            story.remove(lead)
        leads = tuple("" if i == index else x for i, x in enumerate(self.leads))
        return replace(self, questions=tuple(questions), story=tuple(story), leads=leads)

    def story_for(self, index: int) -> str:
        """The story question `index` is read with: all of it but what was told right before a
        later question ("…能不能靠组织见习赚钱？另外给见习生发的补贴那部分，要不要算进缴费基数"
        — the 补贴 is told for the second question, not the first)."""
        theirs = {lead for i, lead in enumerate(self.leads) if i > 0 and i != index and lead}
        return " ".join(s for s in self.story if s not in theirs)

    def context_for(self, index: int) -> str:
        """Everything but question `index`: the story and the other questions."""
        others = [q for i, q in enumerate(self.questions) if i != index]
        return " ".join((*self.story, *others))


def _plain(sentence: str, lexicon: Lexicon) -> str:
    """The sentence without counting 几 and the words that hold a question marker but ask
    nothing (这么, 哪怕, "看看能不能留人": the user's plan, not their question)."""
    plain = _COUNTING_JI.sub("", sentence)
    if lexicon.not_asking_pattern is None or not lexicon.not_asking_pattern.search(plain):
        return plain  # (one search: most sentences hold none of the words)
    for words in lexicon.not_asking:  # longest first
        plain = plain.replace(words, "")
    return plain


def _asks(sentence: str, lexicon: Lexicon) -> bool:
    plain = _plain(sentence, lexicon)
    return (
        any(marker in plain for marker in lexicon.question_markers)
        or _TRAILING.sub("", plain).endswith(lexicon.question_endings)
        or bool(_A_NOT_A.search(plain))
        or bool(_EITHER_OR.search(plain))
    )


def _clause_asks(clause: str, lexicon: Lexicon) -> bool:
    """Whether a clause of an asking sentence asks: not one telling why the user asks ("…实施部门是谁，
    因为简章里得写清楚要不要持证")."""
    return _asks(clause, lexicon) and not clause.startswith(lexicon.reason_openers)


def asks(sentence: str, lexicon: Lexicon) -> bool:
    """Whether a sentence asks something (it holds a question word or ends like a question)."""
    return _asks(sentence, lexicon)


def asks_plainly(sentence: str, lexicon: Lexicon) -> bool:
    """Whether a sentence asks by more than weak question words ("做过几期培训" only tells)."""
    return _asks(sentence, lexicon) and not _asks_only_weakly(sentence, lexicon)


def _asks_only_weakly(sentence: str, lexicon: Lexicon) -> bool:
    """A sentence whose only question words are weak ones (几 "想设几个见习岗位", 可以 "说可以先
    让我去干着") may just be telling: it asks only when no later sentence plainly does."""
    plain = _plain(sentence, lexicon)
    if _ENDS_COUNTING.search(plain) or _REQUIRED_HOW_MANY.search(plain):  # "一共分几类": a count asked
        return False
    if _WHICH_DAY.search(plain):  # "一建几号考": a day asked, never told
        return False
    if _A_NOT_A.search(plain):  # "还有…给不给发": the verb asked both ways asks plainly
        return False
    markers = [m for m in lexicon.question_markers if m in plain]
    if not markers or _TRAILING.sub("", plain).endswith(lexicon.question_endings):
        return False
    # A question told as what the user cannot say or was set to find out ("但说不清具体差在哪里",
    # "领导让我查一下文件怎么说"): every question word after such an opener.
    told_from = min(
        (plain.find(e) + len(e) for e in lexicon.embedded_question_openers if e in plain), default=len(plain) + 1
    )
    return all(m in lexicon.weak_question_markers or plain.find(m) >= told_from for m in markers)


def without_pleasantries(text: str, lexicon: Lexicon) -> str:
    """A message without the greeting it opens with and the thanks it ends with ("你好，…",
    "…吗？谢谢！"): they ask nothing, and would make a short question look like a story
    followed by one. Matched on the folded text (謝謝 is 谢谢), cut from the text as typed; a
    message that is nothing but either is left as it is (answered in kind)."""
    folded = fold(text)
    if len(folded) != len(text):  # a character NFKC expands: positions would not line up
        return text
    greeting, announcing, thanks = lexicon.pleasantry_patterns
    start, end = 0, len(folded)
    if greeting and (opening := greeting.match(folded)):
        start = opening.end()
    # "想问一下，…", "请问，…": a clause opener announcing the question asks nothing itself (but
    # "请问见习…" is read as it is).
    if announcing and (opener := announcing.match(folded, start)):
        start = opener.end()
    if thanks and (closing := thanks.search(folded, start)):
        end = closing.start()
    rest = text[start:end]
    return rest if len(strip_to_words(rest)) >= MIN_CLAUSE_CHARS else text


CORRECTED_CHARS = 16  # what a correction switches to is short ("2017年那版", "一级造价工程师")


def corrected_switch(text: str, lexicon: Lexicon) -> str | None:
    """A message correcting the question before ("不是，我问的是一级造价工程师") as the switch it
    makes ("那一级造价工程师呢"); None for any other message."""
    folded = fold(text)
    words = "".join(ch for ch in folded if ch.isalnum())
    opener = next((w for w in lexicon.correction_openers if words.startswith(w)), None)
    if opener is None:
        return None
    rest = words[len(opener) :].rstrip("的啊呀吧呢")
    return f"那{rest}呢" if 0 < len(rest) <= CORRECTED_CHARS else None


def cut_run_ons(text: str, lexicon: Lexicon) -> str:
    """A message typed without punctuation ("我在浙江干了六年了前年拿了高级技师证…能报什么级别")
    with commas where its writer would have put them, so that its story and its questions are
    told apart as in a punctuated one: before a word that opens a clause (`clause_openers`: 但是,
    请问, 听说, 去年) or a subject pronoun (not an object: 像我这样), after one that ends a clause
    (`clause_enders`: 啊, 吗) — never right after a word the next belongs to (`no_clause_after`:
    像我这样, 到现在). Punctuated text is left as it is."""
    return _RUN_ON.sub(lambda run: "，".join(_run_on_clauses(run.group(), lexicon)), text)


def _run_on_clauses(run: str, lexicon: Lexicon) -> list[str]:
    openers = lexicon.clause_starts
    cuts: list[int] = []
    i = 0
    while i < len(run):
        ender = next((w for w in lexicon.clause_enders if run.startswith(w, i)), None)
        if ender:
            cuts.append(i + len(ender))
            i += len(ender)
            continue
        opener = next((w for w in openers if run.startswith(w, i)), None)
        if (
            opener
            and not any(run.endswith(w, 0, i) for w in lexicon.no_clause_after)
            # an opener must open something: a pronoun ending the run is an object (继续用他们)
            and len(run) - i - len(opener) >= MIN_CLAUSE_CHARS
        ):
            cuts.append(i)
        i += len(opener) if opener else 1
    clauses: list[str] = []
    start = 0
    for cut in cuts:
        if cut - start >= MIN_CLAUSE_CHARS and len(run) - cut >= MIN_CLAUSE_CHARS:
            clauses.append(run[start:cut])
            start = cut
    return [*clauses, run[start:]]


def split_sentences(text: str) -> list[str]:
    """The sentences of a text; a stretch without a letter or a digit (" 🙏", "~~") is none."""
    return [part.strip(" ，,、：:") for part in _SENTENCE_END.split(text) if strip_to_words(part)]


def question_marked(text: str) -> frozenset[str]:
    """The sentences of a text (as `split_sentences` gives them) that end with a question mark:
    whoever typed "外地的证书本省也认？" asks, whatever words they asked with."""
    marked = set()
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if "?" in end.group() or "？" in end.group():
            part = text[start : end.start()].strip(" ，,、：:")
            if strip_to_words(part):
                marked.add(part)
        start = end.end()
    return frozenset(marked)


def enumerated(text: str) -> tuple[str, list[str]] | None:
    """A message listing its questions ("想问两个事：一是…二是…", "1.… 2.…"): the text before
    the list and the items, each without its number; None when it lists nothing."""
    for style in _ENUMERATORS:
        found = list(style.finditer(text))
        numbers = [_ordinal(m.group(1)) for m in found]
        # "一个是…另一个是…" counts 1, 2 by position; numbered styles must run 1, 2, … in order.
        if style is _ENUMERATORS[-1]:
            numbers = list(range(1, len(found) + 1)) if found and found[0].group(1).startswith("一") else []
        if len(found) < 2 or numbers != list(range(1, len(found) + 1)):
            continue
        ends = [m.start() for m in found[1:]] + [len(text)]
        items = [text[m.end() : end].strip(" ，,、：:；;。") for m, end in zip(found, ends, strict=True)]
        # A bare number between spaces may count ("干了 1 年 2 个月"): its items must be questions' length.
        shortest = MIN_SPACED_ITEM_CHARS if style is _SPACED_NUMBERS else 1
        if all(len(item) >= shortest for item in items):
            return text[: found[0].start()], items
    return None


def _ordinal(token: str) -> int:
    return int(token) if token.isdigit() else _ORDINALS.get(token, 0)


def find_region(text: str, lexicon: Lexicon) -> str | None:
    """The first province the text names (by name or by a city), else 全国 for national words."""
    named = lexicon.region_pattern.search(text) if lexicon.region_pattern else None
    if named is not None:
        return lexicon.region_words[named.group()]
    # 人社部 names the ministry, 人社部门 any level's department: only the former is national.
    if lexicon.national_pattern is not None and lexicon.national_pattern.search(text):
        return NATIONAL
    return None


def named_now(sentence: str, lexicon: Lexicon) -> list[re.Match[str]]:
    """The region words of a sentence naming where things are now: not where the asker was before
    ("之前在广东干过", "在江西那会儿") or came from ("在浙江上班，是吉林过去的")."""
    pattern = lexicon.region_pattern
    if pattern is None:
        return []
    now: list[re.Match[str]] = []
    past_end = -1  # (a city right after a place of the past is of the past too: "之前在江苏昆山")
    for m in pattern.finditer(sentence):
        if (
            m.start() == past_end
            or sentence[: m.start()].endswith(lexicon.past_place_words)
            or f"{sentence[m.end() :]},".startswith(lexicon.origin_place_words)  # (the sentence's end: ",")
        ):
            past_end = m.end()
        else:
            now.append(m)
    return now


def _asked_region(
    questions: tuple[str, ...], story: tuple[str, ...], folded: str, lexicon: Lexicon, leads: tuple[str, ...] = ()
) -> str | None:
    """The province a message asks about: the first its questions name, else the last its story
    names (nearest the question: "在上海注册的公司…想在浙江申请…要什么条件" asks of 浙江) but
    not as where the asker was before ("绍兴…之前在广东干过" asks of 浙江) or came from ("在浙江…，
    是吉林过去的" asks of 浙江), else 全国 for
    national words. Of several questions, the first is asked of the province its lead names
    ("山西的产业园奖多少？陕西那边也给吗"), when the knowledge covers it: a later one's
    province is its own."""
    pattern = lexicon.region_pattern
    if pattern is None:
        return find_region(folded, lexicon)
    first_lead = leads[0] if leads and len(questions) > 1 else ""
    if first_lead and not pattern.search(questions[0]):
        in_lead = named_now(first_lead, lexicon)
        lead_region = lexicon.region_words[in_lead[-1].group()] if in_lead else None
        if lead_region in lexicon.covered_regions and any(pattern.search(q) for q in questions[1:]):
            return lead_region
    asked = [m for q in questions for m in pattern.finditer(q)]
    told = [m for sentence in story for m in pattern.finditer(sentence)]
    # where the asker was before ("之前在广东…") is not asked about when another place is named
    present_asked = _own_places_first([_asking_clause_first(q, lexicon) for q in questions], lexicon)
    present_told = _own_places_first(list(story), lexicon)
    # … and, unless the sentence leading to the question says what it asks of ("…。我想问广东这
    # 边，…"), of the places the story tells one this base covers before one it does not ("我在
    # 宁波…我师傅是在安徽考的证…能报吗", "我儿子在太原…我们在河北打工…"): people tell where
    # others are in passing; the place the knowledge speaks of is the likelier one asked about.
    announcing = [s for s in story[-1:] if any(w in s for w in lexicon.asking_announcements)]
    leading = _own_places_first(announcing, lexicon)
    covered_told = [m for m in present_told if lexicon.region_words[m.group()] in lexicon.covered_regions]
    named = (
        present_asked[0]
        if present_asked
        else (leading or covered_told or present_told)[-1]
        if present_told
        else asked[0]
        if asked
        else told[-1]
        if told
        else None
    )
    if named is not None:
        return lexicon.region_words[named.group()]
    return find_region(folded, lexicon)


# What stands between a self word and the place the asker says they are in: 我在吉林, 我们现在在吉林,
# 本人人在吉林. (Not 是: "我是江西人" tells where they come from, "我们是江西一家公司" where a company is based.)
_HOME_LINK = re.compile(r"^(?:们)?(?:现在|目前|人)?在$")
_TOLD_CLAUSE = re.compile(r"[，,。；;！!？?\s]+")


def home_region(text: str, lexicon: Lexicon) -> str | None:
    """The province the asker says they are in, in a clause telling it and asking nothing ("我在
    吉林，浙江那套办法我能用吗"): the one province such clauses name; None when none or several."""
    # (it runs under every answer: clauses opening with a self word and saying 在 are few, so
    # only they are read for whether they ask and which places they name)
    telling = [
        (clause, word)
        for clause in _TOLD_CLAUSE.split(fold(text))
        if "在" in clause
        for word in lexicon.self_words
        if clause.startswith(word)
    ]
    homes = {
        lexicon.region_words[m.group()]
        for clause, word in telling
        if not asks(clause, lexicon)
        for m in named_now(clause, lexicon)
        if _HOME_LINK.match(clause[len(word) : m.start()])
    }
    return homes.pop() if len(homes) == 1 else None


def _own_places_first(sentences: list[str], lexicon: Lexicon) -> list[re.Match[str]]:
    """The places the sentences name where things are now (`named_now`) — only the asker's own,
    when they name any beside someone else's ("…我老婆是广东人，在深圳上班"), which are not asked about."""
    present = [(s, m) for s in sentences for m in named_now(s, lexicon)]
    own = [m for s, m in present if not _someone_elses(s, m, lexicon)]
    return own or [m for _, m in present]


def _someone_elses(sentence: str, place: re.Match[str], lexicon: Lexicon) -> bool:
    """Whether a place a sentence names is where someone else is ("老家是安徽的", "我老婆是广东人，在
    深圳上班"): the last person the sentence names before it is one of `others_place_words`."""
    before = sentence[: place.start()]
    last_other = max((before.rfind(w) + len(w) for w in lexicon.others_place_words if w in before), default=-1)
    last_self = max((before.rfind(w) + len(w) for w in lexicon.self_words if w in before), default=-1)
    return last_other > last_self


def _asking_clause_first(question: str, lexicon: Lexicon) -> str:
    """The question with its asking clause first: a province it names is the one asked about,
    before one an earlier clause names only to compare ("听说山西那边补贴给得明白，浙江给单位的补贴
    是什么标准" asks of 浙江)."""
    clauses = [c for c in _CLAUSE.split(question) if c]
    asking = [c for c in clauses if _asks(c, lexicon)]
    if len(clauses) < 2 or not asking or asking == clauses:
        return question
    return "，".join((*asking, *(c for c in clauses if c not in asking)))


# Slot kinds saying where the asker stands (their level, title, honour): told in a story, they say
# whom a question is about, not what it asks (unlike an issuer, 吉林省, or a profession, 兽医, whose
# own rules the question asks about).
TRAIT_SLOTS = ("level", "title", "honour")
# Slot kinds whose values an answer must speak to when a question names them (兽医, 技师, 企业).
NAMED_SLOTS = ("profession", "level", "employer-kind")


def find_slots(text: str, lexicon: Lexicon) -> dict[str, tuple[str, ...]]:
    """Slot values named in `text`, longest first over every kind: 技师 is not counted inside
    高级技师, nor the level 中级工 inside the title 中级工程师, nor the title 中级 inside 中级工."""
    rest = text
    for words in lexicon.not_values:  # 技师学院 is a school, not the level 技师
        rest = rest.replace(words, " ")
    found: dict[str, list[str]] = {}
    for value, kind in lexicon.slot_values_longest_first:
        if value in rest:
            found.setdefault(kind, []).append(value)
            rest = rest.replace(value, " ")
    return {kind: tuple(named) for kind, named in found.items()}


def find_audience(text: str, lexicon: Lexicon) -> str | None:
    for audience in ("staff", "employer", "graduate"):  # the most specific cue wins
        if any(cue in text for cue in lexicon.audience_cues.get(audience, ())):
            return audience
    return None


def _asks_here(parts: Sequence[str], index: int, lexicon: Lexicon) -> bool:
    """Whether parts[index] (a sentence, or a clause of one) asks: a part asking only weakly
    tells when a later part plainly asks."""
    part = parts[index]
    if not _asks(part, lexicon):
        return False
    return not _asks_only_weakly(part, lexicon) or not any(
        _asks(later, lexicon) and not _asks_only_weakly(later, lexicon) for later in parts[index + 1 :]
    )


def _marked_here(sentences: Sequence[str], index: int, marked: frozenset[str], lexicon: Lexicon) -> bool:
    """Whether a sentence asking by its question mark alone asks ("评职称要近几年考核合格？继续教育
    怎么算？" asks twice): not when it tells a later question's story, which plainly asks ("听说有快速
    通道？最快要多少年能评上？" — what was heard is that question's story)."""
    if sentences[index] not in marked:
        return False
    # A question word, however weak, with the question mark asks: "补贴占工资的几成？另外意外险
    # 补多少？" holds two questions, not a story and one.
    sentence = sentences[index]
    return (
        _asks(sentence, lexicon)
        or bool(_EITHER_OR_MARKED.search(sentence))
        or not _tells_before_asking(sentence, lexicon)
        or not any(_asks(later, lexicon) and not _asks_only_weakly(later, lexicon) for later in sentences[index + 1 :])
    )


def _tells_before_asking(sentence: str, lexicon: Lexicon) -> bool:
    """Whether a sentence with a question mark but no question word tells the next question's
    story: what was heard ("听说有快速通道？"), or what is presumed ("…这办法肯定施行了吧？")."""
    return any(marker in sentence for marker in lexicon.hearsay_markers) or _TRAILING.sub("", sentence).endswith(
        lexicon.presuming_endings
    )


def _told_after(trailing: Sequence[str], lexicon: Lexicon) -> bool:
    """Whether the sentences after a message's last question tell something: "…？另外执业注册"
    adds a topic to ask about, it tells nothing."""
    return bool(trailing) and not any(s.startswith(lexicon.question_connectors) for s in trailing)


def _names_topic(clause: str, lexicon: Lexicon) -> bool:
    """Whether a clause only frames the question after it: names what it is about ("对于X",
    "在X这块") or when ("作出决定之前")."""
    framed = clause.strip()
    return (
        framed.startswith(lexicon.topic_openers)
        or (
            bool(lexicon.topic_closers)
            and framed.startswith(lexicon.topic_frame_openers)
            and framed.endswith(lexicon.topic_closers)
        )
        or (
            bool(lexicon.time_frame_closers)
            and framed.endswith(lexicon.time_frame_closers)
            # "那我在没拿到证之前，…" tells about the user, though 那 opens it
            and not _tells(_without_follow_up_opener(framed, lexicon), lexicon)
        )
    )


def _without_follow_up_opener(clause: str, lexicon: Lexicon) -> str:
    """A clause without the word it leans on the conversation with (那, 那么)."""
    opener = max((o for o in lexicon.follow_up_openers if clause.startswith(o)), key=len, default="")
    return clause[len(opener) :]


def _story_and_question(sentence: str, lexicon: Lexicon) -> tuple[str, str]:
    """A sentence that tells before it asks ("家里人让我问问，设置…需要哪些条件") split at the
    comma before the first clause that asks."""
    clauses = [c for c in _CLAUSE.split(sentence) if c.strip()]
    for i in range(len(clauses)):
        # "今年招的几个应届生还没考到证，社保和工龄怎么处理": the first clause only counts.
        if _asks_here(clauses, i, lexicon):
            # A condition right before the asking clause is part of the question: "要是没证，会怎么处理";
            # so is the clause naming what it is about: "对于失信的机构，会采取什么措施", "在过程管理这块，…", or when: "撤销资格之前，…".
            while i > 0 and (_conditions(clauses[i - 1], lexicon) or _names_topic(clauses[i - 1], lexicon)):
                i -= 1
            return "，".join(clauses[:i]), "，".join(clauses[i:])
    return "", sentence


def _asking_clauses(asked: str, lexicon: Lexicon) -> list[str]:
    """A sentence asking two things ("挂证是怎么处理的，考培分离又是啥", "补贴多少钱啊另外见习期
    多久") as two questions: each clause that plainly asks after one that already did starts
    the next question (with the condition right before it: "…怎么算，要是没来又咋办"). Clauses
    end at commas, before a word that adds a question (`question_connectors`: 另外, 以及) and
    after 吗 — a connector that starts a question is left out of it."""
    groups: list[list[tuple[str, str]]] = []  # per question: (joiner, clause)
    asking = False  # the current group already asks
    clauses = _clauses(asked, lexicon)
    plains = [_clause_asks(c, lexicon) and not _asks_only_weakly(c, lexicon) for _, c in clauses]
    for i, (joiner, clause) in enumerate(clauses):
        plain = plains[i]
        # What is told between two questions leads to the later one ("补助怎么算，我拿到高级工证书
        # 满两年，能不能评助理"), as a condition does.
        # So is one a connector opens that asks at most weakly ("…怎么通知，还有停考的考试，成绩作废吗").
        opens = clause.startswith(lexicon.question_connectors) and not plain
        leads = (opens or not _asks(clause, lexicon)) and any(plains[i + 1 :])
        # A clause that is nothing but asking words ("能不能申辩，找谁") asks on about the same thing.
        if groups and asking and (plain or leads or _conditions(clause, lexicon)) and not _bare_ask(clause, lexicon):
            groups.append([("", without_connector(clause, lexicon))])
            asking = plain
        elif groups:
            groups[-1].append((joiner, clause))
            asking = asking or plain
        else:
            groups.append([("", clause)])
            asking = plain
    return ["".join(j + c for j, c in g) for g in groups] if len(groups) > 1 else [asked]


def _bare_ask(clause: str, lexicon: Lexicon) -> bool:
    """Whether a clause is asking words and at most one character besides ("找谁", "咋办",
    "什么时候": a time asked is asked of what the clause before names)."""
    words = strip_to_words(clause)
    for word in (*lexicon.question_facets.get("when", ()), *lexicon.asking_words):  # longest first
        words = words.replace(word, "")
    return len(words) <= 1


def _clauses(sentence: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    """The clauses of a sentence, each with what joins it to the one before ("，" at a comma,
    nothing where a connector or 吗 ends the clause before)."""
    joins = _either(tuple(lexicon.question_connectors))
    inner = re.compile(rf"(?<=.)(?=(?:{joins}))|(?<=吗)(?=[\u4e00-\u9fff])" if joins else r"(?<=吗)(?=[\u4e00-\u9fff])")
    out: list[tuple[str, str]] = []
    for clause in (c for c in _CLAUSE.split(sentence) if c.strip()):
        for i, piece in enumerate(p for p in inner.split(clause) if p):
            out.append(("，" if out and i == 0 else "", piece))
    return out


def without_connector(clause: str, lexicon: Lexicon) -> str:
    """A question without the word joining it to the one before (另外, 还有: `question_connectors`)."""
    for connector in lexicon.question_connectors:  # longest first
        if clause.startswith(connector) and len(clause) > len(connector):
            return clause[len(connector) :]
    return clause


def _without_adding_word(question: str, lexicon: Lexicon) -> str:
    """A later question without the connector it opens with (另外, 此外) — unless that word also
    asks (还有 in "还有没有补贴")."""
    bare = without_connector(question, lexicon)
    added = question[: len(question) - len(bare)]
    return question if any(m in added for m in lexicon.question_markers) else bare.lstrip(" ，,、：:")


def _trailing_story(asked: str, lexicon: Lexicon) -> tuple[str, str]:
    """An asking sentence split after its last asking clause: the clauses told after it
    ("能申辩吗，我高级技师证拿了5年") are story, leading to the next question."""
    clauses = _clauses(asked, lexicon)
    last = max((i for i, (_, c) in enumerate(clauses) if _clause_asks(c, lexicon)), default=len(clauses) - 1)
    if last == len(clauses) - 1:
        return asked, ""
    head = "".join(j + c for j, c in clauses[: last + 1])
    tail = "".join(j + c for j, c in clauses[last + 1 :]).lstrip("，")
    return head, tail


_YEARS_TOLD = r"(?:[0-9一二三四五六七八九十几两多来]+(?:年|个月)(?:多)?(?:的)?)?"
MAX_TRADE_CHARS = 6  # a trade's name is this long at most ("电梯安装维修工")


@functools.lru_cache(maxsize=64)
def _trade_pattern(verbs: tuple[str, ...], endings: tuple[str, ...]) -> re.Pattern[str] | None:
    if not verbs or not endings:
        return None
    return re.compile(
        rf"(?:{'|'.join(map(re.escape, verbs))}){_YEARS_TOLD}"
        rf"([\u4e00-\u9fff]{{1,{MAX_TRADE_CHARS - 1}}}?(?:{'|'.join(map(re.escape, endings))}))(?=[^\u4e00-\u9fff]|的|$)"
    )


def trade_spans(text: str, lexicon: Lexicon) -> tuple[tuple[int, int], ...]:
    """Where in `text` (folded) the user tells a trade they work in, the years they worked it
    included ("干了八年机修电工"): years told there are a career's, not years since a level."""
    pattern = _trade_pattern(lexicon.trade_verbs, lexicon.trade_endings)
    return tuple(m.span() for m in pattern.finditer(text)) if pattern is not None else ()


def told_trades(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The trades the user says they work in ("做了八年数控车工", "干汽车维修工的"): who the
    asker is, not what the question asks about (`trade_verbs`, `trade_endings`)."""
    pattern = _trade_pattern(lexicon.trade_verbs, lexicon.trade_endings)
    return tuple(pattern.findall(fold(text))) if pattern is not None else ()


def _held_facts(story: Sequence[str], lexicon: Lexicon) -> tuple[str, ...]:
    """The slot values a story states the user holds: a clause saying what they want (想考个技师
    等级证) names a goal, not a fact."""
    held = [c for s in story for c in _CLAUSE.split(s) if not any(m in c for m in lexicon.wish_markers)]
    slots = tuple(v for values in find_slots(" ".join(held), lexicon).values() for v in values)
    return (*slots, *told_figures(" ".join(held), lexicon))


def told_figures(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The figures a text tells in the units of `Lexicon.told_counts`, with the word that says
    how they were counted ("连续7天", "8个工作日"): facts a rule may turn on."""
    if not lexicon.told_counts:
        return ()
    # A figure told roughly ("十来个工作日", "十几天", "二十多天") is told all the same: the rule
    # it turns on is the one to quote, though the reader must compare the figure.
    text = fold(text)
    for idiom in lexicon.figure_idioms:
        text = text.replace(idiom, " ")
    text = _DATE.sub(" ", _COUNTING_JI.sub(" ", _ROUGH_TEENS.sub("十来", text)))
    units = _either(tuple(lexicon.told_counts))
    how = _either(tuple(lexicon.told_count_words))
    # (An ordinal is no count: 入职第二周 is a point in time, not two weeks — but one reached,
    # 干到第8个月, counts the months up to it.)
    # A word of absence right before the figure says what was counted: "旷了十来天" is days
    # missed, where "出勤十来天" is days worked.
    absent = _either(lexicon.absence_words) if lexicon.absence_words else "(?!)"
    rough = _either(lexicon.approximate_words) if lexicon.approximate_words else "(?!)"  # 缺了快两个礼拜
    found = re.finditer(
        rf"(?:{absent})?(?:{how})?(?:{absent})?(?:{rough})?(?:(?<=到第)|(?<![0-9０-９第])){_ROUGH_FIGURE}(?:{units})",
        text,
    )
    return tuple(dict.fromkeys(m.group(0) for m in found if not re.match(r"[0-9０-９]{4}\s*年", m.group(0))))


def _conditions(text: str, lexicon: Lexicon) -> bool:
    """A clause that sets a condition (要是…, 如果…, …的话): the question asks under it. So does
    an official's "…的" clause naming whom a rule is for ("机构对决定不服的，可否…"),
    though not a user telling who they are ("我们是山西的")."""
    if any(marker in text for marker in lexicon.condition_markers):
        return True
    text = text.strip()
    # … not a 是…的 statement of what happened ("…，是按先上岗再考证招进来的")
    last = re.split(r"[，,；;]", text)[-1].strip()
    return len(text) >= 6 and text.endswith("的") and not _tells(text, lexicon) and not last.startswith("是")


def _opens_question(told: str, lexicon: Lexicon) -> bool:
    """What is told right after a question and leads to the next as its subject: a condition
    ("…怎么算，要是没来") or a clause opening with a word that adds a question ("…，另外报名时
    填了假信息 会怎样")."""
    return _conditions(told, lexicon) or told.startswith(lexicon.question_connectors)


def _tells(sentence: str, lexicon: Lexicon) -> bool:
    """A sentence about the user themself (我… / 我们… / 你好…)."""
    return sentence.startswith(lexicon.story_openers)


def read_message(text: str, lexicon: Lexicon, *, short_as_one: bool = True) -> Reading:
    """Split and read one message (already bounded in length by the caller). `short_as_one`: a
    short message that tells something is read as one question, though it asks two (the caller
    may read it again without, to answer its questions one by one when each is sure)."""
    folded = cut_run_ons(fold(text).strip(), lexicon)
    sentences = split_sentences(folded)
    marked = question_marked(folded)
    listed: set[int] = set()  # sentences that are an item of an announced list of questions
    listing = enumerated(folded)
    if listing is not None:
        intro, items = listing
        sentences = split_sentences(intro)
        # (… or when most of its items, two at least, ask by themselves: "1.…要几年 2.…多少 3.一建考试时间")
        items_asking = sum(any(_asks(p, lexicon) for p in split_sentences(item)) for item in items)
        announced = any(word in intro for word in lexicon.asking_announcements) or items_asking >= max(
            2, len(items) / 2
        )
        for item in items:
            parts = split_sentences(item)
            # An item that asks nothing by itself ("一个是见习补贴的标准") asks when the message
            # says it asks ("想问两个事"): the item as a whole is that question.
            if announced and not any(_asks(p, lexicon) and not _asks_only_weakly(p, lexicon) for p in parts):
                parts = ["，".join(parts)]
                listed.add(len(sentences))
            sentences += parts
    questions_list: list[str] = []
    asks_apart = 0
    story_list: list[str] = []
    leads_list: list[str] = []
    facts_list: list[tuple[str, ...]] = []  # per question: the facts told since the question before
    told_since: list[str] = []  # story sentences told since the last question
    opening: list[str] | None = None  # the story told before the first question, in sentences of its own
    condition = False  # the last story sentence sets a condition the next question asks under
    told_last = False  # the previous sentence went to the story
    for index, sentence in enumerate(sentences):
        # "想设几个见习岗位 单位需要满足什么条件": 几 before a sentence that plainly asks is a count.
        if index in listed or _asks_here(sentences, index, lexicon) or _marked_here(sentences, index, marked, lexicon):
            told, asked = _story_and_question(sentence, lexicon)
            if condition and not told:  # "评价机构要是违规了 人社部门会怎么处理"
                asked = f"{story_list.pop()}，{asked}"
                told_since = told_since[:-1]
                told_last = False
            if opening is None:
                opening = list(told_since)
            # "…试用期满了还没拿到证。按规定，单位该怎么办": a clause naming only what the
            # question goes by leads to nothing; the sentence before it does.
            lead = told if told and strip_to_words(told) not in lexicon.basis_phrases else ""
            leads_list.append(lead or (story_list[-1] if told_last and story_list else ""))
            story_list += [told] if told else []
            told_since += [told] if told else []
            # "生活补助怎么算，我拿到高级工证书满两年 能评助理吗": what is told after a question
            # and before the next one leads to the next one.
            later = any(j in listed or _asks_here(sentences, j, lexicon) for j in range(index + 1, len(sentences)))
            # The last question keeps what follows it, unless the user goes on about themself
            # ("…管不管，我手里有个证…"): that is its story, not part of what it asks.
            head, after = _trailing_story(asked, lexicon)
            after_tells = _tells(after, lexicon) or after.startswith(lexicon.reason_openers)
            asked, after = (head, after) if later or after_tells else (asked, "")
            parts = _asking_clauses(asked, lexicon)
            if questions_list:  # "…？另外见习补贴发多少": the word adding a question is not part of it
                parts[0] = _without_adding_word(parts[0], lexicon)
            questions_list += parts
            leads_list += [""] * (len(parts) - 1)
            facts_list += [_held_facts(told_since, lexicon)] * len(parts)
            told_since = [after] if after else []
            condition, told_last = (_opens_question(after, lexicon), True) if after else (False, False)
            story_list += [after] if after else []
        else:
            story_list.append(sentence)
            told_since.append(sentence)
            # "…？另外想问下，考试报名材料不实 会有什么后果": a sentence opening with a word that adds a
            # question is that question's subject, as a condition is.
            condition = _conditions(sentence, lexicon) or (
                bool(questions_list) and sentence.startswith(lexicon.question_connectors)
            )
            told_last = True
    if facts_list and told_since:  # told after the last question: it speaks to that one
        facts_list[-1] = (*facts_list[-1], *_held_facts(told_since, lexicon))
    questions, story, leads = tuple(questions_list), tuple(story_list), tuple(leads_list)
    if not questions:  # a statement-shaped question ("先上岗政策 现行规定") asks as a whole …
        telling = tuple(s for s in sentences if _tells(s, lexicon))
        asking = tuple(s for s in sentences if s not in telling)
        # … unless some of it is the user telling about themself
        questions, story = (asking, telling) if asking and telling else (tuple(sentences) or (folded,), ())
        leads = ()
    elif short_as_one and len(folded) <= SHORT_MESSAGE and story and not _told_after(told_since, lexicon):
        # "见习才干了十天 能拿补助吗": in a short message every part is the question;
        # what is told after it ("…还查不查 听说…") stays its story.
        asks_apart = len(questions)
        questions, story, leads = (" ".join(sentences),), (), ()
    # Facts are what the user holds (已经是中级工程师); what they want (想考个技师等级证) is the goal.
    facts = _held_facts(story, lexicon)
    # Each question of several gets the facts told before all of them (in sentences of their own:
    # "拿到高级工证书满两年，可以申报助理吗？" tells 高级工 for that question only) and right before it.
    told_first = _held_facts(opening or [], lexicon)
    per_question = tuple(
        tuple(dict.fromkeys((*told_first, *own))) if len(questions) == len(facts_list) else facts
        for own in (facts_list if len(questions) == len(facts_list) else [()] * len(questions))
    )
    leans = (
        folded.startswith(lexicon.follow_up_openers)
        or folded.rstrip("?？!！ 。").endswith("呢")
        # ("另一个呢，教师": the 呢 of a short message's first clause, what it switches to said after)
        or (len(folded) <= SHORT_FOLLOW_UP_CHARS and _CLAUSE_BREAK.split(folded, maxsplit=1)[0].endswith("呢"))
        or any(marker in folded for marker in lexicon.follow_up_markers)
        # "这项补贴现在还有吗": what it asks about is the subject before
        or any(q.startswith(lexicon.pointing_back_words) for q in questions)
        # (… wherever a short message points back: "眼下还能这样操作吗")
        or (len(folded) <= SHORT_FOLLOW_UP_CHARS and any(w in folded for w in lexicon.pointing_back_words))
    )
    region = _asked_region(questions, story, folded, lexicon, leads)
    if region not in (None, NATIONAL):
        # Asked of a province, an issuer the story names that is not that province's ("国务院已宣布
        # 取消的证" in a Jilin story) is background: the province's own rule is what is asked.
        elsewhere = {v for v in lexicon.slots.get("issuer", ()) if find_region(v, lexicon) != region}
        facts = tuple(f for f in facts if f not in elsewhere)
        per_question = tuple(tuple(f for f in fs if f not in elsewhere) for fs in per_question)
    return Reading(
        text=folded,
        questions=questions,
        story=story,
        region=region,
        audience=find_audience(folded, lexicon),
        slots=find_slots(folded, lexicon),
        leans_on_previous=leans,
        story_facts=facts,
        leads=leads,
        question_facts=tuple(
            _not_restated(q, f, lexicon)
            for q, f in zip(questions, per_question if len(questions) > 1 else (facts,) * len(questions), strict=True)
        ),
        traits=frozenset(v for kind in TRAIT_SLOTS for v in lexicon.slots.get(kind, ())),
        on_ladder=tuple(_on_the_ladder(q, lexicon) for q in questions),
        asks_apart=asks_apart,
    )


def _on_the_ladder(question: str, lexicon: Lexicon) -> bool:
    """Whether a question is about the ladder of levels, 职称 and honours: it names a rung itself
    ("我这样报中级行吗"), asks which one or about its exams (`rank_asks`: "能评什么职称", "能报哪一级",
    "理论能免考吗"), or names nothing but what the story told ("是真的吗"). Only then is
    where the asker stands (their level, 职称, honour, told in the story) what the answer turns on;
    otherwise it stays in the story — "我是高级技师…外语和计算机还卡不卡" asks about the
    conditions, not about the 职称 a 高级技师 may apply for."""
    return (
        bool(set(find_slots(question, lexicon)) & set(TRAIT_SLOTS))
        or any(word in question for word in lexicon.rank_asks)
        or asks_judgement_only(question, lexicon)  # "…能评中级职称，是真的吗" judges the story
        or _names_nothing(question, lexicon)  # "那我呢", "这样行吗"
    )


def _restated_kinds(question: str, lexicon: Lexicon) -> set[str]:
    """The slot kinds a question names a value of itself — not their linked kinds, unlike a
    follow-up's: "我是高级工，能申报助理级吗" asks the 职称 of the level told."""
    return set(find_slots(question, lexicon))


def _not_restated(question: str, facts: tuple[str, ...], lexicon: Lexicon) -> tuple[str, ...]:
    """The story's facts without those of a kind the question names itself: "…高级工证书满两年，
    可以申报助理吗，我有技师职业资格，能评什么职称" asks the second question of 技师, not 高级工."""
    kinds = _restated_kinds(question, lexicon)
    if not kinds:
        return facts
    kind_of = {v: kind for kind, values in lexicon.slots.items() for v in values}
    return tuple(f for f in facts if kind_of.get(f) not in kinds)


def asks_judgement_only(question: str, lexicon: Lexicon) -> bool:
    """Whether a question only asks for a judgement of what was said ("是真的吗", "这样合理吗",
    "这有依据吗"): it holds a `judgement_words` word and nothing besides but asking words and
    `pointing_words`. "老板不发补助合理吗" and "真的能免考吗" name what they ask about."""
    rest = _only_about(question, lexicon.judgement_words, (*lexicon.asking_words, *lexicon.pointing_words))
    return rest is not None and not rest.strip("的")  # ("具体哪条规定的": a 的 left over says nothing)


def checks_a_claim(question: str, lexicon: Lexicon) -> bool:
    """Whether a question only asks whether what was said holds ("是这样吗", "真的假的", "真有这回事
    吗"): a judgement of it (`asks_judgement_only`), or nothing but `claim_check_words`, asking
    and pointing words."""
    if asks_judgement_only(question, lexicon):
        return True
    rest = strip_to_words(fold(question))
    for word in (*lexicon.claim_check_words, *lexicon.asking_words, *lexicon.pointing_words):
        rest = rest.replace(word, "")
    return not rest


def heard_claim(story: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The claim a story tells the user heard ("我当焊工，同事说考了证就得涨工资" → "考了证就得涨
    工资") and what it tells before it, from its last `hearsay_markers` word on; None when it
    tells none or nothing follows it."""
    ends = [
        (story.rfind(marker), story.rfind(marker) + len(marker))
        for marker in lexicon.hearsay_markers
        if marker in story
    ]
    if not ends:
        return None
    start, end = max(ends, key=lambda span: (span[1], -span[0]))
    claim = story[end:].strip(" ，,。：:")
    return (claim, story[:start].strip(" ，,。")) if strip_to_words(claim) else None


def asks_only_a_standard(part: str, lexicon: Lexicon) -> bool:
    """Whether a part of a message asks only whether a standard sets a figure ("是不是有统一的
    标准"): beside a part asking that figure, it asks the same figure. It holds a
    `standard_words` word and, besides, at most one character but asking, amount and pointing
    words."""
    others = (*lexicon.asking_words, *lexicon.amount_words, *lexicon.pointing_words)
    rest = _only_about(part, lexicon.standard_words, others)
    return rest is not None and len(rest) <= 1


def points_to_figure(part: str, lexicon: Lexicon) -> bool:
    """Whether a part of a message points back to the figure another part asks ("按这个发吗",
    "不能低于这个数吗"): it asks about that figure, not a question of its own."""
    return any(word in fold(part) for word in lexicon.figure_pointers)


def _only_about(text: str, kind: tuple[str, ...], others: tuple[str, ...]) -> str | None:
    """What is left of a text holding a word of `kind` once those words and `others` are taken
    out; None when it holds no word of `kind`."""
    rest = strip_to_words(fold(text))
    if not any(word in rest for word in kind):
        return None
    for word in _longest_first(kind, others):  # 这么弄 before 这
        rest = rest.replace(word, "")
    return rest


@functools.lru_cache(maxsize=64)
def _longest_first(*word_lists: tuple[str, ...]) -> tuple[str, ...]:
    """The words of the lists, longest first (remembered: the lists are the lexicon's own)."""
    return tuple(sorted((w for words in word_lists for w in words), key=len, reverse=True))


def without_restated(story: str, question: str, lexicon: Lexicon) -> str:
    """The story a question is read with, without the values of the kinds the question names
    itself (as `substitute_slots` does for a follow-up): its own value is the one it asks about."""
    for kind in _restated_kinds(question, lexicon):
        for value in sorted(lexicon.slots.get(kind, ()), key=len, reverse=True):
            story = story.replace(value, " ")
    return story


def without_slot_values(text: str, kinds: Iterable[str], lexicon: Lexicon) -> str:
    """`text` without every value of these slot kinds and of the kinds linked to them, longest
    first over all of them at once: 中级工 (a level) goes whole before 中级 (a 职称) could split
    it, and the result never depends on the order the kinds come in (a set's order varies with
    each process's string hashing)."""
    linked = {other for kind in kinds for other in (kind, *lexicon.linked_slots.get(kind, ()))}
    values = {value for kind in linked for value in lexicon.slots.get(kind, ())}
    # (… and the everyday names standing for them: the 老师 of "…先当老师吗" is its 教师)
    values |= {word for word, value in lexicon.switch_words.items() if value in values}
    for value in sorted(values, key=lambda v: (-len(v), v)):
        # (中级职称 leaves 职称: what was asked about stays, only its value goes)
        head = next((h for h in lexicon.slot_heads if value.endswith(h) and value != h), "")
        text = text.replace(value, f" {head} " if head else " ")
    return text


def substitute_slots(previous: str, current: Reading, lexicon: Lexicon) -> str:
    """The previous question with the values the follow-up replaces taken out.

    "那技师呢" after "有高级工证…能评职称吗": the 高级工 of the earlier question must not
    pull the answer back to itself, so every value of a slot kind the follow-up names — and
    of the kinds linked to it (`linked_slots`: a level's 职称) — is removed from the earlier
    text (the follow-up's own words carry the new value).
    """
    # A kind's linked kinds go with it: a new skill level brings its own 职称 (副高 → 正高).
    text = without_slot_values(previous, current.slots, lexicon)
    if current.region:
        for word, region in lexicon.region_words.items():
            if region != current.region:
                text = text.replace(word, " ")
    return text


# A figure as policy text writes it: 3, 3.5, 240, 三, 十二, 两.
_FIGURE = r"[0-9０-９一二两三四五六七八九十百千万半]+(?:[.．][0-9]+)?\s*(?:个)?"


# A figure told roughly: 十来个, 二十多, 一百余 (十几 is read as 十来 first).
_ROUGH_FIGURE = r"[0-9０-９一二两三四五六七八九十百千万半]+(?:[.．][0-9]+)?\s*(?:来|多|余)?\s*(?:个)?(?:多)?"
_ROUGH_TEENS = re.compile(r"(?<![0-9０-９一二两三四五六七八九])十几(?=\s*(?:个)?[^\s个])")

_DATE = re.compile(r"(?:[0-9０-９]{4}\s*年\s*)?[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日")


@dataclass(frozen=True)
class QuantityAsk:
    """What a question asks to be counted: the words it used ("多少钱") and the units an
    answer may state the figure in (元, 万元)."""

    asked: str
    units: tuple[str, ...]
    date: bool = False  # a day is asked ("报名哪天截止"): answered only by a text stating one
    number: bool = False  # a number to dial is asked ("举报电话是多少"): answered only by its digits


@functools.lru_cache(maxsize=256)
def _count_asked(unit: str) -> re.Pattern[str]:
    """How a question asks a count in `unit` ("多少个月", "几期"); built once per unit. 哪几所 asks
    which, and 这几块 / 那几项 point at things already named: neither asks a count."""
    return re.compile(rf"(?:多少|(?<![哪这那])几)(?:个)?{re.escape(unit)}")


@functools.lru_cache(maxsize=64)
def _either(words: tuple[str, ...]) -> str:
    """A regular-expression alternation of `words` (escaped): built once per word list, since
    every message is read with the same lexicon."""
    return "|".join(re.escape(w) for w in words)


def quantity_asked(question: str, lexicon: Lexicon) -> QuantityAsk | None:
    """The figure a question asks for ("多少钱", "几期", "多久"), or None. "十几年" in a story
    counts nothing, so only the question's own words are read and counting 几 is skipped."""
    text = _AT_WILL.sub(" ", _COUNTING_JI.sub(" ", fold(question)))
    if lexicon.decider_asks:  # "收多少由谁定" asks who decides
        text = re.sub(rf"多少(?=[^，。？！,.?!；;]{{0,8}}?(?:{_either(lexicon.decider_asks)}))", " ", text)
    # "举报电话是多少" asks digits to dial, not a count: only a text stating them answers it.
    for word in lexicon.number_asks:
        if word in text:
            return QuantityAsk(word, (), number=True)
    # 几月几号 asks a day, not a count of months: a date ask that reads as a count comes first.
    for word in lexicon.date_asks:
        if word in text and any(_count_asked(unit).search(word) for unit in lexicon.quantities):
            return QuantityAsk(word, (), date=True)
    for unit, units in lexicon.quantities.items():  # longest first: 个月 before 月
        found = _count_asked(unit).search(text)  # 哪几所 asks which
        if found:
            return QuantityAsk(found.group(0), units)
    for word in lexicon.date_asks:  # longest first
        if word in text:
            return QuantityAsk(word, (), date=True)
    for word in lexicon.duration_asks:
        if word in text:
            return QuantityAsk(word, lexicon.duration_units)
    # "用工比例最多不能超过多少": 多少 about a rate asks a rate.
    if "多少" in text and lexicon.rate_units and any(w in text for w in lexicon.rate_words):
        return QuantityAsk("多少", lexicon.rate_units)
    rate_ask = next((w for w in lexicon.rate_asks if w in text), None)  # 百分之几, 几成
    if rate_ask is not None and lexicon.rate_units:
        return QuantityAsk(rate_ask, lexicon.rate_units)
    # "合格分数线是多少": 多少 of a noun that is a figure of one unit asks it in that unit.
    if "多少" in text:
        for unit, nouns in lexicon.figure_nouns.items():
            noun = next((n for n in nouns if n in text), None)
            if noun is not None and unit in lexicon.quantities:
                return QuantityAsk(noun, lexicon.quantities[unit])
    # "试用期工资最低不能低于多少": 多少 with no unit, about money, asks an amount (not a rate).
    money = lexicon.quantities.get("钱")
    if (
        money
        and "多少" in text
        and any(w in text for w in lexicon.money_words)
        and not any(w in text for w in lexicon.rate_words)
    ):
        return QuantityAsk("多少", money)
    return None


def standard_asked(question: str, lexicon: Lexicon) -> str | None:
    """The standard a question asks the amount of ("临汾最低工资目前为多少"), or None: a
    `quantity_standards` name (标准 optional) followed by 多少 with nothing but
    `standard_ask_fillers` between (a share of the standard, or a sum added to it, is not it)."""
    text = fold(question)
    for standard in lexicon.quantity_standards:
        name = re.escape(standard.removesuffix("标准"))
        for found in re.finditer(rf"{name}(?:标准)?([^，。？！,.?!；;]{{0,8}}?)多少", text):
            gap = found.group(1)
            for word in lexicon.standard_ask_fillers:  # longest first
                gap = gap.replace(word, "")
            if not gap.strip():
                return standard
    return None


def states_quantity(text: str, ask: QuantityAsk, question: str, lexicon: Lexicon) -> bool:
    """Whether `text` states the figure `ask` wants: a number in one of its units, or (for an
    amount) a standard it is tied to that the question does not itself ask about; a day, by a date."""
    if ask.date:
        return _DATE.search(text) is not None
    if ask.number:
        return _DIALLED.search(text) is not None
    units = "|".join(re.escape(u) for u in sorted(ask.units, key=len, reverse=True))
    text = _DATE.sub(" ", text)  # 2020年12月31日 is a day, not a span of 12个月 or 31天
    standard = standard_asked(question, lexicon) if {"元", "万元"} & set(ask.units) else None
    if standard is not None:
        # A standard's own figure is asked ("临汾最低工资目前为多少"): another sum the text
        # states (a subsidy of 240元 tied to the standard) does not answer it.
        name = re.escape(standard.removesuffix("标准"))
        return re.search(rf"{name}(?:标准)?[^，,。；;]{{0,6}}?{_FIGURE}(?:{units})", text) is not None
    period = _period_asked(question, ask, lexicon)
    if period is not None:
        # A period's length is stated only where the text names it (its longest ending of two
        # characters or more: 实习期, 习期), in the same sentence part ("实习期满…，…一年内取得" is not).
        named = next((period[i:] for i in range(len(period) - 1) if period[i:] in text), None)
        if named is None:
            return False
        text = "，".join(part for part in re.split(r"[，,；;。！？!?\n]", text) if named in part)
    for found in re.finditer(rf"(?<![0-9０-９]){_FIGURE}(?:{units})", text):
        figure = found.group(0)
        # 2020年 is a date, not 3年; "是一项…工作" counts nothing (一 as an article) — but 一年 is a span.
        article = re.fullmatch(r"一\s*(?:个)?(\S+)", figure)
        if not re.match(r"[0-9０-９]{4}\s*年", figure) and not (
            article and article.group(1) not in lexicon.duration_units
        ):
            return True
    if any(name in text for unit in ask.units for name in lexicon.quantity_names.get(unit, ())):
        return True  # "能直接报几级" is answered by 中级, though no number states it
    money = {"元", "万元"} & set(ask.units)
    # … unless the question asks for that standard itself ("最低工资是多少"): named with or without 标准,
    # or asks the sum in a city (太原): that is the city's own figure, which a standard does not tell.
    return (
        bool(money)
        and not _names_city(question, lexicon)
        and any(s in text and s.removesuffix("标准") not in fold(question) for s in lexicon.quantity_standards)
    )


def _names_city(question: str, lexicon: Lexicon) -> bool:
    """Whether the question names a place inside a region (太原), not only the region (山西)."""
    folded = fold(question)
    return any(word != region and word in folded for word, region in lexicon.region_words.items())


def _period_asked(question: str, ask: QuantityAsk, lexicon: Lexicon) -> str | None:
    """The period whose length is asked ("实习期通常得多久": 实习期): up to four characters
    before the asking words, past `duration_ask_fillers`, ending in a `period_endings` word."""
    if ask.date or ask.asked not in lexicon.duration_asks:
        return None
    folded = fold(question)
    at = folded.find(ask.asked)
    if at < 0:
        return None
    before = folded[:at]
    trimmed = True
    while trimmed:
        trimmed = False
        for word in lexicon.duration_ask_fillers:  # longest first
            if before.endswith(word):
                before, trimmed = before[: -len(word)], True
                break
    run = re.search(r"[\u4e00-\u9fff]{2,4}$", before)
    return run.group(0) if run and run.group(0).endswith(lexicon.period_endings) else None


def counted_units(text: str, lexicon: Lexicon) -> frozenset[str]:
    """The units a text tells figures in (`told_figures`), each with the units a rule may state
    the same count in (`Lexicon.told_counts`: 天 with 工作日)."""
    return frozenset(
        unit
        for figure in told_figures(text, lexicon)
        for told, family in lexicon.told_counts.items()  # longest first: 工作日 before 日
        if figure.endswith(told)
        for unit in family
    )


def _names_nothing(question: str, lexicon: Lexicon) -> bool:
    """Whether a question holds nothing but asking and pointing words ("那我呢", "这样行吗")."""
    rest = strip_to_words(fold(question))
    for word in (*lexicon.asking_words, *lexicon.pointing_words):
        rest = rest.replace(word, "")
    return not rest


ABSENCE = "缺勤"  # the manner of a figure counting days missed ("旷了十来天", "缺勤连续5天")


def counted_manners(text: str, lexicon: Lexicon) -> frozenset[str]:
    """How the figures a text tells were counted (`Lexicon.count_manners`): "连着6天没来" counts
    a run of days (连续), "一共8个工作日" a total (累计), as a rule may state its own figure."""
    figures = told_figures(text, lexicon)
    manners = {
        manner for figure in figures for manner, words in lexicon.count_manners.items() if _has_any(figure, words)
    }
    if any(_has_any(figure, lexicon.absence_words) for figure in figures):
        manners.add(ABSENCE)
    return frozenset(manners)


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def facets_asked(text: str, facets: Mapping[str, tuple[str, ...]]) -> frozenset[str]:
    """What a text asks for by its asking words ("违规会怎么处理" → consequence, "何时施行" →
    when); `facets` as in `Lexicon.question_facets` (folded words)."""
    folded = fold(text)
    return frozenset(name for name, words in facets.items() if any(w in folded for w in words))


# "考了个技师证", "评上了中级职称": the verb still speaks to the label.
_BETWEEN_VERB_AND_LABEL = ("一个", "个", "了")
_DIALLED = re.compile(r"(?<![0-9])(?:[0-9]{3,4}-)?[0-9]{5,8}(?![0-9])")  # 12333, 0431-88888888
_OCCUPATION_BEFORE_LABEL = re.compile(r"个[\u4e00-\u9fff]{1,4}$")  # 个 + a name of up to four characters


def held_and_sought(
    canonical_text: str, labels: Sequence[str], lexicon: Lexicon
) -> tuple[frozenset[str], frozenset[str]]:
    """(labels the asker holds, labels they seek) among `labels` (canonical, longest first) in a
    canonical text, by the word right before each (`Lexicon.holding_words`, `seeking_words`) or
    right after it (`seeking_after_words`); after a word of lacking (没有) it is neither.
    A label found is blanked out, so 技师 is not met again inside 高级技师."""
    found: list[tuple[int, int, str, str | None]] = []  # (start, end, label, way)
    text = canonical_text
    for label in labels:
        start = text.find(label)
        while start >= 0:
            end = start + len(label)
            found.append((start, end, label, _way_of(text[:start], text[end:], lexicon)))
            text = text[:start] + " " * len(label) + text[end:]
            start = text.find(label, end)
    # A label joined to the one before it ("取得特级技师或首席技师") runs the same way.
    found.sort()
    ways = [way for *_, way in found]
    for i in range(1, len(found)):
        between = canonical_text[found[i - 1][1] : found[i][0]]
        if ways[i] is None and (not between or between in lexicon.conjunctions):
            ways[i] = ways[i - 1]
    held = {label for (_, _, label, _), way in zip(found, ways, strict=True) if way == "held"}
    sought = {label for (_, _, label, _), way in zip(found, ways, strict=True) if way == "sought"}
    return frozenset(held), frozenset(sought)


def _way_of(before: str, after: str, lexicon: Lexicon) -> Literal["held", "sought"] | None:
    """Which way the words around one label run: held (已经是…), sought (想考…, …评价) or neither."""
    if any(before.endswith(w) for w in lexicon.lacking_words):
        return None
    readings = [before] + [before[: -len(f)] for f in _BETWEEN_VERB_AND_LABEL if before.endswith(f)]
    # "报个数控车工技师": an occupation's name may stand between 个 and the level.
    named = _OCCUPATION_BEFORE_LABEL.search(before)
    if named:
        readings.append(before[: named.start()])
    if any(r.endswith(w) for r in readings for w in lexicon.holding_words):
        return "held"
    if any(r.endswith(w) for r in readings for w in lexicon.seeking_words):
        return "sought"
    if after.startswith(lexicon.holding_after_words):
        return "held"
    return "sought" if after.startswith(lexicon.seeking_after_words) else None
