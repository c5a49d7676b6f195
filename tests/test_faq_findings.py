"""The policy review's findings on FAQ answers stay fixed (issue 11).

Each test names the finding (../shared/reviews/policy-audit-1.md C*/G*, policy-audit-2.md F*,
user-qa.md U*) and states, from the source text, what the answer must and must not say.
"""

from __future__ import annotations

import re

import pytest

from bot.kb.model import KnowledgeBase


def answer(assistant, entry_id, audience=None, region=None):
    return assistant.answer(entry_id, assistant.context(audience=audience, region=region))


def body(reply):
    """The answer's own text: the part between the title (with the note on whose rule it is, said
    right under it) and the engine's notes and footer."""
    paragraphs = reply.plain_text.split("\n\n")
    return paragraphs[2] if paragraphs[1].startswith("📍 适用范围") else paragraphs[1]


def ended_entries(kb: KnowledgeBase):
    """Entries citing a clause of a measure that has ended (a temporary document or a dated clause)."""
    for entry in kb.entries.values():
        clauses = [kb.clauses[c] for c in entry.cites]
        if any(c.valid_until or kb.documents[c.doc_id].temporary_until for c in clauses):
            yield entry


# ---- issue 11 item 2: today's question first ------------------------------------------------------

BARE_OPENERS = re.compile(r"^(可以|能|不能|需要|不需要|会|不会|算|有用|不可以|不宜|不合规|要)[。，,！]")


def test_no_answer_about_an_ended_measure_opens_with_a_bare_yes_or_no(assistant, real_kb):
    entries = list(ended_entries(real_kb))
    assert len(entries) >= 20
    for entry in entries:
        for audience in (None, *entry.answer_for):
            text = body(answer(assistant, entry.id, audience))
            assert not BARE_OPENERS.match(text), f"{entry.id} ({audience}): {text[:40]}"


@pytest.mark.parametrize(
    "entry_id, audience",
    [
        ("xiangang-hiring-rule", "employer"),
        ("xiangang-hiring-rule", None),
        ("xiangang-nurse", None),
        ("xiangang-teacher", None),
        ("xiangang-pi-announce", None),
    ],
)
def test_hiring_answers_lead_with_todays_rule(assistant, entry_id, audience):
    """U3/U4/F22: 准入类 qualifications may be required again; the 2020 rule comes second."""
    text = body(answer(assistant, entry_id, audience))
    first = text.split("\n")[0]
    assert "目录之内除准入类职业资格外一律不得与就业创业挂钩" in first
    assert "2020年12月31日前" in text
    assert text.index("目录之内") < text.index("2020年12月31日前")


def test_hiring_rule_names_the_six_qualifications_instead_of_shangshu(assistant):
    """F22: 「上述」 referred to nothing in the answer."""
    text = body(answer(assistant, "xiangang-hiring-rule", "employer"))
    for name in ("教师资格", "护士执业资格", "渔业船员资格", "执业兽医资格", "演出经纪人员资格", "专利代理师资格"):
        assert name in text
    assert "设置其他具体岗位条件" not in text


def test_which_quals_includes_the_lawyer_arrangement(assistant):
    """F26: n3 (法律职业资格 实习登记) is policy point 三 of the same measure."""
    assert "先申请实习登记" in body(answer(assistant, "xiangang-which-quals"))


def test_lawyer_keeps_the_bar_association_condition_and_the_one_year_window(assistant):
    """F25."""
    text = body(answer(assistant, "xiangang-lawyer"))
    assert "律师协会考核合格" in text and "一年内" in text
    assert "已于2020年底结束" in text


def test_early_contract_only_the_remaining_period_subsidy_ended(assistant):
    """F5: 3.2.2 ended at 2022年底; nothing withdraws the ordinary 见习补贴 (3.2.1)."""
    text = body(answer(assistant, "intern-early-contract", "employer"))
    assert text.startswith("提前签约的剩余期限补贴现在没有了")
    assert "最低工资标准60%的就业见习补贴" in text


def test_the_internship_subsidy_amount_says_how_it_rises_with_retention(assistant):
    """3.2.1 gives 60%; 3.2.3–3.2.4 raise it for units keeping their interns: "how much" is both."""
    text = answer(assistant, "intern-employer-subsidy", "employer").plain_text
    assert "最低工资标准60%的就业见习补贴" in text
    assert "留用率高于50%的单位,可提高补贴标准" in text
    assert "对于留用率高于80%的,补贴标准提高到当地最低工资标准" in text


def test_rolling_extension_is_said_to_be_2023s(assistant):
    """X1: 「本年度」 is 2023; the clause gets its own ⏳ note."""
    reply = answer(assistant, "exam-rolling-extend")
    assert body(reply).startswith("知识库里只有2023年的规定")
    assert "执行至2023年12月31日，现已结束" in reply.plain_text


# ---- WRONG findings -------------------------------------------------------------------------------


def test_outside_the_catalogue_only_zhiye_zige_is_banned(assistant):
    """C1: 3.1 bans licensing 职业资格 outside the catalogue; 3.6 allows associations' 能力水平评价."""
    text = body(answer(assistant, "catalogue-outside-licensing"))
    assert not text.startswith("不能")
    assert "依据市场需要自行开展能力水平评价活动" in text


def test_no_prohibition_on_employers_that_the_sources_do_not_contain(assistant):
    """C2: 3.1 is about tying qualifications to 就业创业; it says nothing on 招聘/录用."""
    for audience in ("employer", "graduate"):
        text = body(answer(assistant, "catalogue-hiring-tie", audience))
        assert "招聘时不能把水平评价类职业资格证书设为录用或上岗的必备条件" not in text
        assert "没有直接规定用人单位" in text


def test_the_degree_waiver_is_zhejiangs_and_for_gaojigong_and_above(assistant):
    """G1: 3.2.1 applies to 高技能人才 with 高级工 or higher, in Zhejiang's 贯通 series."""
    text = body(answer(assistant, "gt-no-xueli"))
    assert not text.startswith("不需要")
    assert text.startswith("要看您是不是这里说的高技能人才。在浙江，具备高级工以上")


def test_the_theory_exam_waiver_needs_a_zhicheng(assistant):
    """G2: 三（四）2 sits under 参评条件 「具有助理级以上职称」."""
    text = body(answer(assistant, "gt-mian-lilun"))
    assert "具有助理级以上职称" in text
    assert not text.startswith("有相关专业毕业证书的可以免考理论")


def test_level_eval_does_not_answer_no_to_may_i_work_without_it(assistant):
    """F15: 1.3 「不再实行执业准入控制」 means the work may be done without the certificate."""
    text = body(answer(assistant, "jl-level-eval"))
    assert not text.startswith("不能")
    assert "并不妨碍从事相关职业" in text


# ---- twenty-first session: answers complete for what their phrasings ask ---------------------------


def test_whether_local_governments_may_set_a_qualification_names_the_four_cancellations_rule(assistant):
    """吉政办发〔2017〕54号 一: locally set qualifications are cancelled under 「四个取消」 (1.2), and
    「各地政府及有关部门不得自行新设」 (1.4): an answer to "市县能不能自己设" gives both."""
    reply = answer(assistant, "jl-own-cancelled")
    assert "不得自行新设" in reply.plain_text
    assert "取消地方各级政府及有关部门自行设置的职业资格" in reply.plain_text


def test_the_teacher_qualification_is_not_counted_among_the_five_admission_qualifications(assistant):
    """先上岗 通知 n1: 教师资格, and besides it 护士执业资格…专利代理师资格「等5项准入类职业资格」."""
    text = answer(assistant, "catalogue-hiring-tie").plain_text
    # ("教师资格以及护士执业资格等5项" still read as if teachers were one of the five)
    assert "教师资格，以及护士执业资格等另外5项" in text and "教师资格以及护士执业资格等5项" not in text
    assert "中小学、幼儿园、中等职业学校教师资格" in text


def test_the_market_order_answer_names_no_department_the_clauses_do_not_name(assistant):
    """山西实施意见 2.8.1–2.8.3 say what is to be done against illegal agencies, not by whom."""
    text = body(answer(assistant, "hrs-market-order"))
    assert not text.startswith("人社部门") and "没有写明" in text


def test_the_national_opinion_is_the_one_encouraging_social_training_evaluation_bodies(assistant):
    """浙江解读 (一)制定背景 reports what 人社部发〔2019〕90号 encourages: not a Zhejiang measure."""
    text = body(answer(assistant, "evalorg-conditions"))
    assert not text.startswith("浙江鼓励") and "人社部2019年印发的意见" in text


def test_the_teachers_limits_say_the_citys_rule_for_public_institutions_as_it_is(assistant):
    """市人社局措施2 says only 「应主要从事辅助性工作」 for those entering 事业单位."""
    text = answer(assistant, "xiangang-teacher-limits").plain_text
    assert "同样如此" not in text and "市人社局的措施还规定" in text


def test_a_full_professor_title_leads_to_the_special_technician_evaluation(assistant):
    """贯通办法 三（四）1（4）: 「取得正高级职称,可申请参加相应职业(工种)特级技师职业技能评价」 opens the clause
    whose second sentence the 首席技师 answer quotes."""
    text = answer(assistant, "gt-shouxi").plain_text
    assert "特级技师职业技能评价" in text and "取得正高级职称" in text


def test_when_the_allowance_is_not_paid_includes_fewer_than_fifteen_working_days(assistant):
    """山西见习通知 三（一）: 「未满15个工作日的不予发放」 is a case of no allowance besides the absences."""
    assert "未满15个工作日的不予发放" in answer(assistant, "intern-absence").plain_text


def test_a_certificate_still_demanded_after_cancellation_can_be_reported(assistant):
    """吉政办发〔2017〕54号 五: 「设立监督举报电话或信箱」 — what to do when the rule is broken."""
    assert "监督举报电话或信箱" in answer(assistant, "jl-no-precondition").plain_text


@pytest.mark.parametrize(
    ("entry_id", "says", "never"),
    [
        # 68号 3.5: 「未经批准不得在目录之外自行设置」, not a flat ban
        ("catalogue-outside-licensing", "未经批准不得在目录之外自行设置", "也不能在目录之外自己设置"),
        # 浙人社发〔2017〕146号 二: the province 「将建立」 a supervision mechanism
        ("catalogue-zj-inspection", "省里将建立常态化的监督机制", "浙江建立了常态化督查"),
        # 劳部发〔1997〕258号 三: the labour departments and the industry bodies' 劳资机构 guide employers
        ("cert1997-pay", "行业主管部门劳资机构", "这是对劳动部门的要求"),
        # 吉政办发〔2017〕54号 一: the corresponding Jilin department tracks what State Council departments implemented
        ("jl-anti-rebound", "实施部门为国务院部门（机构）的", "国务院取消的事项由吉林省对应部门跟踪督查"),
        # 54号 四: what was announced before the State Council's cancellation
        ("jl-exam-refund", "国务院公布取消前", "取消前已发布考试公告"),
        # 浙江监督管理办法解读: a third party 「根据工作需要」
        ("evalorg-who-supervises", "根据工作需要", "也可委托第三方开展质量督导"),
    ],
)
def test_the_answers_own_words_keep_the_clauses_conditions_and_actors(assistant, entry_id, says, never):
    text = answer(assistant, entry_id).plain_text
    assert says in text and never not in text


def test_the_current_rule_on_vets_says_only_what_the_catalogue_says(assistant):
    """68号 3.1 lets an admission qualification be required; it says nothing of what may be done without it."""
    text = body(answer(assistant, "xiangang-vet"))
    assert text.startswith("按现在的规定，用人单位可以要求先取得执业兽医资格")
    assert "没有执业兽医资格不能给动物诊疗" not in text and "也只能做辅助性工作" not in text


def test_whether_jilins_own_certificates_are_void_says_they_still_prove_ability(assistant):
    """ "吉林省里自己搞的资格证是不是全都废了" is one of the entry's phrasings: 54号 四 「对取消前取得的
    职业资格证书,继续作为能力水平的证明」 answers it."""
    entry = assistant.kb.entries["jl-own-cancelled"]
    assert any("全都废了" in q for q in entry.questions)
    assert "继续作为能力水平的证明" in answer(assistant, "jl-own-cancelled").plain_text


def test_a_cancelled_qualification_set_up_again_is_to_be_investigated_and_exposed(assistant):
    """吉政办发〔2017〕54号 五: 「发现一起、查处一起、曝光一起」 answers "变相恢复…怎么办"."""
    assert "曝光一起" in answer(assistant, "jl-anti-rebound").plain_text


def test_when_to_pass_the_exam_names_the_one_year_probation_of_public_institutions(assistant):
    """先上岗 通知 五: 事业单位 「约定1年试用期」, and without the qualification by then the contract ends."""
    assert "1年试用期" in answer(assistant, "xiangang-exam").plain_text


def test_a_unit_setting_up_internship_posts_is_told_the_conditions_it_must_meet(assistant):
    """Setting up posts is what a host unit does: the unit's conditions (山西 通知 四(二)) answer it,
    not the support for human-resources firms that set up posts."""
    reply = assistant.ask("单位申请设立见习岗位有什么门槛")
    assert reply.outcome == "answered" and reply.entry_id == "intern-unit-conditions"


def test_the_shanxi_opinions_overview_names_its_headings_rather_than_counting_parts(assistant):
    """No clause says how many parts the 实施意见 has (a closing section follows the three numbered
    ones): the answer names the headings as written and invents no count."""
    text = body(answer(assistant, "hrs-overview"))
    assert "三部分" not in text and "“三、政策措施”" in text


@pytest.mark.parametrize(
    ("entry_id", "quoted"),
    [
        # 贯通实施办法 三(四)2: how a titled engineer's skill evaluation examines him
        ("gt-title-to-skill", ("免于理论知识考试",)),
        # 浙人社发〔2017〕146号 二: the overview of Zhejiang's three parts quotes the supervision one too
        ("catalogue-zj-implement", ("发现一起、查处一起",)),
        # 评价机构管理办法解读 （三）1: 用人单位 or 社会培训评价组织, selected by the 人社 departments
        ("evalorg-who-issues", ("用人单位、社会培训评价组织两类", "遴选设立")),
        # 先上岗 通知 五: pay and insurance for every graduate working first, and the 聘用合同 side the
        # labour-contract sentence contrasts with
        ("xiangang-labor-contract", ("依法缴纳社会保险费", "计算工龄", "「高校毕业生参加事业单位公开招聘被聘用")),
        # 先上岗 通知 二: "主要从事辅助性工作" is quoted, not only said
        ("xiangang-vet", ("「对实施“先上岗、再考证”的准入类职业资格",)),
        # 市人社局措施1: "现在不需要了" rests on the measure's 2020-12-31 limit
        ("xiangang-recruit-plan", ("2020年12月31日前发布的公开招聘高校毕业生公告",)),
        # 吉政办发〔2017〕54号 四: a changed category follows the changed rules
        ("jl-level-eval", ("按调整、整合后的有关规定实施",)),
        # 吉政办发〔2017〕54号 四: certificates held before a cancellation still prove ability
        ("jl-cancelled-434", ("继续作为能力水平的证明",)),
    ],
)
def test_the_answer_quotes_the_sentence_its_phrasings_ask_for(assistant, entry_id, quoted):
    """Found by the twenty-second session's reviews and read failures: each answer now quotes the
    sentence of its own clauses that its phrasings (or the question it is chosen for) ask about."""
    text = answer(assistant, entry_id).plain_text
    assert all(q in text for q in quoted)


@pytest.mark.parametrize("audience", [None, "employer"])
def test_the_ended_measure_is_not_read_as_lifting_social_insurance(assistant, audience):
    # The clause says "依法缴纳社会保险费": the measure that ended is the hiring arrangement, and
    # the answer says so, for the graduate and the employer alike.
    text = answer(assistant, "xiangang-rights", audience).plain_text
    assert "不是说可以不缴社会保险费" in text and "依法缴纳" in text


def test_asking_which_system_sign_up_for_the_exams_runs_on_is_the_pledge_system(assistant):
    # Written for this test: it was a did-you-mean between the plan and the official channel.
    reply = assistant.ask("资格考试报名执行的是啥制度")
    assert reply.entry_id == "exam-commitment" and "告知承诺制" in reply.plain_text
