"""Which resolutions answer a whole message.

A message is read (bot.understanding) into its questions and the story around them; this
module decides what answers it: each question by itself or with the others, a question that
names nothing by itself read with the story before it, an elliptical follow-up read with the
earlier question, and two values asked side by side answered one by one. Rendering the
chosen resolutions is the assistant's (bot.core).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.kb.lexicon import Lexicon
from bot.kb.normalise import fold, strip_to_words
from bot.resolve import Resolution
from bot.structured import asks_any, named_documents, without_document_names
from bot.table_notes import not_on_its_list
from bot.understanding import (
    NAMED_SLOTS,
    NATIONAL,
    Reading,
    asks,
    asks_judgement_only,
    checks_a_claim,
    find_region,
    find_slots,
    heard_claim,
    named_now,
    quantity_asked,
    read_message,
    substitute_slots,
    without_restated,
    without_slot_values,
)

if TYPE_CHECKING:
    from bot.core import Brain

MAX_REMEMBERED_CHARS = 400  # what a follow-up may lean on of the earlier question
# A message this short (in letters and digits), sure by itself of an entry resting on none of the
# documents the answer just given rests on, may still be elliptical: "吉林取消的证还有用吗" then
# "能拿来当审批条件吗" asks of the same certificates.
ELLIPTICAL_CHARS = 10
# … even one sure of an entry on those documents, when the answer just given speaks to all its words
# ("现在还能用吗" after whether the 先上岗 measure holds): read with the earlier question, that answer
# must then be surer than its own by this much.
SAME_DOCUMENTS_LEAD = 0.1
SITUATION_CHARS = 8  # a "那…呢" follow-up this long tells a situation, not just a subject switched
SITUATION_WORD_CHARS = 6  # … and one this long holding a situation word ("没考出证") does too
# A later part read on the topic of the question before is answered only with an entry among
# this many it leans to by itself.
NEAR_CHOICES = 4
MAX_SWITCH_CHARS = 16  # a part only switching a value ("水平评价类的呢") is this short at most


@dataclass(frozen=True)
class Interpretation:
    """What answers a message, and what a follow-up to it will lean on."""

    chosen: list[Resolution]
    reading: Reading  # the message as finally read (a lead absorbed, a follow-up's region)
    remembered: str  # the question(s) a follow-up is read with
    documents: tuple[str, ...]  # the documents it asks about (named, or the earlier question's)


def interpret(
    reading: Reading,
    last: dict[str, Any] | None,
    audience: str | None,
    documents: tuple[str, ...],
    brain: Brain,
) -> Interpretation:
    """The resolutions that answer `reading`, with the conversation's previous turn `last`
    when the message leans on it."""
    if last and isinstance(last.get("q"), str):
        reading = _with_switch_words(reading, brain)
    own, reading = _read_with_leads(reading, audience, documents, brain)
    understood = Interpretation(own, reading, reading.text, documents)
    if last and isinstance(last.get("q"), str):
        understood = _as_follow_up(understood, last, audience, brain) or understood
        understood = _asked_of_the_list(understood, last, brain)
        understood = _province_switches_declined(understood, last, brain)
    return dataclasses.replace(understood, chosen=_per_value(understood.chosen, understood.reading, brain))


def _province_switches_declined(understood: Interpretation, last: dict[str, Any], brain: Brain) -> Interpretation:
    """Of a follow-up of several questions, one naming only another province ("那高级技师呢？江西有
    没有类似规定") asks whether the rule just given holds there: declined for that province when it
    does not, as that question by itself is — not answered by whatever its few words and the
    questions around it match (the 1997 notice's 技师 allowances)."""
    if len(understood.reading.questions) < 2:  # (one question by itself: see _bare_province_switch)
        return understood
    chosen: list[Resolution] = []
    for res in understood.chosen:
        switched_to = _province_switched_in(res.question, last, brain)
        if switched_to is not None and res.decision != "declined":
            res = _not_held_in(switched_to, res.question, last, brain)
        if res.decision == "declined" and any(
            c.decision == "declined" and c.asked_region == res.asked_region is not None for c in chosen
        ):
            continue  # (the same province declined once: "那吉林呢，吉林有没有类似的规定")
        chosen.append(res)
    return dataclasses.replace(understood, chosen=chosen)


def _not_held_in(province: str, question: str, last: dict[str, Any], brain: Brain) -> Resolution:
    """A question switching to a province where the rule just given does not hold, declined for
    it, naming the documents of that rule."""
    previous = str(last.get("entry"))
    nearest = brain.resolver.documents_cited(previous) if previous in brain.kb.entries else ()
    return Resolution("declined", question, asked_region=province, nearest=nearest)


def _asked_of_the_list(understood: Interpretation, last: dict[str, Any], brain: Brain) -> Interpretation:
    """A short follow-up naming a qualification ("会计证呢") right after an answer quoting a rule's
    whole list of qualifications, and not on it, asks whether the list holds it: that answer again,
    which says it does not — not another topic's entry its name happens to match (软考 in 浙江's
    list of exams skilled workers may take)."""
    previous, kb, chosen = last.get("entry"), brain.kb, understood.chosen
    reading = understood.reading
    if (
        not isinstance(previous, str)
        or previous not in kb.entries
        or kb.category is None
        or len(chosen) != 1
        or chosen[0].entry_id in (None, previous)
        or len(reading.questions) != 1
        or len(strip_to_words(reading.text)) > ELLIPTICAL_CHARS
        or not (reading.leans_on_previous or ends_with_ne(reading.text))
        or kb.entries[str(chosen[0].entry_id)].topic == kb.entries[previous].topic
    ):
        return understood
    # (one on the list is another entry's own: "那兽医呢" after the nurses' answer is the vets')
    quoted = [kb.rules.tables[t] for t in brain.resolver.tables_citing(kb.entries[previous].cites)]
    if not_on_its_list(reading.text, quoted, kb, brain.lexicon) is None:
        return understood
    return dataclasses.replace(understood, chosen=[dataclasses.replace(chosen[0], decision="entry", entry_id=previous)])


def _with_switch_words(reading: Reading, brain: Brain) -> Reading:
    """A short follow-up switching to an everyday name ("那老师呢" after a nurse's answer), read as
    naming the value it stands for (`switch_words`: 老师 → 教师) — only there: a story's 老师 is who
    told the asker something, not the qualification asked about."""
    words = brain.lexicon.switch_words
    text = reading.text
    if not words or not reading.leans_on_previous or len(strip_to_words(text)) > MAX_SWITCH_CHARS:
        return reading
    named = [value for word, value in words.items() if word in text and value not in text]
    # (the value said beside the word, which still matches the phrasings that use it: 当老师)
    return read_message(f"{text}（{'、'.join(dict.fromkeys(named))}）", brain.lexicon) if named else reading


def _read_with_leads(
    reading: Reading, audience: str | None, documents: tuple[str, ...], brain: Brain
) -> tuple[list[Resolution], Reading]:
    """The message's own resolutions. "没写过论文，英语也不会，是不是就没戏了": a question naming
    nothing by itself is read with the story told right before it — kept only when that
    answers more of the message."""
    lexicon = brain.lexicon
    # A count asked of nothing named ("…2021版的目录公布了。总共几项") counts what the story
    # told right before it names: read by itself it would count whatever an entry counts.
    counting = [
        i for i, lead in enumerate(reading.leads) if lead and _counts_nothing_named(reading.questions[i], brain)
    ]
    if counting:
        reading = functools.reduce(Reading.absorb_lead, counting, reading)
    own = _resolve_reading(reading, reading.region, audience, documents, brain)
    claimed = _read_as_heard_claim(reading, audience, documents, brain)
    if claimed is not None:
        return claimed
    judging = _judged_by_own_words(reading, own, audience, documents, brain)
    if (
        not judging
        and len(reading.questions) == 1
        and reading.story
        and asks_judgement_only(reading.questions[0], brain.lexicon)
    ):
        # "…去办营业执照，窗口还要一张早被取消的资格证，这样合理吗": a judging question asks nothing of
        # its own — what it judges is the story, read with it as one question (not as background).
        judged = _story_and_question_as_one(reading)
        read_judged = _resolve_reading(judged, judged.region, audience, documents, brain)
        if _confident(read_judged):
            return read_judged, judged
    if _confident(own) and len(own) >= len(reading.questions) and not judging:
        unheard = [i for i, lead in enumerate(reading.leads) if lead and _lead_unheard(own, reading, i, brain)]
        if unheard:
            # "店里打算当见习单位。要满足什么": a question whose answer speaks of nothing
            # the story right before it names is read again with it, kept when that answer does.
            heard = functools.reduce(Reading.absorb_lead, unheard, reading)
            read_heard = _resolve_reading(heard, heard.region, audience, documents, brain)
            if (
                _confident(read_heard)
                and len(read_heard) >= len(own)
                and not any(_lead_unheard(read_heard, reading, i, brain) for i in unheard)
            ):
                return read_heard, heard
        return own, reading
    asking = lexicon.asking_words
    # A lone question not sure by itself is read with the story told right before it ("想帮他报副高
    # 职称 像他这样符合条件吗"): its asking clause says how, the lead says what — when that makes
    # sure of the entry the message already leaned to most, not of another the lead's words chose.
    lone = len(reading.questions) == 1 and not _confident(own)
    thin = [
        i
        for i, lead in enumerate(reading.leads)
        if lead
        and (judging or lone or brain.resolver.thin(reading.questions[i], asking))
        and _answers_with_lead(reading.absorb_lead(i), i, audience, documents, brain)
    ]
    if thin:
        whole = functools.reduce(Reading.absorb_lead, thin, reading)
        read_whole = _resolve_reading(whole, whole.region, audience, documents, brain)
        thin_only = judging or any(brain.resolver.thin(reading.questions[i], asking) for i in thin)
        leaned = thin_only or (_confident(read_whole) and read_whole[0].entry_id == _clear_top(own[0], brain))
        # A lone question its story left leaning nowhere (declined: "按…公布目录的那个文件，新设一项水平评价
        # 类资格，…各要满足什么条件") says with its lead what it asks of: the lead is its topic, not a story.
        leaned = leaned or (lone and own[0].decision == "declined" and len(thin) == 1)
        if _confident(read_whole) and leaned and (judging or not _confident(own) or len(read_whole) > len(own)):
            return read_whole, whole
    if judging:
        # Nothing the story told right before it answers: the whole story is what it asks about.
        judged = _story_and_question_as_one(reading)
        return _resolve_reading(judged, judged.region, audience, documents, brain), judged
    return own, reading


def _lead_unheard(chosen: list[Resolution], reading: Reading, index: int, brain: Brain) -> bool:
    """Whether question `index` names no subject of its own ("要满足哪些条件") and the answer chosen
    for it speaks of none of the words the story told right before it names its subject with
    (见习单位 of "店里打算当见习单位")."""
    question = reading.questions[index]
    answer = next((r for r in chosen if question in r.question), None)
    if answer is None or answer.entry_id is None:
        return False
    lead = reading.leads[index]
    if strip_to_words(fold(lead)).startswith(brain.lexicon.document_basis_openers):
        return False  # "按劳动部那份老通知": what the question goes by, not what it asks of
    resolver = brain.resolver
    if resolver.subject_words(question):
        return False  # the question names its own subject
    subject = [w for w in resolver.subject_words(lead) if resolver.matcher.knows(w)]
    return bool(subject) and not resolver.speaks_to(answer.entry_id, tuple(subject))


def _story_and_question_as_one(reading: Reading) -> Reading:
    """A lone question read together with the whole story told before it, as one question."""
    return dataclasses.replace(
        reading, questions=(f"{reading.story_text}，{reading.questions[0]}",), story=(), leads=("",)
    )


def _read_as_heard_claim(
    reading: Reading, audience: str | None, documents: tuple[str, ...], brain: Brain
) -> tuple[list[Resolution], Reading] | None:
    """ "我在厂里当焊工，同事说考了证厂里就得涨工资，是这样吗": a lone question only asking whether
    what was said holds asks about the claim the story tells the user heard (`heard_claim`) —
    read as the question, with what the story tells before it as its story. Kept when sure of the
    entry the whole message read as one question leans to most; else None."""
    if len(reading.questions) != 1 or not reading.story or not checks_a_claim(reading.questions[0], brain.lexicon):
        return None
    heard = heard_claim(reading.story_text, brain.lexicon)
    if heard is None:
        return None
    claim, told = heard
    claimed = dataclasses.replace(
        reading, questions=(f"{claim}，{reading.questions[0]}",), story=(told,) if told else (), leads=("",)
    )
    read = _resolve_reading(claimed, claimed.region, audience, documents, brain)
    if not _confident(read):
        return None
    # The message read as one question, the story's facts not weighed apart (a held 焊工 would pull
    # the bare judging question to the rules on 焊工, not to what the claim says of them).
    whole = _resolve_one(
        f"{reading.story_text}，{reading.questions[0]}", None, audience, reading.region, documents, brain
    )
    return (read, claimed) if _top(whole, 0.0) == read[0].entry_id else None


def _counts_nothing_named(question: str, brain: Brain) -> bool:
    """Whether a question asks only a count or figure, naming nothing it is of ("一共有多少项")."""
    lexicon = brain.lexicon
    return quantity_asked(question, lexicon) is not None and brain.resolver.thin(
        question, (*lexicon.asking_words, *lexicon.amount_words, *lexicon.standard_words)
    )


def _as_follow_up(
    own: Interpretation, last: dict[str, Any], audience: str | None, brain: Brain
) -> Interpretation | None:
    """The message read as a follow-up to the previous question (see _read_as_follow_up), or, read
    so to no avail, as asking a detail of the answer just given (see _asks_a_detail_of)."""
    found = _read_as_follow_up(own, last, audience, brain)
    switched_to = _bare_province_switch(own, last, brain)
    if switched_to is not None and not _held_in(found, own, last, brain):
        # "江西呢", "江西有没有" right after an answer: that province's rule on the same subject, or,
        # when none is sure — or the one found owes nothing to the question before ("江西有没有"
        # after a 浙江 honour's answer: a 江西 entry on another subject) — a plain "not held there",
        # naming the rule just given.
        previous = str(last.get("entry"))
        nearest = brain.resolver.documents_cited(previous) if previous in brain.kb.entries else ()
        declined = Resolution("declined", own.reading.text, asked_region=switched_to, nearest=nearest)
        return Interpretation(
            [declined], own.reading, f"{last['q'][:MAX_REMEMBERED_CHARS]} {own.reading.text}", own.documents
        )
    if found is not None or not _asks_a_detail_of(
        own, _elliptical(own, last, brain, same_documents=False), last, brain
    ):
        return found
    previous = str(last.get("shown") or last.get("entry"))
    reading = own.reading
    region = reading.region or last.get("region")
    documents = own.documents or tuple(d for d in last.get("documents", ()) if d in brain.kb.documents)
    return Interpretation(
        [dataclasses.replace(own.chosen[0], decision="entry", entry_id=previous)],
        Reading(**{**reading.__dict__, "region": region}),
        f"{last['q'][:MAX_REMEMBERED_CHARS]} {reading.text}",
        documents,
    )


def _read_as_follow_up(
    own: Interpretation, last: dict[str, Any], audience: str | None, brain: Brain
) -> Interpretation | None:
    """The message read as a follow-up to the previous question, when it is one. A follow-up
    either says so ("那…呢", "…也一样吗") or is in-domain but incomplete on its own
    (did-you-mean); a message with nothing in common with the base ("今天天气") is not one."""
    reading, documents = own.reading, own.documents
    elliptical = _elliptical(own, last, brain)
    # "依据是哪条规定", "有依据吗" by itself right after an answer asks for that answer's basis, which
    # it quotes and cites: that answer again, whatever its few words match.
    previous = last.get("shown") or last.get("entry")
    basis_only = (
        isinstance(previous, str)
        and previous in brain.kb.entries
        and len(reading.questions) == 1
        and not reading.story
        and asks_judgement_only(reading.questions[0], brain.lexicon)
    )
    if not (
        reading.leans_on_previous or all(r.decision == "ambiguous" for r in own.chosen) or elliptical or basis_only
    ):
        return None
    earlier = substitute_slots(last["q"][:MAX_REMEMBERED_CHARS], reading, brain.lexicon)
    region = reading.region or last.get("region")
    context = " ".join((earlier, reading.story_text))
    earlier_docs = documents or tuple(d for d in last.get("documents", ()) if d in brain.kb.documents)
    # The values the follow-up switches to (那兽医专业的呢) are what it asks about; so is a province
    # switched to ("吉林呢" after a 浙江 question): its own rule before one naming it not at all.
    questions = " ".join(reading.questions)
    switched = brain.resolver.named_values(questions)
    asked = reading.with_facts(questions)
    if not switched and brain.resolver.thin(questions, brain.lexicon.asking_words):
        # "那我呢？本人高级技师…": a follow-up naming nothing switches to what its story tells.
        switched = brain.resolver.named_values(reading.story_text)
        if switched:  # asked of them ("高级技师，那我呢"), read with the earlier question (the story told only them)
            asked, context = " ".join((*switched, asked)), earlier
    if reading.region not in (None, NATIONAL, last.get("region")) and find_region(questions, brain.lexicon):
        switched = (*switched, reading.region)
    follow = [_resolve_one(asked, context, audience, region, earlier_docs, brain, switched)]
    read_with_earlier = follow[0].entry_id if follow[0].confident else None
    # "那北京呢" after a 山西 question: the earlier question asked of 北京 is a near miss,
    # which says more than a decline of the three words alone.
    near_miss = follow[0].decision == "declined" and bool(follow[0].asked_region and follow[0].nearest)
    follow = _same_rule_of_another(follow, reading, last, brain)
    follow = _not_asked_twice(follow, own.chosen, reading, last, switched, brain)
    follow = _not_the_same_clause_again(follow, own.chosen, last)
    if _silent_on_the_switch(follow, own.chosen, tuple(v for v in switched if v != reading.region), brain):
        return None  # ("那律师呢" after two turns on teachers: the lawyers' rule it names by itself)
    on_topic = _on_the_conversations_topic(own.chosen, last, brain)
    pointed = None
    if any(w in reading.text for w in brain.lexicon.pointing_back_words):
        pointed = _pointed_back_to(reading, follow, last, brain)
        on_topic = pointed or on_topic
    if basis_only:
        on_topic = pointed = str(previous)
    on_topic = on_topic or _held_there_too(follow, reading, last, brain)
    if pointed is not None or (on_topic is not None and not _confident(follow)):
        follow = [dataclasses.replace(own.chosen[0], decision="entry", entry_id=on_topic)]
    # "省级的呢" right after an honour's answer: a bare switch asks of the earlier question, and in
    # doubt there, the doubt is the reply, not an entry its few words match by themselves.
    unsure_switch = (
        reading.leans_on_previous
        and follow[0].decision in ("ambiguous", "declined")
        and len(strip_to_words(reading.text)) <= SITUATION_CHARS
    )
    # "得满足啥条件" right after a 先上岗 answer names nothing of its own: sure by itself only of
    # some other document's conditions, it is in doubt among the conversation's — that doubt is the reply.
    unsure_bare = elliptical and follow[0].decision == "ambiguous" and names_nothing(reading.text, brain)
    if (
        len(reading.questions) > 1
        and not _confident(follow)
        and any(_switches_the_subject(q, last, brain) for q in reading.questions)
    ):
        # "那高级技师呢？江西有没有类似规定": read as one, in doubt; each part, in its own province
        # or the conversation's, may be sure
        parts = _each_part_followed(reading, context, audience, last, earlier_docs, brain)
        if parts is not None:
            return Interpretation(parts, reading, f"{earlier} {reading.text}", earlier_docs)
    if not (
        _confident(follow)
        or (near_miss and all(r.decision == "declined" for r in own.chosen))
        or unsure_switch
        or unsure_bare
    ):
        return None
    if elliptical and not reading.leans_on_previous:
        # Read with the earlier question it is surer, of another entry on that answer's documents
        # which it also leans to by itself and which speaks to all it names — not a new subject
        # ("…评价机构怎么申请" then "见习期多长") the context would pull back.
        kept, mine = follow[0], own.chosen[0]
        if (
            last["entry"] in brain.kb.entries
            and _on_documents_of(str(mine.entry_id), brain.resolver.documents_cited(last["entry"]), brain)
            and kept.score < mine.score + SAME_DOCUMENTS_LEAD
        ):
            # Sure by itself of another rule on the documents of the answer just given ("对谁开展认定"
            # after which schools may), it is that rule unless the earlier question makes another clearly surer.
            return None
        # Naming nothing of its own ("依据什么文件", "什么时候发的"), it can only ask of that subject.
        bare = unsure_bare or (len(follow) == 1 and kept.confident and names_nothing(reading.text, brain))
        # (… nor one asking only what the answer just given speaks to: "能延长多久" after the
        # validity of an evaluation body, whose answer says by how much)
        bare = bare or (
            len(follow) == 1
            and kept.confident
            and kept.entry_id == last["entry"]
            and kept.score > mine.score
            and brain.resolver.speaks_to_every_word(reading.text, kept.entry_id)
        )
        # (… nor one in a conversation about a province, "举报找谁" after a 吉林 question, whose own
        # words match another province's rule: read with the earlier question it is that province's)
        place = last.get("region")
        bare = bare or (
            len(follow) == 1
            and kept.confident
            and kept.decision == "entry"
            and isinstance(place, str)
            and place != NATIONAL
            and kept.entry_id is not None
            and brain.resolver.entry_fits_region(kept.entry_id, place)
            and not brain.resolver.entry_fits_region(str(mine.entry_id), place)
        )
        if not bare and not (
            len(follow) == 1
            and kept.decision == "entry"
            and kept.entry_id != mine.entry_id
            and kept.score > mine.score
            and kept.entry_id in [c.entry_id for c in mine.candidates_all[:3]]  # by itself a near choice too
            and _shares_document(kept.entry_id, last["entry"], brain)
            and brain.resolver.speaks_to_every_word(reading.text, kept.entry_id)
        ):
            return None
    elif not (reading.leans_on_previous or not _confident(own.chosen) or basis_only):
        return None
    # "那资格取消以前就考到手的证书，现在还有没有用" answers itself: read with the earlier question
    # it would only repeat the earlier answer, which no one asks for twice. ("那用人单位呢" asks
    # only by its 呢: it switches the subject of the earlier question, and is read with it. One
    # pointing back, "那这项规定…", asks of the earlier subject, whatever it matches by itself.)
    # ("企业…也一样吗", read with the earlier question sure of the answer just given, asks whether it
    # holds for them too: that answer is what it asks, whatever it matches by itself.)
    same_asked = read_with_earlier == last.get("entry") and any(
        marker in reading.text for marker in brain.lexicon.follow_up_markers
    )
    # (… but "要几年", naming nothing, asks of what was just answered: that answer again.)
    whole = (
        not basis_only
        and all(asks(q.rstrip("呢?？ "), brain.lexicon) for q in reading.questions)
        and not any(w in reading.text for w in brain.lexicon.pointing_back_words)
        and not same_asked
        and brain.resolver.names_a_topic(reading.text)
        # ("啥时候印发的" names nothing but a fact of a document: of the one just answered from)
        and not (asks_any(reading.text, brain.lexicon.asks_document) and names_nothing(reading.text, brain))
        # ("能延长多久", whose own words lead to another document, asks what the answer just given
        # speaks to: that answer again)
        and not (
            elliptical
            and last.get("entry") in brain.kb.entries
            and brain.resolver.speaks_to_every_word(reading.text, str(last.get("entry")))
        )
    )
    if whole and _confident(own.chosen) and follow[0].entry_id == last.get("entry") != own.chosen[0].entry_id:
        return None
    if len(reading.questions) > 1:
        follow = _follow_parts(reading, context, audience, region, earlier_docs, brain, follow)
    return Interpretation(
        follow, Reading(**{**reading.__dict__, "region": region}), f"{earlier} {reading.text}", earlier_docs
    )


def _bare_province_switch(own: Interpretation, last: dict[str, Any], brain: Brain) -> str | None:
    """The province a short message names and nothing else ("江西呢", "那江西有没有"), right after
    an answer about another place's rule; None for any other message."""
    if len(own.reading.questions) != 1:
        return None
    return _province_switched_in(own.reading.text, last, brain, own.reading.region)


def _province_switched_in(question: str, last: dict[str, Any], brain: Brain, region: str | None = None) -> str | None:
    """The province a short question names and nothing else, another than the answer just given
    is about and where that answer's rule does not hold; None otherwise."""
    region = region or find_region(fold(question), brain.lexicon)
    if (
        region in (None, NATIONAL, last.get("region"))
        or not isinstance(last.get("entry"), str)
        # (its asking words aside: "江西有没有类似规定" is as bare as "江西呢")
        or len(strip_to_words(_without_asking_words(question, brain))) > SITUATION_CHARS
        or not names_nothing(question, brain)
        or brain.resolver.named_values(question)
        # (the answer just given holds there too: "吉林那边怎么说" after a rule of 浙江 and 吉林)
        or brain.resolver.entry_fits_region(str(last.get("entry")), region)
    ):
        return None
    return region


def _held_there_too(follow: list[Resolution], reading: Reading, last: dict[str, Any], brain: Brain) -> str | None:
    """A bare province switch ("吉林呢", "吉林也是这样吗") right after an answer whose rule holds
    there too, in doubt: the answer just given — or the entry giving the same policy in that
    province's own words, when the doubt leans to it — is what it asks, when it quotes that
    province's own document (a 浙江 text forwarding a national rule says nothing of 吉林's). None
    otherwise."""
    entry, region = last.get("entry"), reading.region
    if (
        _confident(follow)
        or len(follow) != 1
        or not isinstance(entry, str)
        or entry not in brain.kb.entries
        or region in (None, NATIONAL, last.get("region"))
        or len(strip_to_words(_without_asking_words(reading.text, brain))) > SITUATION_CHARS
        or not names_nothing(reading.text, brain)
        or brain.resolver.named_values(reading.text)
        or not brain.resolver.entry_fits_region(entry, region)
    ):
        return None
    near = [c.entry_id for c in follow[0].candidates_all[:NEAR_CHOICES]]
    kb = brain.kb
    return next(
        (
            e
            for e in near
            if (e == entry or brain.resolver.related(e, entry))
            and any(kb.documents[d].region == region for d in brain.resolver.documents_cited(e))
        ),
        None,
    )


def _held_in(found: Interpretation | None, own: Interpretation, last: dict[str, Any], brain: Brain) -> bool:
    """Whether a follow-up switching province found a sure answer owing something to the question
    before: the answer just given (its rule holds there too), or one the earlier question made surer
    that speaks of what it named (its levels, 职称: "江西有没有类似规定" after 技师 → 中级职称 is not
    answered by 江西's rules on certifying levels, which never speak of 职称)."""
    if found is None or len(found.chosen) != 1 or not found.chosen[0].confident:
        return False
    kept, mine = found.chosen[0], own.chosen[0]
    if kept.entry_id == last.get("entry"):
        return True
    named = brain.resolver.named_values(str(last.get("q", "")))
    if named and kept.entry_id in brain.kb.entries and not brain.resolver.speaks_of_values(str(kept.entry_id), named):
        return False
    return kept.entry_id != mine.entry_id or kept.score > mine.score + 1e-6


def _asks_a_detail_of(own: Interpretation, elliptical: bool, last: dict[str, Any], brain: Brain) -> bool:
    """Whether a short question right after an answer asks a detail of it ("离校几年内", "一共几项",
    "新的叫什么" after the answer naming them): unsure by itself, or sure only of another document's
    entry, it names no value or province of its own, and nothing the answer does not speak of."""
    previous = last.get("shown") or last.get("entry")
    reading = own.reading
    if not (
        isinstance(previous, str)
        and previous in brain.kb.entries
        and len(reading.questions) == 1
        and not reading.story
        and not reading.leans_on_previous  # (a switch: "那护士呢")
        and len(strip_to_words(reading.text)) <= ELLIPTICAL_CHARS
        and asks(reading.questions[0], brain.lexicon)
        and (elliptical or not _confident(own.chosen))
        # (a fact of the document itself, "文号多少", is the document's card: see bot.core)
        and not asks_any(reading.text, brain.lexicon.asks_document)
    ):
        return False
    resolver = brain.resolver
    if resolver.named_values(reading.text):
        return False
    if reading.region not in (None, NATIONAL) and not resolver.entry_fits_region(previous, reading.region):
        return False
    # (a standard's figure asked, "补贴标准是多少", is asked of what it is the standard of: 补贴)
    return resolver.speaks_of_all(previous, subjects_named(reading.text, brain)) and resolver.says_only_what_it_holds(
        reading.text, previous
    )


def _pointed_back_to(reading: Reading, follow: list[Resolution], last: dict[str, Any], brain: Brain) -> str | None:
    """The answer just given, asked about again by a follow-up pointing back to it ("那这项规定现在
    还有效吗"): read with the earlier question it leans to that answer, or asks nothing that answer
    leaves unsaid but whether the rule still holds (which its dates tell)."""
    previous, resolver = last.get("entry"), brain.resolver
    if not isinstance(previous, str) or previous not in brain.kb.entries:
        return None
    if len(follow) == 1 and _top(follow[0], resolver.policy.suggest_at) == previous:
        return previous
    text, holds = reading.text, brain.lexicon.still_holds_words
    left = [
        w
        for w in (*resolver.unexplained(text, previous), *resolver.unanswered(text, previous))
        if not any(h in w or w in h for h in holds)
    ]
    return previous if not left and any(h in resolver.matcher.pipeline.canonical(text) for h in holds) else None


def _elliptical(own: Interpretation, last: dict[str, Any], brain: Brain, same_documents: bool = True) -> bool:
    """Whether a short message, sure by itself of an entry resting on none of the documents of the
    answer just given, may be elliptical — asked of what the conversation is about. With
    `same_documents`, so may one sure of an entry on them when that answer speaks to all its words."""
    previous = last.get("entry")
    chosen = own.chosen
    kb = brain.kb
    if not isinstance(previous, str) or not (previous in kb.entries or previous in kb.clauses):
        return False
    # (the answer just given may be clauses quoted for want of an entry: their document)
    before = brain.resolver.documents_cited(previous) if previous in kb.entries else (kb.clauses[previous].doc_id,)
    return (
        len(chosen) == 1
        and chosen[0].decision == "entry"
        and chosen[0].entry_id in kb.entries
        and len(strip_to_words(own.reading.text)) <= ELLIPTICAL_CHARS
        and (
            not _on_documents_of(str(chosen[0].entry_id), before, brain)
            or (
                same_documents
                and previous in kb.entries
                and brain.resolver.speaks_to_every_word(own.reading.text, previous)
            )
        )
    )


def _on_documents_of(entry_id: str, documents: Sequence[str], brain: Brain) -> bool:
    """Whether the entry rests on one of `documents`."""
    return not set(brain.resolver.documents_cited(entry_id)).isdisjoint(documents)


def _shares_document(entry_id: str | None, other_id: str, brain: Brain) -> bool:
    """Whether two entries rest on a document in common."""
    kb = brain.kb
    if entry_id is None or entry_id not in kb.entries or other_id not in kb.entries:
        return False
    return not set(brain.resolver.documents_cited(entry_id)).isdisjoint(brain.resolver.documents_cited(other_id))


def _same_rule_of_another(
    follow: list[Resolution], reading: Reading, last: dict[str, Any], brain: Brain
) -> list[Resolution]:
    """ "社会评价组织也一样吗" right after an answer that already speaks of 社会评价组织 asks whether
    that answer holds for them too: it is that answer again, not another entry the subject's
    name happens to match — nor, unsure between that answer and another rule as close, a
    did-you-mean."""
    previous = last.get("entry")
    entries, resolver = brain.kb.entries, brain.resolver
    if (
        len(reading.questions) != 1
        or len(follow) != 1
        or not isinstance(previous, str)
        or previous not in entries
        or follow[0].entry_id == previous
        or not any(marker in reading.text for marker in brain.lexicon.follow_up_markers)
    ):
        return follow
    if follow[0].decision == "ambiguous":
        # "企业也一样吗" torn between the answer just given and another rule as close, the answer
        # naming 企业 too: it says what holds for them, and is what the follow-up asks about.
        best = follow[0].candidates_all[0].score if follow[0].candidates_all else 0.0
        near = [c for c in follow[0].candidates_all[:2] if best - c.score <= resolver.policy.margin]
        switched = resolver.named_values(reading.questions[0])
        if switched and any(c.entry_id == previous for c in near) and resolver.speaks_of_all(previous, switched):
            return [dataclasses.replace(follow[0], decision="entry", entry_id=previous, score=best)]
        return follow
    subject = resolver.subject_words(reading.questions[0]) if follow[0].confident else []
    if not subject or not resolver.speaks_of_all(previous, subject):
        return follow
    return [dataclasses.replace(follow[0], decision="entry", entry_id=previous)]


def _not_asked_twice(
    follow: list[Resolution],
    own: list[Resolution],
    reading: Reading,
    last: dict[str, Any],
    switched: tuple[str, ...],
    brain: Brain,
) -> list[Resolution]:
    """ "…去哪儿报名？" then "那找到岗位以后，单位要跟我签什么东西吗": read with the earlier question a
    follow-up may land on the answer just given, which no one asks for twice. When it switches no
    value, asks by itself (not "那水平评价类的呢") and not whether that answer holds for another
    ("…也一样吗"), and the entry it leans to by itself is the runner-up read with the earlier
    question, it asks that one."""
    previous = last.get("entry")
    if (
        len(follow) != 1
        or len(own) != 1
        or not follow[0].confident
        or follow[0].entry_id != previous
        or switched
        or any(marker in reading.text for marker in brain.lexicon.follow_up_markers)
        # "这项补贴管到哪年" points back to the answer just given: it is what is asked again
        or any(word in reading.text for word in brain.lexicon.pointing_back_words)
        # "那X呢" switches the subject — unless X is a situation of its own the answer just given
        # does not speak to ("那已经交了报名费、还没开考的呢")
        or not (
            all(asks(q.rstrip("呢?？ "), brain.lexicon) for q in reading.questions)
            or _names_a_situation(reading.text, brain)
        )
        or len(follow[0].candidates_all) < 2
    ):
        return follow
    by_itself = _top(own[0], 0.0)
    runner = follow[0].candidates_all[1]
    if by_itself is None or by_itself == previous or runner.entry_id not in _leaders(own[0], 2):
        return follow
    if not _shares_document(runner.entry_id, str(previous), brain) and (
        names_nothing(reading.text, brain)  # ("依据什么文件" names no other subject: not another document's)
        # ("能延长多久" after the validity of an evaluation body, whose answer says by how much)
        or brain.resolver.speaks_to_every_word(reading.text, str(previous))
    ):
        return follow
    return [dataclasses.replace(follow[0], entry_id=runner.entry_id, score=runner.score)]


def _not_the_same_clause_again(
    follow: list[Resolution], own: list[Resolution], last: dict[str, Any]
) -> list[Resolution]:
    """ "那培训补贴这一项是哪个处室的" right after a clause quoted as the answer: read with the earlier
    question the clause search finds that clause again, which no one asks for twice; the clause
    the follow-up finds by itself, sure of it, is what it asks."""
    previous = last.get("entry")
    if (
        len(follow) == 1
        and len(own) == 1
        and follow[0].decision == own[0].decision == "clauses"
        and own[0].confident
        and follow[0].clauses
        and own[0].clauses
        and follow[0].clauses[0].cite == previous != own[0].clauses[0].cite
    ):
        return list(own)
    return follow


def _names_a_situation(text: str, brain: Brain) -> bool:
    """Whether a "那…呢" follow-up tells a situation of its own (`situation_words`: "试用期没考出证呢",
    `SITUATION_WORD_CHARS` or more; or a condition, "那要是…呢", `SITUATION_CHARS` or more: "要是
    正高级职称呢" only switches the subject), not a subject switched to."""
    told = strip_to_words(fold(text)).removeprefix("那").removesuffix("呢").removesuffix("的")
    lexicon = brain.lexicon
    return (len(told) >= SITUATION_WORD_CHARS and any(w in told for w in lexicon.situation_words)) or (
        len(told) >= SITUATION_CHARS and any(w in told for w in lexicon.condition_markers)
    )


def _on_the_conversations_topic(own: list[Resolution], last: dict[str, Any], brain: Brain) -> str | None:
    """The entry a message unsure by itself leans to, when it is on the topic of the answer just
    given and its nearest rival is not ("…怎么申请？" then "批下来以后平时怎么管我们，会不会上门检查":
    the evaluation bodies' supervision, not the internship units' inspections)."""
    entries, resolver = brain.kb.entries, brain.resolver
    previous = last.get("entry")
    if len(own) != 1 or own[0].decision != "ambiguous" or not isinstance(previous, str) or previous not in entries:
        return None
    ranked = list(own[0].candidates_all)
    top = _top(own[0], resolver.policy.suggest_at)
    rival = resolver.distinct_runner(ranked) if ranked else None
    topic = entries[previous].topic
    if top is None or entries[top].topic != topic or (rival is not None and entries[rival.entry_id].topic == topic):
        return None
    return top


def _judged_by_own_words(
    reading: Reading, own: list[Resolution], audience: str | None, documents: tuple[str, ...], brain: Brain
) -> bool:
    """Whether a lone judging question ("…工龄也不给算 这样合规吗") was answered by its judging
    words alone: the question by itself picks the same entry (one happens to be phrased "…这样
    合规吗") and the story by itself does not lean to it. What it judges is the story."""
    if not (
        len(reading.questions) == 1
        and reading.story
        and _confident(own)
        and asks_judgement_only(reading.questions[0], brain.lexicon)
    ):
        return False
    chosen = own[0].entry_id

    def alone(text: str) -> Resolution:
        return _resolve_one(text, None, audience, reading.region, documents, brain)

    return _top(alone(reading.questions[0]), 0.0) == chosen and chosen not in _leaders(alone(reading.story_text))


def _answers_with_lead(
    reading: Reading, index: int, audience: str | None, documents: tuple[str, ...], brain: Brain
) -> bool:
    """Whether question `index` (its lead absorbed) is answered by itself: only then is the
    whole message read again that way (a full re-read costs a resolution per part)."""
    question = reading.with_facts_at(index)
    return _resolve_one(question, reading.story_text, audience, reading.region, documents, brain).confident


def _per_value(chosen: list[Resolution], reading: Reading, brain: Brain) -> list[Resolution]:
    """A question naming two values of one kind ("技师和高级技师分别要干满几年") gets the entry
    asked about each, when each value has its own among the entries the message leans to."""
    if len(chosen) != 1 or chosen[0].decision not in ("entry", "ambiguous") or not chosen[0].candidates_all:
        return chosen
    res, policy = chosen[0], brain.resolver.policy
    best = res.candidates_all[0].score
    near = [c for c in res.candidates_all[:6] if c.score >= max(policy.suggest_at, best - policy.suggest_window)]
    questions = " ".join(reading.questions)
    markers = brain.lexicon.parallel_markers
    for kind, values in reading.slots.items():
        # … asked side by side in the question ("技师和高级技师", "中级、副高", "分别"), not one held
        # and another wanted ("我是高级工，想考技师") — or named in the story and asked of each by
        # the question ("一个评上全国技术能手，一个是省技术能手，各自能报哪级职称").
        told = any(v not in questions for v in values) and any(m in questions for m in markers)
        text = f"{reading.story_text} {questions}" if told else questions
        if not 2 <= len(values) <= 3 or not side_by_side(values, text, brain.lexicon):
            continue
        asked = [brain.pipeline.canonical(v) for v in sorted(values, key=text.find)]
        picks = []
        for value in asked:
            own = [
                c
                for c in near
                if value in (named := _asked_of(c.entry_id, kind, asked, brain))
                and not any(o in named for o in asked if o != value)
            ]
            if not own:
                break
            picks.append(own[0])
        if len(picks) == len(asked) and len({c.entry_id for c in picks}) == len(picks):
            return [dataclasses.replace(res, decision="entry", entry_id=c.entry_id, score=c.score) for c in picks]
    return chosen


def _asked_of(entry_id: str, kind: str, values: Sequence[str], brain: Brain) -> frozenset[str]:
    """The values an entry is asked about: of the kinds an answer must speak to (levels,
    professions) as the resolver knows them, of another kind (honours) among `values`."""
    if kind in NAMED_SLOTS:
        return brain.resolver.values_asked_by(entry_id)
    return brain.resolver.asks_of(entry_id, values)


def _follow_parts(
    reading: Reading,
    context: str,
    audience: str | None,
    region: str | None,
    documents: tuple[str, ...],
    brain: Brain,
    follow: list[Resolution],
) -> list[Resolution]:
    """A follow-up of several questions ("那其中公布了多少项？吉林自己又取消了几项？"): each
    is answered by itself when it can be, else read with the earlier question; when fewer
    than two are answered so, the follow-up read as a whole (`follow`) leads."""
    answered: list[Resolution] = []
    for index in range(len(reading.questions)):
        asked = reading.with_facts_at(index)
        part = _resolve_one(asked, reading.story_text, audience, region, (), brain)
        if not part.confident:
            part = _resolve_one(asked, context, audience, region, documents, brain)
        if part.confident and all(_key(part) != _key(a) for a in answered):
            answered.append(part)
    if len(answered) < 2:
        return [*follow, *(a for a in answered if _key(a) != _key(follow[0]))][:3]
    return answered[:3]


def _switches_the_subject(question: str, last: dict[str, Any], brain: Brain) -> bool:
    """Whether a question of a follow-up switches what the earlier asked of: a value ("那高级技师呢")
    or only the province ("江西有没有类似规定")."""
    return bool(
        brain.resolver.named_values(question)
        and (ends_with_ne(question) or question.startswith(brain.lexicon.pointing_back_openers))
    ) or (_province_switched_in(question, last, brain) is not None)


def _each_part_followed(
    reading: Reading,
    context: str,
    audience: str | None,
    last: dict[str, Any],
    documents: tuple[str, ...],
    brain: Brain,
) -> list[Resolution] | None:
    """Each question of a follow-up answered by itself or, failing that, read with the earlier
    question — one switching what the earlier asked of ("那高级技师呢") read with it first, as
    the values it names — each in the province it names, else the conversation's; None unless
    every one is sure of its own answer."""
    answered: list[Resolution] = []
    for index, question in enumerate(reading.questions):
        asked = reading.with_facts_at(index)
        other_province = _province_switched_in(question, last, brain)
        if other_province is not None:  # ("江西有没有类似规定"): not held there, said for that province —
            # once ("那吉林呢，吉林有没有…" switches to it twice)
            if all(a.asked_region != other_province or a.decision != "declined" for a in answered):
                answered.append(_not_held_in(other_province, asked, last, brain))
            continue
        region = find_region(fold(question), brain.lexicon) or last.get("region")
        if _switches_the_subject(question, last, brain):
            part = _resolve_one(
                asked, context, audience, region, documents, brain, brain.resolver.named_values(question)
            )
        else:
            part = _resolve_one(asked, reading.story_text, audience, region, (), brain)
            if not part.confident:
                part = _resolve_one(asked, context, audience, region, documents, brain)
        if not part.confident or any(_key(part) == _key(a) for a in answered):
            return None
        answered.append(part)
    return answered[:3]


def cited_clauses(res: Resolution, brain: Brain) -> tuple[str, ...]:
    """The clauses a confident resolution answers with."""
    if res.decision == "entry" and res.entry_id:
        return brain.kb.entries[res.entry_id].cites
    return tuple(h.cite for h in res.clauses) if res.confident else ()


def _narrows(reading: Reading, index: int, brain: Brain) -> bool:
    """Whether a further question counts part of what the question before it counted ("总共
    几项？其中某一类占几项"): it opens with a partitive (其中), tells nothing of its own, and
    both ask a figure. ("有几类？其中哪类归省里管" asks something else of the part.)"""
    lead = reading.leads[index] if index < len(reading.leads) else ""
    lexicon = brain.lexicon
    question = reading.questions[index]
    if index == 0 or lead:
        return False
    ask = quantity_asked(question, lexicon)
    if ask is None:
        return False
    if question.startswith(lexicon.partitive_openers):
        return quantity_asked(reading.questions[index - 1], lexicon) is not None
    # "…考务费怎么定？一个人交多少": a figure asked of nothing named asks it of the question before.
    bare = question
    for word in sorted((*lexicon.asking_words, ask.asked, *lexicon.per_unit_words), key=len, reverse=True):
        bare = bare.replace(word, "")
    return not strip_to_words(bare)


def _joined(chosen: list[Resolution], entry_id: str | None, question: str) -> list[Resolution]:
    """`chosen` with `question` added to the answer for `entry_id`: one answer to both questions."""
    return [
        dataclasses.replace(c, question=f"{c.question}？{question}")
        if c.entry_id == entry_id and question not in c.question
        else c
        for c in chosen
    ]


def _resolve_one(
    question: str,
    context: str | None,
    audience: str | None,
    region: str | None,
    documents: tuple[str, ...],
    brain: Brain,
    insist_on: tuple[str, ...] = (),
    rows_of: tuple[str, ...] = (),
) -> Resolution:
    """One question: a table's 责任单位 when it asks who is responsible (preferring the rows of
    `rows_of`, the clauses it points back at), else entries and clauses."""
    lexicon = brain.lexicon
    duties = brain.resolver.duties_of_named_unit(question)  # ("劳动关系处负责哪几条": every row of it)
    if duties is not None:
        return duties
    if asks_any(question, lexicon.asks_responsible) and not _asks_duties_only(question, lexicon):
        rows = brain.resolver.responsible(
            question,
            context,
            region,
            lexicon.covered_regions,
            lexicon.asks_responsible,
            asks_any(question, lexicon.asks_office),
            among=rows_of,
        )
        if rows is not None:
            return rows
    return brain.resolver.resolve(question, context, audience, region, lexicon.covered_regions, documents, insist_on)


def _asks_duties_only(question: str, lexicon: Lexicon) -> bool:
    """Whether a question asks what a unit does ("县里的人社局对评价机构负责些什么"), not who
    does something: a unit no table names as responsible (`duties_of_named_unit` found none),
    asked its duties, with no word asking who (谁负责, 哪个处室) — the document assigning its
    duties answers it, not a table's 责任单位 column."""
    who = tuple(w for w in lexicon.asks_responsible if not any(w in d for d in lexicon.asks_duties))
    return asks_any(question, lexicon.asks_duties) and not asks_any(question, who)


def _resolve_reading(
    reading: Reading, region: str | None, audience: str | None, documents: tuple[str, ...], brain: Brain
) -> list[Resolution]:
    """One resolution per distinct confident question, or the whole message's one."""

    @functools.cache
    def whole() -> Resolution:
        # The message read as one question: resolved only when its parts do not answer it by
        # themselves (a resolution is most of what reading a message costs).
        return _resolve_one(
            reading.with_facts(" ".join(reading.questions)), reading.story_text, audience, region, documents, brain
        )

    if len(reading.questions) < 2:
        only = whole()
        if only.confident and not reading.story and asks_judgement_only(reading.text, brain.lexicon):
            # "你确定吗" by itself judges nothing told: an entry that happens to say 确定 is no answer
            # (right after an answer, the follow-up reading gives that answer again)
            only = dataclasses.replace(only, decision="declined", entry_id=None, candidates=(), candidates_all=())
        return [only]
    parts: list[Resolution] = []
    alone: list[Resolution] = []
    judgements: list[bool] = []  # parts that only judge what the others said, unanswered
    topical: list[bool] = []  # parts read on the topic of the question before (`_on_the_topic_before`)
    leads = [reading.leads[i] if i < len(reading.leads) else "" for i in range(len(reading.questions))]
    # A part naming a province asks of it, whatever the story told right before it names ("翻过山西的
    # 文件，…。浙江也照这个办吗"); one naming none asks of the province its lead names.
    named = [
        own
        if (own := find_region(q, brain.lexicon)) not in (None, NATIONAL)
        else find_region(f"{lead} {q}", brain.lexicon)
        for lead, q in zip(leads, reading.questions, strict=True)
    ]
    # The province only another part names is that part's, not the message's: "见习基地多久能审核
    # 下来？浙江这边…能报助理级职称？" does not ask the first question of 浙江.
    elsewhere = region in named and find_region(reading.story_text, brain.lexicon) != region
    # So is a document of another province ("杭州的评价机构分哪几类？江西的知识更新工程哪年实施？":
    # the 江西 notice is the second part's, and would pull the first to entries citing it); a
    # document named in the story, or beside a part naming no province, is every part's.
    named_docs = [named_documents(q, brain.kb, brain.pipeline) if documents else () for q in reading.questions]
    part_docs = [
        own
        or tuple(
            d
            for d in documents
            if named[i] in (None, NATIONAL)
            or brain.kb.documents[d].region in (named[i], NATIONAL)
            or not any(d in other for j, other in enumerate(named_docs) if j != i)
        )
        for i, own in enumerate(named_docs)
    ]
    regions: list[str | None] = []
    for i, q in enumerate(reading.questions):
        lead = leads[i]
        # A part naming its own province ("我在浙江…？山西就业见习…缺几天就不发？") is asked of it.
        # A part naming none is asked of the province a part before it named ("吉林的清单在哪查？
        # 归谁管？"): a province carries forward to what follows, never back.
        earlier = next((n for n in reversed(named[:i]) if n not in (None, NATIONAL)), None)
        own_region = named[i] if named[i] not in (None, NATIONAL) else (earlier or (None if elsewhere else region))
        regions.append(own_region)
        # Each part on its own first, then with the story told right before it ("见习不到一个月就
        # 走了 能拿生活补助吗"); an elliptical part ("市人社局自己有对应措施吗") leans on the others.
        story = without_restated(reading.story_for(i), q, brain.lexicon)
        rows_of: tuple[str, ...] = ()
        lexicon = brain.lexicon
        if (
            i
            and not leads[i]
            and (q.startswith(lexicon.pointing_back_openers) or any(w in q for w in lexicon.pointing_back_words))
            and not (asks_any(q, lexicon.asks_responsible) and _names_beside_pointer(q, brain))
        ):
            # "…？另外这块归哪个处负责" — 这块 is what the question before asked about, and the
            # office is that of the rule just quoted for it (not when the part names a subject of its
            # own before it: "宣传工作这块由哪个处管" asks of 宣传工作, whose row it searches for).
            story = " ".join(filter(None, (story, leads[i - 1], reading.questions[i - 1])))
            rows_of = cited_clauses(parts[i - 1], brain)
        asked, bare = reading.with_facts_at(i), q
        if _narrows(reading, i, brain):
            # "…总共几项？其中某一类占几项": 其中 narrows what the question before asked
            # about, so it is asked of that.
            asked, bare = f"{reading.questions[i - 1]}，{asked}", f"{reading.questions[i - 1]}，{q}"
        switch = _switched_part(reading, i, brain)
        as_before: Resolution | None = None
        if switch is not None:
            # "准入类的设置条件是什么？水平评价类的呢" asks the question before of the new value.
            earlier, switched = switch
            as_before = _resolve_one(
                asked, f"{earlier} {story}".strip(), audience, own_region, part_docs[i], brain, switched
            )
            if not as_before.confident and not ends_with_ne(q):
                # "…？而水平评价类的又需满足啥": words of its own beside the new value; the question before,
                # asked of the new value instead, is what it asks.
                as_before = _resolve_one(
                    _asked_of_new_value(reading, i, brain.lexicon),
                    story,
                    audience,
                    own_region,
                    part_docs[i],
                    brain,
                    switched,
                )
        if as_before is not None and (as_before.confident or _near_miss(as_before)):
            # (… of a province this base has no such rule of, "…见习补贴多少？江西的呢": that is
            # what it asks, not whatever the province's own documents say of its few words)
            part = as_before
        else:
            part = _resolve_one(asked, story, audience, own_region, part_docs[i], brain, rows_of=rows_of)
        # "是真的吗" beside other questions judges what was said: an entry that happens to say
        # 真的 is no answer to it; read with the story the user told, it may be answered.
        judging = asks_judgement_only(q, brain.lexicon)
        # … and right after a sure answer, with nothing told between ("…该怎么办？请告知依据出处"),
        # it asks for that answer's basis, which the answer quotes and cites: no answer of its own.
        after_answer = bool(i) and not lead and parts[i - 1].confident
        if judging and (not story.strip() or after_answer):
            part = dataclasses.replace(part, decision="declined", entry_id=None, candidates=(), candidates_all=())
        if not part.confident and lead:
            led = f"{lead}，{asked}"
            # The lead is now part of the question, not also of the story it is read with.
            rest = " ".join(s for s in reading.story if s != lead and s in story)
            with_lead = _resolve_one(led, rest, audience, own_region, part_docs[i], brain)
            if not with_lead.confident and rest:
                # The rest of the story may be another part's ("…职工，工资待遇怎么说？还有出国的人，
                # 证书怎么处理"): the lead and the question may say enough by themselves.
                with_lead = _resolve_one(led, None, audience, own_region, part_docs[i], brain)
            part = with_lead if with_lead.confident else part
        on_topic = None
        if i and not leads[i] and not part_docs[i]:
            before = f"{leads[i - 1]} {reading.questions[i - 1]}"
            on_topic = _on_the_topic_before(part, parts[i - 1], before, asked, audience, own_region, brain)
        if on_topic is None and i and not leads[i] and not part_docs[i]:
            on_topic = _of_the_question_before(
                part, parts[i - 1], reading.questions[i - 1], q, asked, story, audience, own_region, brain
            )
        topical.append(on_topic is not None)
        part = on_topic or part
        if i and not part_docs[i]:
            within = _within_first_answers_documents(part, parts[0], asked, story, audience, own_region, brain)
            if within is not part and within.entry_id == parts[0].entry_id:
                topical[-1] = True  # (asking what the first answer says: not read by itself again)
            part = within
        alone.append(part)
        if not part.confident and not judging and not (as_before is part and _near_miss(part)):
            part = _resolve_one(bare, reading.context_for(i), audience, own_region, part_docs[i], brain)
        parts.append(part)
        judgements.append(judging and not part.confident)
    parts = _set_apart(parts, brain)
    parts = _quoting_entry_for_all(parts, brain)
    answered: list[Resolution] = []
    for part in parts:
        if part.confident and all(_key(part) != _key(a) for a in answered):
            answered.append(part)
    if answered:
        answered += _beside(parts, answered, regions, brain)
    # Beside a sure answer, parts that only judge it or ask for its basis ("…？文件里怎么写的")
    # are answered by it: the message is that answer's, whatever the whole message leans to.
    judged = (
        bool(answered) and any(judgements) and all(j for p, j in zip(parts, judgements, strict=True) if not p.confident)
    )
    # Parts sure of an answer, each later one only switching a value of the one before ("…怎么申请？换成
    # 用人单位呢"), are answered as they are: the message read as one adds nothing (and costs a resolution).
    switching = len(parts) > 1 and all(
        p.confident and (i == 0 or _switches(reading, i, brain.lexicon)) for i, p in enumerate(parts)
    )
    chosen = (
        answered[:3]
        if len(answered) >= 2 or judged or switching
        else choose(whole(), parts, answered, brain, alone, documents)
    )
    if not _confident(chosen):
        return chosen
    return _further_parts(
        reading, whole, alone, parts, judgements, topical, chosen, region, regions, audience, part_docs, brain
    )


def _on_the_topic_before(
    part: Resolution,
    before: Resolution,
    before_text: str,
    asked: str,
    audience: str | None,
    region: str | None,
    brain: Brain,
) -> Resolution | None:
    """A later question sure of nothing on the documents the answer to the question before rests
    on — or only of that answer again — may ask about what the question before named, in words of
    its own that lean elsewhere ("…评价机构收费有什么规定？违反了怎么处理": the bodies' penalties, not
    a 职称 applicant's fraud; "…评价机构怎么申请设立？日常由谁来管"). Read with that question's topic words
    (`Resolver.topic_words`: 评价机构, not 举报) within its answer's documents, it is kept when sure
    of another entry on them (a user asking two questions does not ask the same thing twice) that
    it leans to by itself too; else None."""
    resolver, kb = brain.resolver, brain.kb
    earlier = before.entry_id if before.decision == "entry" else None
    if earlier is None or earlier not in kb.entries:
        return None
    if part.decision == "entry" and part.entry_id != earlier and _shares_document(part.entry_id, earlier, brain):
        return None
    # Kept only for one of the part's near choices on those documents (below): with none, the
    # reading cannot be kept, and is not made (a resolution is most of what a message costs).
    near = [c.entry_id for c in part.candidates_all[:NEAR_CHOICES]]
    if not any(e != earlier and _shares_document(e, earlier, brain) for e in near):
        return None
    topic = resolver.topic_words(before_text, earlier)
    if not topic:
        return None
    docs = resolver.documents_cited(earlier)
    # Its entries, not a table's 责任单位: what those documents' entries say is what it asks of.
    lexicon = brain.lexicon
    within = resolver.resolve(f"{' '.join(topic)} {asked}", None, audience, region, lexicon.covered_regions, docs)
    if (
        within.decision == "entry"
        and within.entry_id != earlier
        and _shares_document(within.entry_id, earlier, brain)
        # by itself a near choice too: the topic words settle between what it leans to, they do
        # not make it ask something else (a later part asking a figure of its own, in words leaning
        # nowhere near that entry, is not about another rule of the same document)
        and within.entry_id in near
        and not _of_another_value(within.entry_id, earlier, asked, brain)
    ):
        return dataclasses.replace(within, question=asked)
    return None


def _of_another_value(entry_id: str, earlier: str, asked: str, brain: Brain) -> bool:
    """Whether an entry is asked about other professions or levels than the earlier one (兽医, not
    护士) that the part itself does not name: "…护士资格之前能做什么？不能做什么？" asks on of 护士,
    it does not turn to the 兽医 entry of the same document. (Employer kinds say whom a rule is
    for, not what it is about.)"""
    resolver, canonical = brain.resolver, brain.pipeline.canonical
    kinds = {canonical(v) for kind in ("profession", "level") for v in brain.lexicon.slots.get(kind, ())}
    own, before = resolver.values_asked_by(entry_id) & kinds, resolver.values_asked_by(earlier) & kinds
    return bool(own and before and not own & before and not own & set(resolver.named_values(asked)))


def _of_the_question_before(
    part: Resolution,
    before: Resolution,
    before_text: str,
    question: str,
    asked: str,
    story: str,
    audience: str | None,
    region: str | None,
    brain: Brain,
) -> Resolution | None:
    """A later question naming no subject of its own ("…证书上能写“全国”字样吗？有什么限制", "…证书
    要怎么复核？找哪个部门"), sure of an entry on other documents than the answer to the question
    before, asks about what that question named: read joined to it, and kept when that is sure
    (else None)."""
    if not (part.confident and before.confident and part.entry_id and before.entry_id):
        return None
    if part.entry_id == before.entry_id or _shares_document(part.entry_id, before.entry_id, brain):
        return None
    # ("…培训补贴有份吗？补贴标准每人多少": 补贴 is what the question before named, not another subject)
    # (补贴标准 is 补贴's figure: the standard of what was named)
    named = subjects_named(question, brain)
    if any(ch.isdigit() for ch in question) or not all(w in before_text for w in named):
        return None  # (`asked` may hold the facts told: 焊工 is who asks, not what)
    joined = _resolve_one(f"{before_text}，{asked}", story or None, audience, region, (), brain)
    return dataclasses.replace(joined, question=asked) if joined.confident else None


def _names_beside_pointer(question: str, brain: Brain) -> bool:
    """Whether a question pointing back ("…这块归哪个处") names a subject of its own besides
    (宣传工作这块): its asking, pointing and responsibility words taken out, a subject is left."""
    lexicon = brain.lexicon
    rest = question
    for word in sorted(
        (*lexicon.asks_responsible, *lexicon.pointing_back_words, *lexicon.asking_words), key=len, reverse=True
    ):
        rest = rest.replace(word, " ")
    return bool(brain.resolver.subject_words(rest))


def subjects_named(question: str, brain: Brain) -> list[str]:
    """The subjects a question names, each standard's figure as what it is the standard of
    ("补贴标准": 补贴), the per-unit words left out ("每人")."""
    return [
        next((w.removesuffix(s) for s in brain.lexicon.standard_words if w.endswith(s) and w != s), w)
        for w in brain.resolver.subject_words(question)
        if w not in brain.lexicon.per_unit_words
    ]


def names_nothing(question: str, brain: Brain) -> bool:
    """Whether a question names no subject of its own, nor a figure ("是60分吗" checks one).
    (Its question words first taken out: "为啥" holds 啥 and names nothing.)"""
    if any(ch.isdigit() for ch in question):
        return False
    return not brain.resolver.subject_words(_without_asking_words(question, brain))


def _without_asking_words(question: str, brain: Brain) -> str:
    asked = fold(question)
    for word in brain.lexicon.asking_words:  # (longest first)
        asked = asked.replace(word, " ")
    return asked


def _within_first_answers_documents(
    part: Resolution,
    first: Resolution,
    asked: str,
    story: str,
    audience: str | None,
    region: str | None,
    brain: Brain,
) -> Resolution:
    """A later question of a message naming no document, sure of an entry on documents the first
    question's answer does not rest on, read again within that answer's documents: "浙江技能评价
    机构收费有什么规定？违反了怎么处理" asks what happens to the evaluation bodies, not to a 职称
    applicant caught cheating. Kept only when that reading is sure of an entry of them — the first
    answer's own too: "先上岗的算工龄吗，社保呢" asks what that answer says, not of a 见习
    subsidy's social insurance (the two are then answered once)."""
    if first.decision != "entry" or first.entry_id is None or part.decision != "entry" or part.entry_id is None:
        return part
    if part.entry_id == first.entry_id or _shares_document(part.entry_id, first.entry_id, brain):
        return part
    docs = brain.resolver.documents_cited(first.entry_id)
    within = _resolve_one(asked, story or None, audience, region, docs, brain)
    if (
        within.decision == "entry"
        and within.entry_id is not None
        and (within.entry_id == first.entry_id or _shares_document(within.entry_id, first.entry_id, brain))
    ):
        return within
    return part


def _set_apart(parts: list[Resolution], brain: Brain) -> list[Resolution]:
    """Two parts of a message sure of the same entry, one of them matching best a clause that
    entry does not rest on — a clause sure enough to answer by itself (`clause_at`), clearly
    ahead of the entry's own: that part asks what the entry citing the clause answers, when that
    entry is among its next candidates and scores an answer's worth ("…要建几个产业园？认定后奖励
    多少" asks the target and the award, not the award twice)."""
    resolver, kb = brain.resolver, brain.kb
    policy = resolver.policy
    out = list(parts)
    for i, part in enumerate(parts):
        if not (part.decision == "entry" and part.entry_id and part.clauses_all):
            continue
        twins = [j for j, other in enumerate(parts) if j != i and other.confident and other.entry_id == part.entry_id]
        best = part.clauses_all[0]
        best_clause, cites = best.cite, kb.entries[part.entry_id].cites
        own = max((h.score for h in part.clauses_all if h.cite in cites), default=0.0)
        if (
            not twins
            or best_clause in cites
            or best.score < policy.clause_at
            or best.score - own < policy.clause_margin
        ):
            continue
        if any(
            parts[j].clauses_all and parts[j].clauses_all[0].cite not in kb.entries[part.entry_id].cites for j in twins
        ):
            continue  # both stray from the entry: nothing says which one asks something else
        citing = next(
            (
                c
                for c in part.candidates_all[1:4]
                if c.entry_id != part.entry_id
                and best_clause in kb.entries[c.entry_id].cites
                and c.score >= policy.answer_at
                and not resolver.related(c.entry_id, part.entry_id)
            ),
            None,
        )
        if citing is not None:
            # (the clauses found to lack in the other entry's answer say nothing of this one's)
            out[i] = dataclasses.replace(part, entry_id=citing.entry_id, score=citing.score, supplement=())
    return out


def _switched_part(reading: Reading, index: int, brain: Brain) -> tuple[str, tuple[str, ...]] | None:
    """A short later part that leans on the question before by its 呢 ("…的设置条件是什么？水平评价类
    的呢", "…要干几年？那技师呢"): (the question before — without the values of a slot kind the part
    switches, and of the kinds linked to it — and the values the part names), read as a follow-up
    in the next message is."""
    if not _switches(reading, index, brain.lexicon):
        return None
    question, before = reading.questions[index], reading.questions[index - 1]
    kinds = _switched_kinds(reading, index, brain.lexicon)
    return without_slot_values(before, kinds, brain.lexicon), brain.resolver.named_values(question)


def _asked_of_new_value(reading: Reading, index: int, lexicon: Lexicon) -> str:
    """The question before part `index`, each value of a slot kind the part switches replaced by
    the part's own ("准入类的条件要求是什么？而水平评价类的又…": 水平评价类的条件要求是什么)."""
    before = reading.questions[index - 1]
    for earlier, values in _switched_kinds(reading, index, lexicon).values():
        for old in sorted(earlier, key=len, reverse=True):
            if old not in values:
                before = before.replace(old, values[0])
    return before


def _switched_kinds(
    reading: Reading, index: int, lexicon: Lexicon
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The slot kinds part `index` names a value of that the question before names another value
    of: kind → (the values before, the part's own)."""
    mine, theirs = find_slots(reading.questions[index], lexicon), find_slots(reading.questions[index - 1], lexicon)
    return {
        kind: (theirs[kind], values)
        for kind, values in mine.items()
        if kind in theirs and set(values) - set(theirs[kind])
    }


def ends_with_ne(question: str) -> bool:
    """Whether a part ends with 呢 (a question mark aside): it leans on the question before."""
    return question.rstrip(" ?？").endswith("呢")


def _switches(reading: Reading, index: int, lexicon: Lexicon) -> bool:
    """Whether part `index` is a short later one leaning on the question before by its 呢 — or by a
    word saying it asks the same again (`Lexicon.switch_markers`: "…设置条件是啥？水平评价类又是啥") of
    another value of a kind the question before names."""
    question = reading.questions[index]
    if not index or len(question) > MAX_SWITCH_CHARS:
        return False
    if ends_with_ne(question):
        return True
    if not any(marker in question for marker in lexicon.switch_markers):
        return False
    return bool(_switched_kinds(reading, index, lexicon))


def _further_parts(
    reading: Reading,
    whole: Callable[[], Resolution],
    alone: list[Resolution],
    parts: list[Resolution],
    judgements: list[bool],
    topical: list[bool],
    chosen: list[Resolution],
    region: str | None,
    regions: list[str | None],
    audience: str | None,
    documents: list[tuple[str, ...]],
    brain: Brain,
) -> list[Resolution]:
    """`chosen` (a confident answer to part of a message) with what the reply says about each
    further question it does not cover: answered when it clearly leads to another entry, else
    said to be unanswered, or offered the entries it leans to — rather than left out as if it had
    not been asked (only a question naming nothing, or leaning nowhere, is).
    `whole`: the message read as one question (resolved on demand); `alone`: each part read with its story; `parts`:
    read with the other questions too; `topical`: the parts read on the topic of the question before;
    `documents`: the documents each part asks about."""
    chosen = list(chosen)
    resolver = brain.resolver
    covered = [c.entry_id for c in chosen if c.entry_id]
    asking = brain.lexicon.asking_words
    seen: list[str | None] = []
    for i, (question, part, judging) in enumerate(zip(reading.questions, alone, judgements, strict=True)):
        seen.append(_key(parts[i]) if parts[i].confident else None)
        if len(chosen) >= 3 or judging:
            continue
        if not part.confident and any(c.question == question for c in chosen):
            continue  # answered beside the others already (`_beside`): one answer per question
        detailed = _detail_of_answer_before(question, part, chosen, i, reading, brain) if part.confident else None
        if detailed is not None:
            # (answered by itself beside the others, "…？这个政策到什么时候" is that answer's now)
            chosen = _joined(
                [c for c in chosen if c.question != question or c.entry_id == detailed], detailed, question
            )
            continue
        if _near_miss(part) and _switches(reading, i, brain.lexicon):
            # the question before, asked of a province with no such rule here ("…？江西的呢"): said
            # so, with the nearest
            chosen.append(dataclasses.replace(part, question=question))
            continue
        if (
            part.confident
            and any(c.question.endswith(f"，{question}") and c.entry_id == part.entry_id for c in chosen)
            and not resolver.subject_words(question)
        ):
            # … or read with the story told right before it (its lead), to the same answer: naming no
            # subject by itself ("要满足哪些条件"), it has none to be read for alone.
            continue
        # A question read with its story may be led astray by it; read by itself, it is answered
        # when that is sure and leads to an entry not yet given.
        alone_read: Resolution | None = None
        repeated = False
        more_of_before = _narrows(reading, i, brain) or _switches(reading, i, brain.lexicon)
        if more_of_before and parts[i].confident and parts[i].entry_id in covered:
            # "…总共几项？其中某一类占几项" is more of the question before: one answer to both. So is
            # "…怎么申请？换成社会评价组织呢" when the same rule answers it.
            chosen = _joined(chosen, parts[i].entry_id, question)
            continue
        if part.confident and part.entry_id in covered and asks_judgement_only(question, brain.lexicon):
            # "…？这有依据吗": a question judging what was said, or asking for its basis, that the
            # question before leads to an answer already given asks about that answer (which quotes
            # and cites its clauses).
            chosen = _joined(chosen, part.entry_id, question)
            continue
        if part.confident:
            # A user asking two questions does not ask the same thing twice: a later one the
            # story led to the earlier one's answer ("向哪一级申报？批下来以后每年还要再审吗？") is
            # read by itself, and handled as a further question when it leans elsewhere; so is one
            # the story led to an entry already chosen (the whole message's answer, read with it).
            repeated = seen[-1] is not None and seen[-1] in seen[:-1]
            if (not repeated and part.entry_id not in covered) or topical[i]:
                continue  # (one read on the topic before it is not read by itself: so it leaned elsewhere)
            alone_read = _resolve_one(question, None, audience, regions[i], documents[i], brain)
            own_lead = reading.leads[i] if 0 < i < len(reading.leads) else ""
            if own_lead:
                # … with the words told right before it, which are its own ("另外目录外的那些职业呢，
                # 靠什么评价"), when that leads it to an entry of its own — or sure of the answer
                # already given ("对违规的机构，最重怎么处理"): stripped of them, it asks something else.
                led = _resolve_one(question, own_lead, audience, regions[i], documents[i], brain)
                if led.decision == "entry" and (led.entry_id not in covered or alone_read.entry_id not in covered):
                    alone_read = led
            if (
                repeated
                and alone_read.decision == "entry"
                and not _shares_document(alone_read.entry_id, str(part.entry_id), brain)
                and names_nothing(question, brain)
            ):
                # … but one naming nothing ("…律所那边能先去实习吗 啥条件") asks more of what the answer
                # given is about: alone, its bare words lean to whatever other document's entry is
                # worded like them (on the answer's own documents, another rule may be what it asks).
                chosen = _joined(chosen, part.entry_id, question)
                continue
        elif i > 0 and resolver.thin(question, (*asking, *brain.lexicon.amount_words, *brain.lexicon.standard_words)):
            # "…实施办法哪天起施行？总共有多少条": a further question naming nothing asks about what
            # the question before it named — more of the same answer, or an answer of its own.
            if len(reading.questions) == 2:  # the two read together: the whole message, resolved
                with_previous = whole()
            else:
                joined = f"{reading.questions[i - 1]}，{question}"
                with_previous = _resolve_one(joined, None, audience, regions[i - 1], documents[i - 1], brain)
            # It names nothing, so what it leans to with the earlier question is that question's.
            leaning = with_previous.entry_id if with_previous.decision == "entry" else None
            if leaning in covered and leaning in (parts[i - 1].entry_id, alone[i - 1].entry_id):
                chosen = _joined(chosen, leaning, question)
                continue
            alone_read = with_previous
        elif i > 0 and reading.story and not resolver.thin(question, asking):
            # A further question that says what it asks ("获批以后有效期是几年") may be drowned by a
            # story told for the first one.
            # … but not by the story told right before it, which is its own ("另外我那个在工厂先
            # 上岗的朋友，培训有补贴吗").
            own_lead = reading.leads[i] if i < len(reading.leads) else ""
            alone_read = _resolve_one(question, own_lead or None, audience, regions[i], documents[i], brain)
        if alone_read is not None:
            if alone_read.decision == "entry" and alone_read.entry_id and alone_read.entry_id not in covered:
                chosen.append(dataclasses.replace(alone_read, question=question))
                covered.append(alone_read.entry_id)
                continue
            if part.confident:
                if alone_read.confident or not repeated:
                    continue
                part = alone_read
        # Beside an answered question, a further one that clearly leads to another entry is
        # answered too: leaving it out would answer half the message as if it were whole.
        leader = resolver.part_leader(part, region, frozenset(covered))
        if leader is not None and all(leader != c and not resolver.related(leader, c) for c in covered):
            score = part.candidates_all[0].score
            chosen.append(dataclasses.replace(part, decision="entry", entry_id=leader, score=score, question=question))
            covered.append(leader)
            continue
        # Leading nowhere of its own, it may ask only a detail of the answer to the question before.
        detailed = _detail_of_answer_before(question, part, chosen, i, reading, brain)
        if detailed is not None:
            chosen = _joined(chosen, detailed, question)
            continue
        top = _top(part, resolver.policy.suggest_at)
        # A part about something this base does not hold ("…？失业保险金怎么领") is said to be
        # unanswered, rather than left out as if the message had asked only the rest.
        if part.decision == "declined" and resolver.unexplained(part.question, _top(part, 0.0)):
            if not _quoted_by_answer(part, covered, brain):
                chosen.append(dataclasses.replace(part, question=question))
            continue
        # A part in the base's own words that nothing fits well ("以后是不是就一劳永逸了"): the
        # entries it leans to are offered for it; a bare "这是真的吗" asks nothing more.
        if part.decision == "declined" and not resolver.thin(question, asking):
            hints = resolver.part_hints(part, covered)
            if hints:
                chosen.append(dataclasses.replace(part, decision="ambiguous", candidates=hints, question=question))
                covered.append(hints[0].entry_id)
            continue
        if part.decision != "ambiguous" or top is None:
            continue
        if any(top == c or resolver.related(top, c) for c in covered):
            continue
        offered = tuple(
            c for c in part.candidates if all(c.entry_id != a and not resolver.related(c.entry_id, a) for a in covered)
        )
        chosen.append(dataclasses.replace(part, candidates=offered, question=question))
        covered.append(top)
    return chosen


def asks_only_of_the_document(
    question: str, brain: Brain, documents: tuple[str, ...] = (), rule_pointed_back: bool = False
) -> bool:
    """Whether a question asks only a fact of the document the message names ("…通知还管用不？
    哪天起施行", "那个258号文哪天发的"): it asks about a document and, that document's name aside
    (`documents`), names nothing besides. `rule_pointed_back`: the documents are those of the
    answer just given, which a rule pointed back to may stand for ("这个政策还有效吗")."""
    lexicon = brain.lexicon
    when = lexicon.question_facets.get("when", ())
    asked = without_document_names(question, documents, brain.kb)
    # (Whether it still holds is read with the synonyms: 还管用, 还算数 ask 还有效.)
    status = lexicon.document_status_asks
    canonical = brain.pipeline.canonical(asked)
    status_asked = bool(status) and asks_any(canonical, status)
    if status_asked:
        asked = canonical
    elif not asks_any(asked, lexicon.asks_document):
        return False
    said = (
        *lexicon.asking_words,
        *lexicon.asks_document,
        *status,
        *lexicon.document_status_fillers,
        *lexicon.document_kinds,  # ("…转发的文件文号是什么": the kind of what is named)
    )
    # (the facts' words cut first: a question listing several, "发文主体、成文日期分别是什么", is long)
    # (… and the rule just given pointed back to, "这个政策还有效吗": whether it holds is its
    # document's status — not a rule the message itself tells of ("…劳动部97年发文规定过…，这个
    # 规定还算数吗" asks of that rule, which later texts limit)
    pointers = lexicon.pointing_back_words if status_asked and rule_pointed_back else ()
    facts = sorted(
        (*said, *when, *lexicon.document_event_words, *lexicon.document_back_words, *pointers), key=len, reverse=True
    )
    # The document pointed back to is named ("这个通知还有效吗"), and may be cut first instead:
    # "这个文件是哪年发的" read longest word first loses 文件 to 文件是哪年 and keeps 这个.
    back_first = sorted(lexicon.document_back_words, key=len, reverse=True) + facts
    issuers = {brain.kb.documents[d].region for d in documents if d in brain.kb.documents}
    return any(
        brain.resolver.thin(_without_words(asked, order, issuers, lexicon))
        for order in ((facts, back_first) if any(w in asked for w in lexicon.document_back_words) else (facts,))
    )


def _without_words(text: str, words: Sequence[str], issuers: set[str], lexicon: Lexicon) -> str:
    """`text` without `words` (in their order) and without the provinces among `issuers` ("浙江省转发
    的…": who issued it, which names no other subject)."""
    for word in words:
        text = text.replace(word, " ")
    if issuers and lexicon.region_pattern is not None:
        text = lexicon.region_pattern.sub(
            lambda m: "\0" if lexicon.region_words[m.group()] in issuers else m.group(), text
        )
        text = text.replace("\0省", " ").replace("\0", " ")  # (浙江省: the province's full name)
    return text


def _detail_of_answer_before(
    question: str, part: Resolution, chosen: list[Resolution], index: int, reading: Reading, brain: Brain
) -> str | None:
    """The entry answering the question before, when a further question asks only a detail of
    that answer (a subsidy asked, then "该政策执行到何时" — the answer says until when):
    unsure by itself, or sure only of an entry on other documents while pointing back to what was
    just asked ("这个政策…"), it names no value or province of its own and nothing that answer does
    not hold. None for any other question."""
    if not index or (index < len(reading.leads) and reading.leads[index]):
        return None  # (a question with words of its own told right before it asks of them)
    before = reading.questions[index - 1]
    answer = next((c for c in chosen if before in c.question and c.decision == "entry" and c.entry_id), None)
    if answer is None or answer.entry_id is None or answer.entry_id not in brain.kb.entries:
        return None
    entry_id = answer.entry_id
    lexicon, resolver = brain.lexicon, brain.resolver
    if (
        resolver.named_values(question)
        or find_region(question, lexicon) not in (None, NATIONAL)
        # (a figure asked has its own guard: an answer not stating it says so — bot.core)
        or quantity_asked(question, lexicon) is not None
        or "多少" in question
        # (… and one asking only a fact of a document, "施行日期是哪天", is its card: see bot.core)
        or asks_only_of_the_document(question, brain)
        # (… and who is responsible, "这块归哪个处", is the table's 责任单位 for the rule just quoted)
        or (part.decision == "clauses" and asks_any(question, lexicon.asks_responsible))
        # (… and a way the answer does not tell, "还有去哪里申报": a question of its own)
        or resolver.way_untold(question, entry_id)
    ):
        return None
    if part.confident and not (
        any(w in question for w in lexicon.pointing_back_words)
        and (part.entry_id == entry_id or not _shares_document(part.entry_id, entry_id, brain))
    ):
        return None
    # (its basis, "依据哪份文件", is what every answer quotes and cites)
    asked = functools.reduce(lambda text, word: text.replace(word, " "), lexicon.judgement_words, question)
    subject = [w for w in resolver.subject_words(asked) if not any(w in p for p in lexicon.pointing_back_words)]
    if not resolver.speaks_of_all(entry_id, subject) or not resolver.says_only_what_it_holds(
        asked, entry_id, topical_chars=True
    ):
        return None
    return entry_id


def _quoting_entry_for_all(parts: list[Resolution], brain: Brain) -> list[Resolution]:
    """Parts of which one is answered only by clauses and the others, sure of nothing, lean most
    to one entry quoting those very clauses ("…按什么原则监管？省里和市县怎么分工"): that entry
    answers the message, the part the clauses answered with it."""
    sure = [p for p in parts if p.confident]
    unsure = [p for p in parts if not p.confident]
    if len(sure) != 1 or sure[0].decision != "clauses" or not unsure or not all(p.candidates_all for p in unsure):
        return parts
    leaders = {p.candidates_all[0].entry_id for p in unsure}
    if len(leaders) != 1:
        return parts
    leader = leaders.pop()
    if not {h.cite for h in sure[0].clauses} <= set(brain.kb.entries[leader].cites):
        return parts
    entry = dataclasses.replace(sure[0], decision="entry", entry_id=leader, clauses=(), score=sure[0].score)
    return [entry if p is sure[0] else p for p in parts]


def _quoted_by_answer(part: Resolution, covered: list[str], brain: Brain) -> bool:
    """Whether an answer already given is the entry a part leans to most and quotes the clause
    nearest to it: the part is not one the base holds nothing on."""
    top = _top(part, 0.0)
    return top in covered and bool(part.clauses_all) and part.clauses_all[0].cite in brain.kb.entries[top].cites


def _beside(
    parts: list[Resolution], answered: list[Resolution], regions: list[str | None], brain: Brain
) -> list[Resolution]:
    """The parts not sure by themselves that clearly lead to an entry of their own once the
    entries the other parts are answered with are set aside (`Resolver.part_leader`)."""
    resolver = brain.resolver
    taken = [a.entry_id for a in answered if a.entry_id]
    more: list[Resolution] = []
    for part, region in zip(parts, regions, strict=True):
        if part.confident or not taken:
            continue
        leader = resolver.part_leader(part, region, frozenset(taken))
        if leader is not None and all(not resolver.related(leader, t) for t in taken):
            more.append(
                dataclasses.replace(part, decision="entry", entry_id=leader, score=part.candidates_all[0].score)
            )
            taken.append(leader)
    return more


def choose(
    whole: Resolution,
    parts: list[Resolution],
    answered: list[Resolution],
    brain: Brain,
    alone: list[Resolution] | None = None,
    documents: tuple[str, ...] = (),
) -> list[Resolution]:
    """The resolutions a message of several questions is answered with (`alone`: each part
    resolved by itself, before it was read with the others; `documents`: those the message names)."""
    if len(answered) >= 2:
        return answered[:3]
    if whole.confident:
        return [whole]
    # The first part sure of an answer for the province it names, every later one asking it of a
    # province this base holds no rules of ("…山西的见习我还符合条件吗？那边省份的也一样吗"): the sure
    # part is answered, and the reply says first that the other province has no rule here
    # (`_later_province_untold`). (Asked the other way round, "X省的按多少给？山西也这么给吗" asks
    # X's, which is not known.)
    if len(answered) == 1 and parts[0].confident and _asks_elsewhere_after(parts, brain.lexicon):
        return answered[:1]
    # … and the other way round, a part asked of a province this base holds no rules of before one
    # sure of an answer for the province it names itself ("北京的见习补贴多少？山西见习要多大年龄"):
    # each is said, the first that the province has no rule here and which is nearest.
    if len(answered) == 1 and _elsewhere_then_own(parts, brain.lexicon):
        return [p for p in parts if p.confident or p.decision == "declined"][:3]
    # One part sure of an answer from the document the message names ("按97年那个通知，…？…？"):
    # the user said which text they ask about, so that answer is no generic half of the message.
    if len(answered) == 1 and any(c.split(":", 1)[0] in documents for c in cited_clauses(answered[0], brain)):
        return answered[:1]
    # Every part leans to the same entry, and so does the whole message ("签什么协议？期满开什么
    # 材料？" — one entry holds both): that entry is the answer — unless a part by itself is off
    # this base's topics ("教资面试有啥技巧 试讲怎么准备": 试讲 leans only with the other half).
    tops = {_top(p, brain.resolver.policy.suggest_at) for p in (*parts, whole)}
    off_topic = any(a.decision == "declined" for a in alone or ())
    # (Nor when the message asks what that entry's answer never tells — a way, a schooling
    # (`Lexicon.answer_words_needed`): leaning together is no answer to "报名要什么学历".)
    if len(tops) == 1 and None not in tops and whole.decision == "ambiguous" and not whole.story_made and not off_topic:
        best = whole.candidates_all[0]
        if not brain.resolver.way_untold(whole.question, best.entry_id):
            return [dataclasses.replace(whole, decision="entry", entry_id=best.entry_id, score=best.score)]
    # Two parts, each by itself, sure of the same entry ("给上保险不？…保额有说法没"): the message
    # is about it, whatever a third part adds.
    if len(answered) == 1 and sum(p.confident and _key(p) == _key(answered[0]) for p in parts) >= 2:
        return answered[:1]
    # … or one sure part, the others and the whole message leaning (if faintly) to its entry alone
    # ("这事可以投诉吗？哪些人能投诉？"), none of them about what this base does not know.
    if len(answered) == 1 and _all_lean_to(answered[0], parts, whole, alone or parts, brain):
        return answered[:1]
    # One part alone is confident ("一个月能领多少" after "失业保险金怎么领"): only when the
    # message as a whole leans the same way, else a generic half would be answered.
    if (
        answered
        and whole.decision == "ambiguous"
        and whole.score >= _support_needed(answered[0], parts, alone, brain)
        and _key(answered[0]) in _leanings(whole, brain.resolver.policy.suggest_window)
    ):
        return answered[:1]
    # Each question leans to an entry of its own and the message as a whole leans to just those
    # ("旧证还算数吗？会不会有部门拿取消的证当前置条件？"): two questions, two answers.
    split = _each_part_its_own(whole, parts, alone or parts, brain)
    if split:
        return split
    # Nothing fits the message as a whole, but a part of it leans to some entries ("证是谁发、
    # 谁负责？"): offer those rather than say the knowledge base has nothing on it.
    leaning = [p for p in parts if p.decision == "ambiguous"]
    if whole.decision == "declined" and not whole.asked_region and leaning:
        return [max(leaning, key=lambda p: p.score)]
    return [whole]


def _near_miss(res: Resolution) -> bool:
    """Whether a resolution declines a question asked of a province this base holds no such rule
    of, naming the nearest documents of another."""
    return res.decision == "declined" and res.asked_region is not None and bool(res.nearest)


def _elsewhere_then_own(parts: list[Resolution], lexicon: Lexicon) -> bool:
    """Whether the message's first part was declined as asked of a province this base holds no
    rules of (a near miss, `Resolution.nearest`), and every later one is sure of an answer for
    another province it names itself — not likening the two ("要求和浙江一样不" asks of the first)."""
    first = parts[0]
    return (
        first.decision == "declined"
        and first.asked_region is not None
        and bool(first.nearest)
        and all(
            p.confident
            and find_region(p.question, lexicon) not in (None, NATIONAL, first.asked_region)
            and not any(m in p.question for m in lexicon.follow_up_markers)
            for p in parts[1:]
        )
    )


def _asks_elsewhere_after(parts: list[Resolution], lexicon: Lexicon) -> bool:
    """Whether the first part asks of the one province it names, and every later part was
    declined as asked of another province, one this base has no rules of (a near miss, with the
    nearest documents of another: `Resolution.nearest`)."""
    named = {lexicon.region_words[m.group()] for m in named_now(fold(parts[0].question), lexicon)} - {NATIONAL}
    return len(named) == 1 and all(
        p.decision == "declined" and p.asked_region not in (None, *named) and bool(p.nearest) for p in parts[1:]
    )


def _each_part_its_own(
    whole: Resolution, parts: list[Resolution], alone: list[Resolution], brain: Brain
) -> list[Resolution]:
    """Each part answered with the entry it leans to most, when those entries are distinct and
    every one of them is among what the whole message leans to (or gives the same policy as one
    of those); else nothing. The two readings agree on the answers while neither is sure alone —
    unless the message names what no entry explains (a near miss beside known words)."""
    resolver = brain.resolver
    if whole.decision != "ambiguous" or whole.story_made or len(parts) > 3:
        return []
    window = resolver.policy.suggest_window
    best = whole.candidates_all[0].score if whole.candidates_all else 0.0
    if best < resolver.policy.part_hint_at or resolver.unexplained(whole.question, _top(whole, 0.0)):
        return []
    leaning = [c.entry_id for c in whole.candidates_all[:3] if best - c.score <= window]
    tops: list[str] = []
    for part, by_itself in zip(parts, alone, strict=True):
        top = _top(by_itself, resolver.policy.suggest_at) or _top(part, resolver.policy.suggest_at)
        if top is None or any(top == t or resolver.related(top, t) for t in tops):
            return []
        # … and that it is not torn between two entries by itself
        own = list((by_itself if top == _top(by_itself, 0.0) else part).candidates_all)
        if own[0].score - resolver.distinct_runner_up(own) < resolver.policy.part_own_lead:
            return []
        if not any(top == e or resolver.related(top, e) for e in leaning):
            return []
        tops.append(top)
    if len(tops) < 2 or _names_the_unknown(alone, brain):
        return []
    return [
        dataclasses.replace(part, decision="entry", entry_id=top, score=whole.score)
        for part, top in zip(parts, tops, strict=True)
    ]


def side_by_side(values: tuple[str, ...], question: str, lexicon: Lexicon) -> bool:
    """Whether a question asks about `values` in parallel: it says so (the lexicon's
    `parallel_markers`: 分别, 各自) or names each next to another with only one of its
    `conjunctions` between ("技师和高级技师")."""
    if not all(v in question for v in values):
        return False
    if any(marker in question for marker in lexicon.parallel_markers):
        return True
    pattern = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    joins = "|".join(re.escape(c) for c in lexicon.conjunctions)
    return bool(joins) and bool(re.search(rf"(?:{pattern})(?:{joins})(?:{pattern})", question))


def _key(res: Resolution) -> str | None:
    return res.entry_id or (res.clauses[0].cite if res.clauses else None)


def _clear_top(res: Resolution, brain: Brain) -> str | None:
    """The entry a resolution leans to, when it leads every other answer by `diluted_margin`."""
    ranked = list(res.candidates_all)
    if not ranked:
        return None
    lead = ranked[0].score - brain.resolver.distinct_runner_up(ranked)
    return ranked[0].entry_id if lead >= brain.resolver.policy.diluted_margin else None


def _leaders(res: Resolution, count: int = 3) -> tuple[str, ...]:
    """The entries a resolution leans to most, best first."""
    return tuple(c.entry_id for c in res.candidates_all[:count])


def _top(res: Resolution, floor: float) -> str | None:
    """The entry a resolution leans to most, if it scores at least `floor`."""
    best = res.candidates_all[0] if res.candidates_all else None
    return best.entry_id if best is not None and best.score >= floor else None


def _leanings(whole: Resolution, window: float) -> tuple[str, ...]:
    """What a message read as a whole leans to: its best entry and best clause, and the entries
    about as good as the best (a message of two questions leans to both of their answers)."""
    best = whole.candidates[0].score if whole.candidates else 0.0
    near = tuple(c.entry_id for c in whole.candidates[:2] if best - c.score <= window)
    return (*near, *((whole.clauses[0].cite,) if whole.clauses else ()))


def _support_needed(answer: Resolution, parts: list[Resolution], alone: list[Resolution] | None, brain: Brain) -> float:
    """What the whole message must score for one confident part of it to be the answer: less
    when every other part leans (if faintly) to the same topic (two questions on one topic dilute the
    whole), more otherwise — and when another part, by itself, names what this base does not
    know ("失业保险金怎么领 一个月能领多少": the first half is not this base's)."""
    policy, entries = brain.resolver.policy, brain.kb.entries
    topic = entries[answer.entry_id].topic if answer.entry_id else None
    others = [p for p in parts if _key(p) != _key(answer)]
    if (
        topic
        and not _names_the_unknown(alone or (), brain)
        and all((t := _top(p, policy.part_hint_at)) and entries[t].topic == topic for p in others)
    ):
        return policy.part_support_in_domain_at
    return policy.part_support_at


def _names_the_unknown(alone: Sequence[Resolution], brain: Brain) -> bool:
    """Whether a part, read by itself, names what this base does not know (declined, with words
    its nearest entry leaves unexplained: "失业保险金怎么领")."""
    resolver = brain.resolver
    return any(a.decision == "declined" and resolver.unexplained(a.question, _top(a, 0.0)) for a in alone)


def _all_lean_to(
    answer: Resolution, parts: list[Resolution], whole: Resolution, alone: list[Resolution], brain: Brain
) -> bool:
    """Whether every other part leans to `answer`'s entry, read with the others and clearly by
    itself (or naming nothing by itself), and the message as a whole does too."""
    resolver = brain.resolver
    floor = resolver.policy.part_hint_at
    key = _key(answer)
    if _names_the_unknown(alone, brain) or _top(whole, floor) != key:
        return False
    return all(
        _top(part, floor) == key and (_clearly(by_itself, key, brain) or _leans_on_others(by_itself, key, brain))
        for part, by_itself in zip(parts, alone, strict=True)
        if _key(part) != key
    )


def _leans_on_others(by_itself: Resolution, entry_id: str | None, brain: Brain) -> bool:
    """A part naming nothing by itself ("有啥说法") asks about what the others name — unless by
    itself it leans to another entry ("合格线多少分" to another exam's rules)."""
    floor = brain.resolver.policy.part_hint_at
    return brain.resolver.thin(by_itself.question, brain.lexicon.asking_words) and _top(by_itself, floor) in (
        None,
        entry_id,
    )


def _clearly(res: Resolution, entry_id: str | None, brain: Brain) -> bool:
    """Whether a resolution leans to `entry_id`, `part_lead` times as much as to the next entry."""
    ranked = res.candidates_all
    if not ranked or ranked[0].entry_id != entry_id or ranked[0].score < brain.resolver.policy.part_hint_at:
        return False
    runner = ranked[1].score if len(ranked) > 1 else 0.0
    return ranked[0].score >= brain.resolver.policy.part_lead * runner


def _silent_on_the_switch(
    follow: list[Resolution], own: list[Resolution], values: tuple[str, ...], brain: Brain
) -> bool:
    """Whether a follow-up switching to `values` ("那律师呢") was read with the earlier question
    as an entry silent on them, or in doubt, while read by itself it is sure of an entry that
    speaks of them: the earlier question's words outweighed the value switched to, which is
    what it asks about."""
    if not values or len(follow) != 1 or len(own) != 1:
        return False
    kept, mine = follow[0], own[0]
    silent = kept.confident and kept.decision == "entry" and not brain.resolver.speaks_to(str(kept.entry_id), values)
    return (
        (silent or kept.decision in ("ambiguous", "declined"))
        and mine.confident
        and mine.decision == "entry"
        and kept.entry_id != mine.entry_id
        and brain.resolver.speaks_to(str(mine.entry_id), values)
    )


def _confident(resolutions: list[Resolution]) -> bool:
    return bool(resolutions) and all(r.confident for r in resolutions)
