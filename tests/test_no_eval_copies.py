"""No question of ../shared/eval is in the knowledge, word for word or nearly: a copy would score
the set, not the bot (the project is judged on questions nobody has seen)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.settings import PROJECT_ROOT

EVAL = PROJECT_ROOT.parent / "shared" / "eval"
NEAR = 80  # rapidfuzz ratio, after the eval's own normalisation


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN").lower()


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not beside the checkout")
def test_no_knowledge_text_is_an_eval_question_or_nearly():
    questions = [
        _normalise(json.loads(line)["q"])
        for path in sorted(EVAL.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    assert questions
    copies = []
    for path in sorted((PROJECT_ROOT / "knowledge").rglob("*.yaml")):
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            plain = _normalise(text)
            if not 8 <= len(plain) <= 200:
                continue
            best = process.extractOne(plain, questions, scorer=fuzz.ratio, score_cutoff=NEAR)
            if best is not None:
                copies.append(f"{path.relative_to(PROJECT_ROOT)}: {text!r} ~ eval {best[0]!r} ({best[1]:.0f})")
    assert copies == []
