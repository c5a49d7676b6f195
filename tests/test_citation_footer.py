"""One citation footer: FAQ answers and guided-dialog outcomes cite the same clauses byte-identically."""

from markupsafe import escape

from bot.core import Assistant
from bot.engine import present
from bot.kb.render import citation_footer


def test_the_answer_path_and_the_dialog_path_give_byte_identical_footers(real_kb):
    for entry in real_kb.entries.values():
        answer_footer = Assistant._citation_footer(entry, real_kb)
        dialog_footer = present.citation_footer(real_kb, list(entry.cites))
        assert answer_footer == dialog_footer == citation_footer(real_kb, entry.cites)
        assert answer_footer.startswith("📎 <b>依据</b>：\n• ")


def test_an_answer_ends_with_the_shared_footer(assistant, real_kb):
    entry = next(e for e in real_kb.entries.values() if e.cites)
    reply = assistant.answer(entry.id, assistant.context())
    assert citation_footer(real_kb, entry.cites) in reply.text


def test_one_line_per_document_and_each_label_once(real_kb):
    doc = next(d for d in real_kb.documents.values() if len(d.clauses) >= 2)
    first, second = (c.cite for c in doc.clauses[:2])
    footer = citation_footer(real_kb, [first, second, first])
    lines = footer.split("\n")
    assert len(lines) == 2
    assert lines[1].endswith(f"{escape(doc.clauses[0].label)}、{escape(doc.clauses[1].label)}")
