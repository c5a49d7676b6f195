"""Notes an answer gets from the rule tables it quotes, reckoned from what the user tells."""

from __future__ import annotations

import datetime as dt

from bot.table_notes import told_term
from tests.support import TODAY

DEC_7 = dt.date(2026, 12, 7)


def _validity_cites(real_kb):
    return real_kb.entries["evalorg-validity"].cites


def test_a_body_set_up_on_a_day_is_told_when_its_term_ends_and_renewal_opens(real_kb):
    term = told_term("我们机构2023年12月20日经遴选设立", _validity_cites(real_kb), real_kb, real_kb.lexicon, DEC_7)
    assert term is not None and term.exact
    assert (term.end, term.window, term.state, term.days) == (dt.date(2026, 12, 20), dt.date(2026, 9, 20), "open", 13)


def test_a_month_told_alone_decides_only_what_every_day_of_it_decides(real_kb):
    cites, lexicon = _validity_cites(real_kb), real_kb.lexicon
    ended = told_term("我们2023年5月备案设立", cites, real_kb, lexicon, DEC_7)
    assert ended is not None and not ended.exact and ended.state == "ended"
    # set up some day of 2024年3月: renewal opens some day of 2026年12月, after the 7th or before it
    around = told_term("我们2024年3月设立的", cites, real_kb, lexicon, DEC_7)
    assert around is not None and around.state == "depends" and around.window == dt.date(2026, 12, 1)
    assert told_term("我们2025年6月设立的", cites, real_kb, lexicon, DEC_7).state == "before"


def test_no_term_is_reckoned_without_a_founding_day_or_the_terms_row(real_kb):
    cites, lexicon = _validity_cites(real_kb), real_kb.lexicon
    assert told_term("我2023年12月拿的技师证", cites, real_kb, lexicon, DEC_7) is None  # no body set up
    assert told_term("我们2023年设立的", cites, real_kb, lexicon, DEC_7) is None  # no month
    other = real_kb.entries["xiangang-period"].cites
    assert told_term("我们2023年12月20日设立", other, real_kb, lexicon, DEC_7) is None


def test_an_answer_on_the_term_says_it_after_its_title(assistant):
    reply = assistant.ask("本机构2024年3月经遴选设立，评价机构资格延续最早何时能申请")
    assert reply.entry_id == "evalorg-validity"
    lines = reply.plain_text.splitlines()
    note = next(line for line in lines if line.startswith("📏"))
    assert "2024年3月设立算" in note and "约到2027年3月届满" in note and "约从2026年12月起" in note
    assert f"今天（{TODAY.year}年{TODAY.month}月{TODAY.day}日）还没到" in note
