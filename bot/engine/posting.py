"""Job-posting check: find each qualification or certificate a posting asks for.

Returns plain data (dicts) for the /hiring outcome template, which words the verdicts: this
module only finds mentions, classifies them with the catalogue (never guessing a category),
and says whether the posting makes each one a must (required) or a plus (preferred). Which
category may be a hiring condition is the catalogue's cited `hiring_verdicts`, not code.
"""

from __future__ import annotations

import re
from typing import Any

from bot.kb.catalogue import Catalogue, Qualification

_SENTENCES = re.compile(r"[^。；;！!？?\n]+")
# A certificate named after a verb of possession: 持有电工证 / 具有…资格证书 / 取得…证.
_MENTION = re.compile(
    r"(?:持有|具有|具备|取得|获得|须有|需有|要有|有)([\u4e00-\u9fa5A-Za-z0-9（）()]{2,16}?"
    r"(?:职业资格证书|资格证书|执业证书|资格证|执业证|证书|证))"
)
# Documents that prove identity or schooling, not qualifications: never a finding.
NOT_QUALIFICATIONS = ("身份证", "毕业证", "学位证", "学历证", "毕业证书", "学位证书", "学历证书")
# A hard requirement whose object has no certificate suffix: 须取得CATTI二级 / 要求持有PMP (user-qa U14).
_REQUIRED = re.compile(
    r"(?:必须|须|需|需要|要求|应当|应)(?:取得|持有|具有|具备|获得|考取|通过)"
    r"([A-Za-z0-9\u4e00-\u9fa5（）()·]{2,20})"
)
_TRIM = re.compile(r"(?:及以上|以上|或以上|者优先|者|等|的|证书|资格证书)+$")
# Words that make a sentence look like it names a qualification or certificate, for "could not judge".
_CERTISH = re.compile(r"证书|资格|执照|证(?!明|件|据|实|号)|[A-Z]{2,}")
_NOT_OBJECTS = ("本科", "大专", "专科", "学历", "学位", "硕士", "博士", "经验", "工作经验", "驾照", "驾驶")
_PREFERRED = ("优先", "者优先", "加分")
_CLAUSE = re.compile(r"[，,：:]")


def _clause(mention: str, sentence: str) -> str:
    """The comma-delimited part of the sentence that names the mention: in "须持有电工证，有经验者优先"
    the 优先 is about experience, not the certificate; "持有电工证者，优先录用" keeps its 优先."""
    compact = re.sub(r"\s", "", sentence)
    at = compact.find(mention)
    if at < 0:
        return sentence
    starts = [m.end() for m in _CLAUSE.finditer(compact, 0, at)]
    end = _CLAUSE.search(compact, at + len(mention))
    if end is not None and compact.startswith("优先", end.end()):
        end = _CLAUSE.search(compact, end.end())
    return compact[starts[-1] if starts else 0 : end.start() if end else len(compact)]


def _finding(mention: str, sentence: str, qualification: Qualification | None, catalogue: Catalogue) -> dict[str, Any]:
    category = qualification.category if qualification else None
    verdict = catalogue.verdict(category)  # the catalogue's cited hiring_verdicts (knowledge/catalogue)
    return {
        "mention": mention,
        "sentence": sentence.strip()[:80],
        "strength": "preferred" if any(word in _clause(mention, sentence) for word in _PREFERRED) else "required",
        "recognised": qualification is not None,
        "name": qualification.name if qualification else mention,
        "category": category,
        "xiangang": bool(qualification and qualification.xiangang),
        "reliability": qualification.reliability if qualification else None,
        "source": qualification.source.title if qualification and qualification.source else None,
        "cite": qualification.cite if qualification else None,
        "verdict": verdict,
    }


def _already(mention: str, findings: list[dict[str, Any]]) -> bool:
    return any(mention in f["mention"] or f["mention"] in mention for f in findings)


def unjudged_sentences(text: str, findings: list[dict[str, Any]]) -> list[str]:
    """Sentences that seem to name a certificate but gave no finding: said, never dropped silently."""
    judged = {f["sentence"] for f in findings}
    result = []
    for sentence in _SENTENCES.findall(text):
        shown = sentence.strip()[:80]
        compact = re.sub(r"\s", "", sentence)
        for word in NOT_QUALIFICATIONS:
            compact = compact.replace(word, "")
        if shown and shown not in judged and _CERTISH.search(compact):
            result.append(shown)
    return result


def check_posting(text: str, catalogue: Catalogue) -> list[dict[str, Any]]:
    """One finding per qualification named in the posting, in the order they appear."""
    findings: list[dict[str, Any]] = []
    seen: set[str] = set()
    for sentence in _SENTENCES.findall(text):
        _sentence_findings(sentence, catalogue, findings, seen)
    return findings


def _sentence_findings(sentence: str, catalogue: Catalogue, findings: list[dict[str, Any]], seen: set[str]) -> None:
    known = catalogue.find_in(sentence)
    for match in known:
        if match.qualification.name not in seen:
            seen.add(match.qualification.name)
            findings.append(_finding(match.text, sentence, match.qualification, catalogue))
    for mention in _MENTION.findall(re.sub(r"\s", "", sentence)):
        if any(bad in mention for bad in NOT_QUALIFICATIONS):
            continue
        if any(mention in f["mention"] or f["mention"] in mention for f in findings):
            continue
        _add_mention(mention, sentence, catalogue, findings, seen)
    for raw in _REQUIRED.findall(re.sub(r"\s", "", sentence)):
        mention = _TRIM.sub("", raw)
        if len(mention) < 2 or any(word in mention for word in _NOT_OBJECTS) or _already(mention, findings):
            continue
        _add_mention(mention, sentence, catalogue, findings, seen)


def _add_mention(
    mention: str, sentence: str, catalogue: Catalogue, findings: list[dict[str, Any]], seen: set[str]
) -> None:
    """A requirement named in the posting: matched to the catalogue if it can be, once per qualification."""
    fuzzy = catalogue.match(mention)
    if fuzzy is not None and fuzzy.qualification.name in seen:
        return
    if fuzzy is not None:
        seen.add(fuzzy.qualification.name)
    findings.append(_finding(mention, sentence, fuzzy.qualification if fuzzy else None, catalogue))
