"""Notes an answer gets from the rule tables it quotes, reckoned from what the user tells."""

from __future__ import annotations

import datetime as dt

from bot.table_notes import (
    told_absence,
    told_eligibility,
    told_recruitment,
    told_retention,
    told_term,
    told_working_days,
)
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


def _groups_cites(real_kb):
    return real_kb.entries["intern-eligibility"].cites


def _eligibility(real_kb, text: str):
    return told_eligibility(text, _groups_cites(real_kb), real_kb, real_kb.lexicon, DEC_7)


def test_a_span_since_leaving_school_is_held_against_the_two_years_of_the_internship_groups(real_kb):
    assert _eligibility(real_kb, "本人离校已经三年多，想去见习").left == "over"
    assert _eligibility(real_kb, "本人毕业刚好一年半，想去见习").left == "within"
    assert _eligibility(real_kb, "本人毕业差不多快两年，想去见习").left == "within"  # (快两年: under two)
    assert _eligibility(real_kb, "本人离校快三年了，想去见习").left == "over"  # (快三年: read as two, yet over it)
    # … and a span told in months, as the years it makes
    assert _eligibility(real_kb, "本人离校已经二十六个月，想去见习").left == "over"
    assert _eligibility(real_kb, "本人离校十个多月，想去见习").left == "within"
    assert _eligibility(real_kb, "本人毕业两年多，想去见习").left == "over"
    assert _eligibility(real_kb, "本人离校整整两年，想去见习").left == "depends"  # (the day decides)


def test_a_year_left_school_in_is_reckoned_by_today(real_kb):
    assert _eligibility(real_kb, "本人2024年7月大学毕业，待业至今").left == "over"
    assert _eligibility(real_kb, "本人2025年1月中专毕业，待业至今").left == "within"
    assert _eligibility(real_kb, "本人2024年12月离校，待业至今").left == "depends"  # (before or after the 7th)
    assert _eligibility(real_kb, "本人去年大学毕业，待业至今").left == "within"
    # … and with the day told, that day decides (two years from 2024-12-20 fall after 2026-12-07)
    assert _eligibility(real_kb, "本人2024年12月20号离校，待业至今").left == "within"
    assert _eligibility(real_kb, "本人2024年12月1日离校，待业至今").left == "over"
    # another year told besides: the question is asked as of then, not reckoned by today
    told = _eligibility(real_kb, "本人2020年6月毕业，2022年3月才想起来报名见习")
    assert told is None or told.left == ""


def test_an_age_told_is_held_against_the_ages_of_the_unemployed_youth(real_kb):
    older = _eligibility(real_kb, "本人今年二十五周岁，一直待业")
    assert older is not None and older.age_told == "二十五周岁" and not older.age_in
    younger = _eligibility(real_kb, "本人十九岁，一直待业")
    assert younger is not None and younger.age_in
    assert _eligibility(real_kb, "见习对象是16-24岁的失业青年吗") is None  # (the range quoted, no age told)


def test_no_facts_or_no_groups_row_no_eligibility_note(real_kb):
    assert _eligibility(real_kb, "见习对象包括哪些人") is None
    other = real_kb.entries["intern-allowance"].cites
    assert told_eligibility("本人毕业三年多，待业至今", other, real_kb, real_kb.lexicon, DEC_7) is None


def test_an_answer_on_who_may_take_an_internship_says_where_the_told_facts_put_the_asker(assistant):
    reply = assistant.ask("本人大专毕业都三年多了，一直待业，今年二十三岁，还能参加见习吗")
    assert reply.entry_id == "intern-eligibility"
    note = next(line for line in reply.plain_text.splitlines() if line.startswith("📏"))
    assert "已超过“离校2年内”" in note and "二十三岁" in note and "在“16-24岁的失业青年”的年龄范围内" in note


def _days(real_kb, text: str):
    return told_working_days(text, real_kb.entries["intern-partial-month"].cites, real_kb, real_kb.lexicon)


def test_working_days_told_are_held_against_the_fifteen_working_days_of_the_allowance_rule(real_kb):
    assert _days(real_kb, "本人见习做了13个工作日便辞了").verdict == "short"
    assert _days(real_kb, "本人见习做了19个工作日便辞了").verdict == "enough"
    assert _days(real_kb, "本人见习没做满15个工作日便辞了").verdict == "short"  # (the threshold, fallen short of)
    # days on the calendar hold at most as many working days: under 15 is short, more depends
    assert _days(real_kb, "本人见习做了九天便辞了").verdict == "short"
    assert _days(real_kb, "本人见习做了22天便辞了").verdict == "depends"


def test_days_missed_or_told_roughly_or_of_two_people_are_not_held_against_it(real_kb):
    assert _days(real_kb, "见习生连着6天没来，补助还发吗") is None  # (days missed: another rule)
    assert _days(real_kb, "见习生三天两头请假，补助还发吗") is None
    assert _days(real_kb, "见习生做了十四五个工作日便辞了") is None
    assert _days(real_kb, "一个做了10个工作日，另一个做了20个工作日") is None


def test_an_answer_on_a_short_internship_month_says_where_the_told_days_put_the_asker(assistant):
    reply = assistant.ask("见习做了13个工作日便辞了，生活补助还有份吗")
    note = next(line for line in reply.plain_text.splitlines() if line.startswith("📏"))
    assert "“13个工作日”" in note and "还不满15个工作日" in note


def _absence(real_kb, text: str):
    return told_absence(text, real_kb.entries["intern-absence"].cites, real_kb, real_kb.lexicon)


def test_days_missed_are_held_against_five_in_a_row_and_ten_in_all(real_kb):
    # Written for this test: the rule was quoted and the days told left for the asker to weigh
    assert _absence(real_kb, "见习生连着8天没露面，补助怎么办").verdict == "over"
    assert _absence(real_kb, "见习生连着两天没来，补助怎么办").verdict == "short"
    assert _absence(real_kb, "见习生连续5天没来，补助怎么办").verdict == "at"  # (the rule says 以上: no guess)
    assert _absence(real_kb, "见习生前后总共缺勤11天，补助怎么办").verdict == "over"
    # in all, under ten but five or more: whether five of them ran in a row decides
    assert _absence(real_kb, "见习生前后总共缺勤7天，补助怎么办").verdict == "run_decides"
    # not said how: as a run it is over five, spread out under ten
    assert _absence(real_kb, "见习生旷了6天，补助怎么办").verdict == "manner_decides"
    assert _absence(real_kb, "见习生旷了3天，补助怎么办").verdict == "short"


def test_no_days_missed_or_days_told_roughly_are_not_held_against_the_absence_rule(real_kb):
    assert _absence(real_kb, "见习生连着请了6天假，后来又没来，补助怎么办") is None  # (leave: not without reason)
    assert _absence(real_kb, "见习生旷了十来天，补助怎么办") is None
    assert _absence(real_kb, "一个旷了3天，一个旷了8天，补助怎么办") is None


def test_an_answer_on_absence_says_where_the_told_days_put_the_intern(assistant):
    reply = assistant.ask("见习生连着6天没来上班，生活补助还照发吗")
    assert reply.entry_id == "intern-absence"
    note = next(line for line in reply.plain_text.splitlines() if line.startswith("📏"))
    assert "“连着6天”" in note and "已超过这条规定的“连续5天”" in note


def _retained(real_kb, text: str):
    return told_retention(text, real_kb.entries["intern-retention"].cites, real_kb, real_kb.lexicon)


def test_a_retention_rate_told_makes_the_subsidy_rate_the_internship_dialog_computes(real_kb):
    # Written for this test: "留用了60%…能提到多少" got the steps quoted and no figure; the rate
    # is the dialog's (sx-internship-2022 三（二）: 60 % base, +5 % per full 10 % above 50 %)
    told = _retained(real_kb, "我们见习期满留用了60%，补贴能提高到什么水平")
    assert (told.rate, told.state) == ("65", "raised")
    assert _retained(real_kb, "今年留用率只有55%，补助标准可否上调").state == "below_step"
    # exactly 80 % is not 高于80%; above it the subsidy is the whole minimum wage
    assert (
        _retained(real_kb, "留用率正好是80%，补贴能拿满吗").rate,
        _retained(real_kb, "留用率正好是80%，补贴能拿满吗").state,
    ) == (
        "75",
        "at_full",
    )
    assert _retained(real_kb, "留用率做到了百分之九十，补贴按多少给").rate == "100"


def test_a_line_the_rule_draws_or_a_change_asked_about_is_no_retention_rate_told(real_kb):
    assert _retained(real_kb, "留用率超过80%的见习单位，补贴能提到多少") is None
    assert _retained(real_kb, "留用率再提高10%的话补贴能多多少") is None
    assert _retained(real_kb, "每多留用10%补贴涨多少") is None
    assert _retained(real_kb, "留用率80%以上补贴怎么算") is None


def test_an_answer_on_retention_says_what_subsidy_rate_the_told_rate_makes(assistant):
    reply = assistant.ask("我们公司见习期结束时留用了70%，见习补贴标准会上调到几成")
    note = next(line for line in reply.plain_text.splitlines() if line.startswith("📏"))
    assert "留用率70%" in note and "约为当地最低工资标准的70%" in note


def _recruited(real_kb, text: str):
    return told_recruitment(text, real_kb.entries["xiangang-period"].cites, real_kb, real_kb.lexicon)


def test_a_recruitment_day_told_is_held_against_the_measures_recruiting_period(real_kb):
    # Written for this test: the day a school announced its hiring was quoted back with no word on
    # whether the 2020 measure reached it
    assert _recruited(real_kb, "学校是2020年12月29号发布公告招的人，这算吗").verdict == "within"
    assert _recruited(real_kb, "学校2021.1.4发的公告，这算吗").verdict == "after"
    assert _recruited(real_kb, "学校2020年12月31日发的公告，这算吗").verdict == "at"  # (the day itself: no guess)
    assert _recruited(real_kb, "学校2019年就招了这批人，这算吗").verdict == "before"
    # (a year alone: 2020 lies wholly in the period; 入职 is no recruitment)
    assert _recruited(real_kb, "学校2020年招的，这算吗").verdict == "within"
    assert _recruited(real_kb, "我2021年2月入职的，这算吗") is None
    # … two recruitment days: which one is meant is not guessed
    assert _recruited(real_kb, "一批2020年10月招的，一批2021年3月招的，这算吗") is None


def test_an_answer_on_the_measure_says_where_the_told_recruitment_day_falls(assistant):
    reply = assistant.ask("医院2021年1月6号发的招聘公告，招没考护士证的应届生，还算先上岗再考证吗")
    note = next(line for line in reply.plain_text.splitlines() if line.startswith("📏"))
    assert "招聘时间（2021年1月6号）" in note and "管不到它" in note
