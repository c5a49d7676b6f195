"""“X是准入类还是水平评价类”: what the bot says about a qualification's category.

The bot itself suggests this question (the /xiangang "not covered" outcome), so it must be
answerable for every qualification the knowledge base holds — the catalogue rows, the
先上岗 list and the names the hiring dialog knows — and must say plainly when it does not
know a category. Categories come only from knowledge/catalogue (with their source); the
wording comes only from knowledge/category.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.category import OUTCOME, CategorySpecialist
from bot.core import Assistant
from bot.exams.specialist import ExamSpecialist
from bot.kb import KbLoadFailed
from bot.kb.knowledge import load_knowledge
from tests.support import TODAY, copy_real_kb


@pytest.fixture
def bot(real_kb, real_brain):
    return Assistant(real_brain, clock=lambda: TODAY, specialists=[CategorySpecialist(real_kb)])


def ask(bot, text, **ctx):
    return bot.ask(text, bot.context(**ctx))


# ---- a known category is stated, with where it comes from -----------------------------------


def test_a_category_stated_by_a_clause_is_quoted_and_cited(bot):
    reply = ask(bot, "护士执业资格是准入类还是水平评价类")
    assert reply.outcome == OUTCOME
    assert "<b>护士执业资格</b>是<b>准入类</b>职业资格" in reply.text
    assert (
        "「对护士执业资格、渔业船员资格、执业兽医资格、演出经纪人员资格、专利代理师资格等5项准入类职业资格」"
        in reply.text
    )
    assert "city-xiangang-2020:n1" in reply.citations
    assert "《市人社局贯彻落实〈“先上岗、再考证”通知〉具体任务及责任分工》 政策点一（国家要求）" in reply.plain_text


def test_a_zhunru_answer_says_what_the_category_means_today(bot):
    reply = ask(bot, "护士执业资格是准入类还是水平评价类")
    assert "「目录之内除准入类职业资格外一律不得与就业创业挂钩」" in reply.text
    assert "mohrss-catalogue-2017:3.1" in reply.citations
    # the 先上岗 measure is history: said as ended, and today's rule comes with it
    assert "2020年12月31日前的招聘，现已结束" in reply.text
    assert "现在用人单位可以要求先取得护士执业资格" in reply.text


def test_a_category_from_an_unverified_transcription_says_so(bot):
    reply = ask(bot, "注册会计师是准入类吗")
    assert reply.outcome == OUTCOME
    assert "<b>注册会计师</b>是<b>准入类</b>职业资格" in reply.text
    assert "国家职业资格目录（2021年版）第1–8项（维基文库转录的官方表格）" in reply.text
    assert "未经核实" in reply.text


def test_an_officials_way_of_asking_the_category_is_understood(bot):
    # "是何种类别" is how a written inquiry puts "是准入类还是水平评价类"
    reply = ask(bot, "注册会计师在目录中是何种类别的资格")
    assert reply.outcome == OUTCOME
    assert "<b>注册会计师</b>是<b>准入类</b>职业资格" in reply.text


def test_a_shuiping_qualification_is_not_an_entry_condition(bot):
    reply = ask(bot, "精算师属于哪一类职业资格")
    assert reply.outcome == OUTCOME
    assert "<b>精算师</b>是<b>水平评价类</b>职业资格" in reply.text
    assert "不是从事这一职业的准入条件" in reply.text
    assert "未经核实" in reply.text


# ---- an unknown category is said plainly, never guessed -------------------------------------------


def test_a_name_without_a_category_is_recognised_but_not_classified(bot):
    reply = ask(bot, "一级建造师是准入类还是水平评价类")
    assert reply.outcome == "declined"  # counted with the questions the bot could not answer
    assert "抱歉，知识库没有“建造师”的类别" in reply.text
    assert "不能告诉您它是准入类还是水平评价类" in reply.text
    assert "<b>准入类</b>" not in reply.text and "<b>水平评价类</b>" not in reply.text
    assert "〔" not in reply.text  # a decline quotes and cites nothing; the buttons lead to the rules


def test_a_name_outside_the_list_is_not_classified(bot):
    reply = ask(bot, "电工证是准入类还是水平评价类")
    assert reply.outcome == "declined"
    assert "抱歉，知识库的职业资格名单里没有“电工证”" in reply.text
    assert "我不知道它属于哪一类" in reply.text
    assert "〔" not in reply.text
    assert "招聘能要求水平评价类证书吗" in [b.text for row in reply.buttons for b in row]


def test_a_typed_name_is_shown_as_letters_only(bot):
    reply = ask(bot, "<i>某某</i> & 证是准入类吗")
    assert reply.outcome == "declined"
    assert "名单里没有“i某某i证”" in reply.text  # markup and punctuation never reach the reply


@pytest.mark.parametrize("question", ["这个证是准入类吗", "我考的证是准入类还是水平评价类", "我的证书属于哪一类"])
def test_a_question_that_names_no_qualification_asks_for_the_name(bot, question):
    reply = ask(bot, question)
    assert reply.outcome == OUTCOME
    assert "请告诉我证书或职业资格的<b>名称</b>" in reply.text


# ---- every qualification the knowledge base holds is answerable -------------------------------------


def test_every_catalogue_row_gets_a_category_answer(bot, real_kb):
    book = real_kb.category
    assert book.catalogue.entries, "the catalogue is empty"
    for q in book.catalogue.entries:
        reply = ask(bot, f"{q.name}是准入类还是水平评价类")
        assert reply.outcome == (OUTCOME if q.category or q.left else "declined"), q.name
        assert q.name in reply.text, q.name
        if q.category:
            assert f"<b>{q.name}</b>是<b>{q.category}</b>职业资格" in reply.text, q.name
        elif q.left:  # its source says it left the catalogue with the 2021 edition
            assert f"<b>{q.name}</b>已不在2021年版《国家职业资格目录》中" in reply.text, q.name
        else:
            assert "不能告诉您它是准入类还是水平评价类" in reply.text, q.name


def test_a_qualification_that_left_the_catalogue_is_said_to_have_left_not_taken_for_one_inside_its_name(bot):
    # 乡村兽医资格 holds 兽医资格, a name of 执业兽医资格 (准入类): it is another qualification, which
    # its source says left the catalogue in 2021
    reply = ask(bot, "乡村兽医资格现在属于哪一类")
    assert reply.outcome == OUTCOME and "执业兽医" not in reply.plain_text
    assert "已不在2021年版《国家职业资格目录》中" in reply.plain_text and "未经核实" in reply.plain_text


def test_every_xiangang_qualification_and_hiring_table_row_is_zhunru(bot, real_kb):
    rows = real_kb.rules.tables["xiangang-qualifications"].rows
    labels = [row.values["label"] for row in rows]
    assert len(labels) == 7
    for label in labels:
        reply = ask(bot, f"{label}是准入类还是水平评价类")
        assert reply.outcome == OUTCOME, label
        assert "是<b>准入类</b>职业资格" in reply.text, label


@pytest.mark.parametrize(
    "question, name",
    [
        ("护士执业资格是准入类还是水平评价类", "护士执业资格"),
        ("请问教资是准入类吗", "教师资格"),
        ("CPA是不是准入类", "注册会计师"),
        ("執業獸醫是準入類還是水平評價類", "执业兽医资格"),
        ("渔业船员证书算准入类吗？", "渔业船员资格"),
        ("专利代理师属于准入类还是水平评价类呢", "专利代理师资格"),
        ("演出经纪人员资格是什么类别的职业资格", "演出经纪人员资格"),
        # the catalogue named between the link and the category (written for this test)
        ("渔业船员证算不算现行目录中的准入类", "渔业船员资格"),
    ],
)
def test_the_ways_people_ask(bot, question, name):
    reply = ask(bot, question)
    assert reply.outcome == OUTCOME
    assert f"<b>{name}</b>是" in reply.text


# ---- "is it in the catalogue at all" is asked of the same list ---------------------------------------


@pytest.mark.parametrize(
    "question, name",
    [
        ("注册会计师在新版目录里吗", "注册会计师"),
        ("护士执业资格在目录里吗？属于哪一类", "护士执业资格"),
        ("精算师在不在现行目录中", "精算师"),
        # "…还是国家职业资格吗": naming the catalogue's kind of qualification asks the same
        ("注册会计师现在还是国家职业资格吗", "注册会计师"),
        ("精算师属不属于国家职业资格", "精算师"),
        # … the place asked of again after it, and a time word after the name (written for this test)
        ("注册会计师目前是国家职业资格吗，新版目录里有吗", "注册会计师"),
        # … the catalogue named first, then whether it holds the name (written for this test)
        ("现行目录中是不是还有精算师呢", "精算师"),
        ("职业资格目录中包括注册会计师吗", "注册会计师"),
        # … the edition named after the catalogue, before the place (written for this test)
        ("精算师如今在目录2021年版中吗", "精算师"),
    ],
)
def test_asking_whether_a_known_name_is_in_the_catalogue_states_its_category(bot, question, name):
    reply = ask(bot, question)
    assert reply.outcome == OUTCOME
    assert reply.text.startswith(f"<b>{name}在不在国家职业资格目录里、属于哪一类</b>")
    assert f"<b>{name}</b>是" in reply.text


@pytest.mark.parametrize(
    "question",
    [
        "调酒师这个工种在新版目录里吗？算准入类还是水平评价类",
        "调酒师在最新的目录里面不",
        "调酒师在目录中吗 哪一类",
        "调酒师还是国家职业资格吗",
        "想问下调酒师这个证在新版目录里还在不在？算哪一类",  # (还在不在 asks; it names nothing)
    ],
)
def test_asking_whether_a_name_outside_the_list_is_in_the_catalogue_is_declined_plainly(bot, question):
    reply = ask(bot, question)
    assert reply.outcome == "declined"
    assert "名单里没有“调酒师”" in reply.text and "也不能确定它是否在《国家职业资格目录》中" in reply.text
    assert "〔" not in reply.text  # no document cited as if it answered


# ---- other questions about the two categories are left to the answer entries -----------------------


@pytest.mark.parametrize(
    "question",
    [
        "水平评价类和准入类有什么区别",
        "准入类资格要国务院决定才行吗",
        "哪些职业资格是准入类",
        "设置准入类职业资格需要满足什么条件",
        "我的证是水平评价类的，单位能要求吗",
        "准入类改成水平评价类以后没证还能干这行吗",
        "护士执业资格考试什么时候",
        "我们单位在目录里吗",
        "没在目录里的职业怎么评价",
        "国家职业资格有哪些",
        "国家职业资格和协会证书怎么区分",
        "新版目录里有多少项准入类",
        "目录里还有哪些水平评价类",
    ],
)
def test_other_questions_are_not_taken(bot, question):
    assert ask(bot, question).outcome != OUTCOME


@pytest.mark.parametrize("question", ["要是水平评价类的证书呢", "如果是准入类资格呢", "那要是准入类的呢"])
def test_a_supposition_is_not_a_name_said_to_be_of_a_category(bot, question):
    # 要是 / 如果是 suppose a category ("…去哪认定？" then "要是准入类的呢"): 要 is no qualification's name
    reply = ask(bot, question)
    assert not reply.plain_text.startswith(("“要", "“如果", "“那要")) and "名单里没有" not in reply.plain_text


def test_a_further_question_on_the_catalogue_row_is_answered_from_it_after_the_category(bot):
    reply = ask(bot, "注册会计师属于哪一类？它的设定依据是哪部法律？")
    assert reply.outcome == OUTCOME
    assert "准入类" in reply.plain_text
    assert "注册会计师的设定依据：《中华人民共和国注册会计师法》" in reply.plain_text
    assert "未经核实" in reply.plain_text  # the row is a transcription, and says so
    # a cell its source doubts is given as it reads, with the doubt its source states
    reply = ask(bot, "注册城乡规划师是准入类还是水平评价类？实施部门是哪个？")
    assert "注册城乡规划师的实施部门（单位）：自然资源部；人力资源社会保障部相关行业协会" in reply.plain_text
    assert "⚠️ 存疑：" in reply.plain_text and "无法判断" in reply.plain_text
    # … and a row of two sub-items says which each cell belongs to
    reply = ask(bot, "民用核安全设备无损检验人员归哪个部门管")
    assert "生态环境部（民用核安全设备无损检验人员）" in reply.plain_text and "合并单元格" in reply.plain_text
    # … and a bare 谁管 after the category question asks the row's department (written for this test)
    assert "法律职业资格的实施部门（单位）：司法部" in ask(bot, "法律职业资格算准入类吗 谁管").plain_text


def test_whether_a_qualification_was_renamed_is_answered_from_its_catalogue_entry(bot):
    # asked by its old name: the new one, from the (unverified) source saying so
    reply = ask(bot, "土地登记代理专业人员职业资格是不是换名字了")
    assert (
        reply.outcome == OUTCOME and "改称" in reply.plain_text and "不动产登记代理专业人员职业资格" in reply.plain_text
    )
    assert "未经核实" in reply.plain_text
    # … by its new one: the old one
    assert "原来叫“专利代理人”" in ask(bot, "专利代理师以前是不是叫别的，改过名吗").plain_text
    # … or whether the old one still holds
    reply = ask(bot, "土地登记代理专业人员职业资格如今还叫这个名字不")
    assert reply.outcome == OUTCOME and "不动产登记代理专业人员职业资格" in reply.plain_text
    # … one with no rename recorded: said so, as unanswered
    reply = ask(bot, "护士执业资格是否更名了")
    assert reply.outcome == "declined" and "没有护士执业资格改名的记录" in reply.plain_text
    # … asked as a doubt that it was (written for this test)
    assert "专利代理师" in ask(bot, "专利代理人如今不还叫专利代理人嘛").plain_text
    # … and of two names, one sentence each or a bare "X呢" after the first: each answered in turn
    for asked in ("证券期货业从业资格叫啥名字了？专利代理人呢", "专利代理人是不是改名字了 证券期货业从业资格呢"):
        reply = ask(bot, asked)
        assert reply.outcome == OUTCOME and "两个问题" in reply.plain_text
        assert "证券期货基金业从业人员资格" in reply.plain_text and "专利代理师" in reply.plain_text


def test_whether_a_named_qualification_is_still_there_left_or_was_added_is_its_catalogue_status(real_kb, real_brain):
    # Written for this test, in everyday words: the status the catalogue's (unverified) source
    # records, not a 先上岗 entry nor an exam's dates (before: declined, or the 执业兽医 entry).
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    for asked in (
        "乡村兽医的证现在还存在不",
        "出入境检疫处理人员资格还考不考",
        "2021目录里还有注册冶金工程师吗",
        "注册冶金工程师新版目录里应该还在吧",  # a guess to be set right
    ):
        reply = both.ask(asked)
        assert reply.outcome == OUTCOME and "已不在2021年版《国家职业资格目录》中" in reply.plain_text
    # (精算师 is an exam the calendar holds too: "什么时候进的目录" asks its membership, not its dates)
    for asked in ("矿业权评估师是新增的吗", "精算师哪一年纳入目录的", "精算师啥时候进的目录"):
        reply = both.ask(asked)
        assert reply.outcome == OUTCOME and "是随2021年版目录新增的" in reply.plain_text
        assert "未经核实" in reply.plain_text and "📅" not in reply.plain_text
    # … a renamed one asked after by an everyday name: what it is called now, and was before
    reply = both.ask("期货从业资格如今还有吗")
    assert "证券期货基金业从业人员资格在知识库的2021年版目录名称名单里" in reply.plain_text
    assert "原来叫“证券期货业从业资格”" in reply.plain_text
    assert "不动产登记代理专业人员职业资格" in both.ask("土地登记代理人改成啥了").plain_text
    # … and beside another name's membership question, each in turn
    reply = both.ask("人体器官移植医师在2021版目录里吗 还有注册机械工程师呢")
    assert "两个问题" in reply.plain_text and "注册机械工程师已不在2021年版" in reply.plain_text


def test_each_qualification_a_message_asks_of_is_answered_in_turn(bot):
    # a bare "X呢" after a category question asks X's category
    reply = ask(bot, "渔业船员资格算准入类吗？专利代理师呢？")
    assert reply.outcome == OUTCOME and "两个问题" in reply.plain_text
    assert "渔业船员资格是准入类职业资格" in reply.plain_text
    assert "专利代理师资格是准入类职业资格" in reply.plain_text
    # … and each name's own row question, whatever it asks
    reply = ask(bot, "注册会计师依据啥法设定？注册测绘师归哪个部门管")
    assert "注册会计师的设定依据：《中华人民共和国注册会计师法》" in reply.plain_text
    assert "注册测绘师的实施部门（单位）：自然资源部；人力资源社会保障部" in reply.plain_text


def test_what_the_2021_edition_added_and_removed_is_listed_from_the_catalogues_source(bot):
    # Written for this test: the entries marked added, left and renamed, said to be unverified
    reply = ask(bot, "跟旧版比，新版目录加进来了哪些、删掉了哪些？")
    assert reply.outcome == OUTCOME
    text = reply.plain_text
    assert "新增：职业病诊断医师、矿业权评估师（水平评价类）、精算师（水平评价类）" in text and "乡村兽医资格" in text
    assert "专利代理人 → 专利代理师资格" in text and "未经核实" in text
    # … and asked of the one added under 医生资格, whose category the source does not give, it says so
    reply = ask(bot, "职业病诊断医师是准入类吗")
    assert reply.outcome == "declined" and "随2021年版目录新增，列在医生资格之下" in reply.plain_text
    # … asked as what was taken out, or beside the category of a qualification (written for this test)
    assert "退出目录：" in ask(bot, "17版目录的哪些东西到21版被拿掉了").plain_text
    reply = ask(bot, "矿业权评估师属于哪一类？另外17版目录的哪些东西到21版被拿掉了？")
    assert reply.outcome == OUTCOME and "两个问题" in reply.plain_text
    assert "矿业权评估师是水平评价类" in reply.plain_text and "退出目录：" in reply.plain_text
    # … not a long story that names a new qualification and the catalogue while asking its rules
    story = "我在厅里法规处，想提议国家新增一项准入类资格，手头翻着17版目录那份通知。要设成准入类，有啥硬性规定"
    assert "相对2017年版增减了哪些" not in ask(bot, story).plain_text


def test_an_edition_written_as_its_version_names_the_catalogue_whose_changes_are_asked(bot):
    # Written for this test: no 目录 is typed (before: the current-edition entry)
    reply = ask(bot, "21年版新增了哪些")
    assert reply.outcome == OUTCOME and "精算师" in reply.plain_text and "新增" in reply.plain_text


def test_when_and_by_whom_the_2021_edition_was_published_is_the_header_its_rows_are_read_from(bot):
    # Written for this test: the transcription's header date and issuer, said to be unverified
    reply = ask(bot, "现行的国家职业资格目录是谁公布的，哪一天")
    assert reply.outcome == OUTCOME
    assert "2021年11月23日" in reply.plain_text and "发布机关是人力资源社会保障部" in reply.plain_text
    assert "未经核实" in reply.plain_text
    # … its 文号, which nothing read gives, is said to be unknown (a decline), with what is known
    reply = ask(bot, "21版职业资格目录的发文字号是多少")
    assert reply.outcome == "declined" and "没有读到" in reply.plain_text and "2021年11月23日" in reply.plain_text
    # … and the 2017 edition, whose rows are not held, is not answered this way
    assert "2021年11月23日" not in ask(bot, "老版目录是谁公布的").plain_text


def test_a_catalogue_row_asked_by_its_number_is_answered_from_the_row_the_list_holds(bot):
    # Written for this test: rows 1–8 are held, each with its number; a later row is not
    reply = ask(bot, "新版目录的第六项是哪个资格？归谁管")
    assert reply.outcome == OUTCOME and "第6项是注册测绘师" in reply.plain_text
    assert "注册测绘师的实施部门（单位）：自然资源部；人力资源社会保障部" in reply.plain_text
    assert "未经核实" in reply.plain_text
    # … two rows asked in one message each get theirs, in turn
    reply = ask(bot, "职业资格目录第2项和第5项分别是啥")
    assert "第2项是法律职业资格" in reply.plain_text and "第5项是注册城乡规划师" in reply.plain_text
    # … and more rows than one reply numbers: the first three
    reply = ask(bot, "目录第1项第2项第3项第4项各是什么")
    assert "三个问题" in reply.plain_text and "第4项是" not in reply.plain_text
    # … a row the list does not hold is said to be beyond what was read, not guessed
    reply = ask(bot, "目录里第三十项是什么资格")
    assert reply.outcome == "declined" and "第1–8项" in reply.plain_text and "第30项" in reply.plain_text


def test_one_question_naming_several_qualifications_answers_each(bot):
    # Written for this test: the "name" is two of the list's names joined by 跟 (one name the
    # list lacks before); one joined by a word that is no joiner stays one name
    reply = ask(bot, "渔业船员跟专利代理师都属于准入类吗")
    assert reply.outcome == OUTCOME
    assert "渔业船员资格是准入类职业资格" in reply.plain_text and "专利代理师资格是准入类职业资格" in reply.plain_text
    assert "名单里没有" not in ask(bot, "渔业船员、专利代理师在目录里吗").plain_text
    assert "两个问题" not in ask(bot, "渔业船员转专利代理师算哪一类").plain_text
    # … and four names: the first three, as one reply numbers
    reply = ask(bot, "渔业船员、专利代理师、注册会计师、注册测绘师属于准入类吗")
    assert "三个问题" in reply.plain_text and "注册测绘师资格是" not in reply.plain_text


def test_the_department_and_basis_of_a_named_qualification_are_answered_from_its_row(bot):
    reply = ask(bot, "教师资格的实施部门是哪个？设定依据呢？")
    assert reply.outcome == OUTCOME
    assert "教师资格的实施部门（单位）：教育部" in reply.plain_text
    assert "《中华人民共和国教师法》" in reply.plain_text
    # a qualification the list knows without its row: a plain decline citing nothing
    reply = ask(bot, "2021版目录里护士执业资格的设定依据是哪部法规？")
    assert reply.outcome == "declined" and "未收录" in reply.plain_text and "〔" not in reply.plain_text
    # 哪个部门 alone may ask where to go: not the row's department
    assert ask(bot, "教师资格证应该去哪个部门认定").outcome != OUTCOME
    # where the row is ("…目录里") is not more to ask: a long place and a long ask still read as one
    reply = ask(bot, "现行的2021版国家职业资格目录里面，教师资格的实施部门是哪个部委？")
    assert reply.outcome == OUTCOME and "教育部" in reply.plain_text


def test_the_row_is_asked_in_everyday_and_official_words_alike(bot):
    # 归哪个部门管 asks the department of a named qualification, 依据啥法 its basis
    reply = ask(bot, "注册会计师这个证归哪个部门管？")
    assert reply.outcome == OUTCOME and "实施部门（单位）：财政部" in reply.plain_text
    reply = ask(bot, "教师资格是依据啥法设立的")
    assert reply.outcome == OUTCOME and "《中华人民共和国教师法》" in reply.plain_text
    # the catalogue's full title written first says where the row is; the category asked beside
    # the row's department and basis gets all three
    reply = ask(bot, "《国家职业资格目录（2021年版）》中，注册会计师的实施部门、资格类别和设定依据各是什么？")
    assert reply.outcome == OUTCOME
    text = reply.plain_text
    assert "注册会计师是准入类职业资格" in text and "财政部" in text and "《中华人民共和国注册会计师法》" in text


def test_the_name_is_found_in_the_clause_that_asks_after_a_story_of_several_clauses(bot):
    reply = ask(
        bot,
        "我在乡镇卫生院干了八年，新来的实习生问我护士证算什么证，我也说不清，想问问护士执业资格属于哪一类？",
    )
    assert reply.outcome == OUTCOME
    assert "护士执业资格是准入类职业资格" in reply.plain_text


def test_a_name_outside_the_list_asked_with_its_department_is_declined_without_a_guess(bot):
    reply = ask(bot, "2021版目录里插花员是准入类还是水平评价类？实施部门是谁？")
    assert reply.outcome == "declined"
    assert "插花员" in reply.plain_text and "实施部门" in reply.plain_text
    assert "〔" not in reply.plain_text  # no document cited as if it answered


def test_the_law_a_basis_question_asks_for_names_no_qualification(bot):
    # Written for this test: the 法律 of "依据什么法律" is not 法律职业资格 (whose name it is once
    # 职业资格 is cut): a document's basis is not that row's (before: its eight laws)
    reply = ask(bot, "劳部发〔1997〕258号这份通知是根据什么法律出台的")
    assert reply.outcome != OUTCOME and "法官法" not in reply.plain_text
    assert "法律职业资格是准入类" not in reply.plain_text
    # … while a name beside it is still asked of
    assert "教师资格的设定依据" in ask(bot, "教师资格证是根据什么法律设的").plain_text
    assert "法律职业资格的设定依据" in ask(bot, "法考根据什么法律设的").plain_text


def test_what_the_user_tells_around_the_question_does_not_hide_it(bot):
    # a sentence of the asker's situation after the question
    reply = ask(bot, "注册会计师算准入类还是水平评价类？我弟弟会计专业今年毕业想去考。")
    assert reply.outcome == OUTCOME and "准入类" in reply.plain_text
    reply = ask(bot, "插花员在2021版目录里是准入类还是水平评价类？我们园林专业的学生想考。")
    assert reply.outcome == "declined" and "插花员" in reply.plain_text
    # where the row is told first, the row asked as "哪个部门实施的"
    reply = ask(bot, "现行2021版职业资格目录里，教师资格是哪个部门实施的？")
    assert reply.outcome == OUTCOME and "教育部" in reply.plain_text
    # a told situation with a question that is not about the row stays with the whole reading
    assert ask(bot, "我弟弟会计专业今年毕业。注册会计师报考要什么条件？").outcome != OUTCOME


def test_a_category_question_beside_more_asks_of_its_row_and_others_is_left_to_the_whole_reading(bot):
    question = "注册会计师属于准入类吗？由哪个部门负责实施？设定依据呢？报考条件又是什么？"
    assert ask(bot, question).outcome != OUTCOME


def test_a_category_question_beside_another_question_gets_both_answers_in_one_reply(bot):
    # Written for this test: the book answers the category, the brain the other question.
    for question, said in (
        ("注册会计师是准入类吗？公司招聘时可以硬性要求应聘者持有这个证吗？", "注册会计师是准入类职业资格"),
        ("茶艺师算哪类职业资格？技师干几年可以去评中级职称", "名单里没有“茶艺师”"),
    ):
        reply = ask(bot, question)
        text = reply.plain_text
        assert reply.outcome == "answered" and said in text and "您的消息里还问了别的" in text, question
    assert ask(bot, question).entry_id == "gt-jishi-zhongji"
    # beside a question that may ask more of the same name, the message is read whole
    reply = ask(bot, "茶艺师在目录里吗？准入类的和水平评价类的到底差在哪")
    assert "您的消息里还问了别的" not in reply.plain_text


# ---- the wording is staff data, checked like every other knowledge file ----------------------------


def test_the_wording_comes_from_the_yaml(tmp_path):
    root = copy_real_kb(tmp_path)
    path = root / "category" / "qualification-category.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("是<b>准入类</b>职业资格。", "属于<b>准入类</b>。"), encoding="utf-8"
    )
    kb = load_knowledge(root, today=TODAY)
    reply = kb.category.answer("护士执业资格", dt.date(2026, 11, 30))
    assert "护士执业资格</b>属于<b>准入类</b>。" in reply.text


def test_a_broken_template_is_a_load_error_with_file_and_line(tmp_path):
    root = copy_real_kb(tmp_path)
    path = root / "category" / "qualification-category.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{{ evidence_intro }}", "{{ evidence_intr }}"), encoding="utf-8"
    )
    with pytest.raises(KbLoadFailed) as failed:
        load_knowledge(root, today=TODAY)
    assert any(
        e.file == "knowledge/category/qualification-category.yaml" and "evidence_intr" in e.message
        for e in failed.value.errors
    )


def test_a_quote_outside_the_declared_cites_is_a_load_error(tmp_path):
    root = copy_real_kb(tmp_path)
    path = root / "category" / "qualification-category.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '两类的区别在于：{{ quote("mohrss-catalogue-2017:3.1"',
            '两类的区别在于：{{ quote("mohrss-catalogue-2017:3.2"',
        ),
        encoding="utf-8",
    )
    with pytest.raises(KbLoadFailed) as failed:
        load_knowledge(root, today=TODAY)
    assert any("not listed" in e.message for e in failed.value.errors)


def test_beside_an_exams_dates_a_category_question_gets_the_category_answer(real_kb, real_brain):
    # Written for this test: the exam calendar answers the first question, the category the second
    # (before, the second went to FAQ matching, which answered the conditions for setting one up).
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    text = both.ask("教师资格考试哪天考？教师资格属于哪一类").plain_text
    dates, rest = text.split("您的消息里还问了别的", 1)
    assert "📅 中小学教师资格" in dates
    assert "教师资格是准入类职业资格" in rest and "设置准入类职业资格的条件" not in text
    # … and a name the book holds no category for is declined there, not dropped
    text = both.ask("一建哪天考？一建算哪一类职业资格").plain_text
    assert "📅 一级建造师" in text and "抱歉，知识库没有“建造师”的类别" in text


def test_beside_an_exams_dates_a_question_of_it_by_a_pronoun_asks_of_that_exams_qualification(real_kb, real_brain):
    # Written for this test: 它 is the exam just named (before: "did you mean", or "没有“它”")
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    text = both.ask("注册城乡规划师几号开考？它由哪个部门负责实施").plain_text
    dates, rest = text.split("您的消息里还问了别的", 1)
    assert "📅 注册城乡规划师" in dates and "注册城乡规划师的实施部门（单位）：自然资源部" in rest
    assert "“它”" not in both.ask("一建几号开考？它属于准入类吗").plain_text


def test_an_exam_date_a_row_question_and_a_rule_in_one_message_are_each_answered(real_kb, real_brain):
    # Written for this test: the calendar, the catalogue row and FAQ matching each take their part
    # (before: the row question went to FAQ matching, which answered how a 准入类 one is set up)
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    text = both.ask("注册城乡规划师几号开考？它属于哪一类？技师干几年可以评中级？").plain_text
    assert "📅 注册城乡规划师" in text and "注册城乡规划师是准入类职业资格" in text and "满3年" in text
    assert "必须关系公共利益" not in text
    # … and a row's two questions, the second naming nothing, keep to the row
    text = both.ask("注册测绘师归哪个部门负责实施？它按啥法设立的？").plain_text
    assert "自然资源部" in text and "测绘法" in text


def test_right_after_a_category_answer_a_bare_switch_asks_the_category_of_the_name_it_names(real_kb, real_brain):
    # Written for this test: the exam calendar, asked first, would take "那导游呢" as the exam's dates.
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    session: dict = {}
    assert both.ask("教师资格属于准入类不", None, session).outcome == OUTCOME
    assert both.ask("那护士执业资格呢", None, session).plain_text.startswith("护士执业资格是准入类还是水平评价类")
    # … one after another, each right after a category answer
    assert both.ask("导游呢", None, session).plain_text.startswith("导游资格是准入类还是水平评价类")
    # … but not a message asking more of it, nor one not right after a category answer
    assert "📅 导游资格" in both.ask("那导游考试在哪天", None, session).plain_text
    assert "📅 导游资格" in both.ask("那导游呢", None, {}).plain_text


def test_right_after_a_rename_or_status_answer_a_bare_switch_asks_the_same_of_the_name_it_names(bot):
    # Written for this test: "那X呢" asks what the message before asked, not X's category
    session: dict = {}
    assert "改称" in bot.ask("专利代理人改名字了没", None, session).plain_text
    assert bot.ask("那证券期货业从业资格呢", None, session).plain_text.startswith("“证券期货业从业资格”现在叫什么")
    session = {}
    assert "已不在2021年版" in bot.ask("注册冶金工程师如今还存在吗", None, session).plain_text
    reply = bot.ask("那矿业权评估师呢", None, session)
    assert reply.plain_text.startswith("矿业权评估师在不在国家职业资格目录里") and "新增" in reply.plain_text


# ---- inside an answer on tying qualifications to jobs -------------------------------------------


def test_a_hiring_answer_says_the_category_of_the_one_qualification_asked_about(bot):
    # Written for this test: the answer quotes the rule on which kind may be tied to jobs; the
    # question names one qualification whose category the list records (from an unverified
    # transcription, which the line says).
    reply = ask(bot, "公司想招个审计，能要求人家先持有注册会计师证才录用吗")
    assert reply.entry_id == "catalogue-hiring-tie"
    line = reply.plain_text.splitlines()[2]
    assert line.startswith("ℹ️ 您问的注册会计师是准入类职业资格") and "未经核实" in line


def test_a_hiring_answer_naming_no_qualification_of_known_category_gets_no_such_line(bot):
    reply = ask(bot, "招人时可否把资格证设成硬性条件")
    assert "您问的" not in reply.plain_text
    # … nor one whose answer speaks of the qualification asked itself (the 先上岗 list names 护士)
    listed = ask(bot, "哪些证当年能先上岗后考？护士的算不算")
    assert "护士执业资格" in listed.plain_text and "您问的护士执业资格是" not in listed.plain_text


def test_which_department_is_responsible_for_carrying_out_a_qualification_asks_its_rows_record(bot):
    # Written for this test: "负责实施" got the 先上岗 offices' table (a name only listed: not held).
    held = ask(bot, "注册会计师是由哪个部门负责实施的")
    assert "注册会计师的实施部门（单位）：财政部" in held.plain_text
    assert "教师资格的实施部门（单位）：教育部" in ask(bot, "教师资格现在是哪个部门在管").plain_text
    listed = ask(bot, "注册建筑师是哪个部门负责实施的")
    assert "未收录这项内容" in listed.plain_text and "先上岗" not in listed.plain_text


def test_right_after_a_category_answer_a_bare_ask_of_its_rows_record_is_answered_for_that_name(real_kb, real_brain):
    # Written for this test: "实施部门呢" alone leans to how to apply to become an evaluation body
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    session: dict = {}
    assert both.ask("注册会计师算准入类吗", None, session).outcome == OUTCOME
    assert "注册会计师的实施部门（单位）：财政部" in both.ask("那实施部门呢", None, session).plain_text
    # … and the next, still of that name
    assert "《中华人民共和国注册会计师法》" in both.ask("设定依据呢", None, session).plain_text
    # … however plainly asked: who is in charge of it, what law it rests on
    session = {}
    both.ask("教师资格算准入类吗", None, session)
    assert "教师资格的实施部门（单位）：教育部" in both.ask("那谁负责", None, session).plain_text
    assert "《中华人民共和国教师法》" in both.ask("依据是什么法", None, session).plain_text
    # … a law its name holds a word of (法律职业资格: "哪些法律") is still that row's (written for this test)
    session = {}
    both.ask("法律职业资格归谁管", None, session)
    assert "《中华人民共和国律师法》" in both.ask("那是依据哪些法律设的", None, session).plain_text
    # … and whether the bot is sure of it, or what it rests on: the same answer again (written for this test)
    session = {}
    both.ask("渔业船员资格算准入类吗", None, session)
    reply = both.ask("你肯定吗", None, session)
    assert reply.outcome == OUTCOME and "渔业船员资格是准入类职业资格" in reply.plain_text
    # … "哪部法" of it, which the homophone correction once read as 不法 (written for this test),
    # and a 法律 inside the asking words, which names no 法律职业资格
    for asked in ("依据是哪部法", "那它设立依据的是哪部法律"):
        session = {}
        both.ask("注册会计师是准入类的吗", None, session)
        assert "注册会计师的设定依据：《中华人民共和国注册会计师法》" in both.ask(asked, None, session).plain_text
    # … and a bare switch to another name asks of it what was asked before: its row, not its category
    session = {}
    both.ask("注册测绘师依据啥法设定", None, session)
    reply = both.ask("那注册会计师呢", None, session)
    assert "《中华人民共和国注册会计师法》" in reply.plain_text and "是准入类职业资格" not in reply.plain_text
    # … while a question of another kind beside the name is not a category question
    session = {}
    both.ask("建造师是准入类吗", None, session)
    assert both.ask("那一建哪天考", None, session).outcome == "exams"


def test_it_in_a_category_question_is_the_qualification_just_spoken_of(real_kb, real_brain):
    # Written for this test: "它" was read as a name the list lacks, after two answers about one
    # qualification's row, and beside a question naming one in the same message.
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    session: dict = {}
    both.ask("注册会计师的设定依据是什么", None, session)
    assert "注册会计师的实施部门（单位）：财政部" in both.ask("那实施部门呢", None, session).plain_text
    assert "注册会计师是准入类职业资格" in both.ask("它是准入类吗", None, session).plain_text
    reply = both.ask("法律职业资格归哪个部门负责实施？它是哪类")
    assert "法律职业资格是准入类职业资格" in reply.plain_text and "司法部" in reply.plain_text


def test_right_after_an_exams_dates_a_category_question_naming_none_asks_of_that_exams_qualification(
    real_kb, real_brain
):
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    session: dict = {}
    assert both.ask("演出经纪人员资格今年考试是几号", None, session).outcome == "exams"
    reply = both.ask("这个证是准入类吗", None, session)
    assert reply.outcome == OUTCOME and "演出经纪人员资格是准入类职业资格" in reply.plain_text
    # … only right after: a question in between leaves it naming none
    both.ask("演出经纪人员资格今年考试是几号", None, session)
    both.ask("见习补贴有多少", None, session)
    assert "请告诉我证书或职业资格的名称" in both.ask("这个证是准入类吗", None, session).plain_text
    # … and asked with no word for it at all ("属于哪一类"), after a sitting asked of the same exam
    session = {}
    both.ask("精算师今年是几号考", None, session)
    both.ask("下半年呢", None, session)
    reply = both.ask("属于哪一类", None, session)
    assert reply.outcome == OUTCOME and "精算师是水平评价类职业资格" in reply.plain_text


def test_right_after_a_category_answer_a_date_question_naming_none_asks_of_that_qualifications_exam(
    real_kb, real_brain
):
    both = Assistant(
        real_brain, clock=lambda: TODAY, specialists=[ExamSpecialist(real_kb.exams), CategorySpecialist(real_kb)]
    )
    session: dict = {}
    assert both.ask("注册会计师算哪类资格", None, session).outcome == OUTCOME
    reply = both.ask("那今年哪天考试", None, session)
    assert reply.outcome == "exams" and "注册会计师" in reply.plain_text and "8月29日" in reply.plain_text
    # one the calendar lacks: it says it has no date for it
    session = {}
    both.ask("渔业船员资格算准入类吗", None, session)
    assert "暂无“渔业船员资格”的日期" in both.ask("那今年哪天考试", None, session).plain_text
    # … only right after: a question in between leaves the date question naming no exam
    session = {}
    both.ask("注册会计师算哪类资格", None, session)
    both.ask("见习补贴有多少", None, session)
    assert "注册会计师" not in both.ask("那今年哪天考试", None, session).plain_text


@pytest.mark.parametrize("typed", ["CPA", "cpa", "Cpa"])
def test_a_latin_alias_is_found_in_any_case(bot, typed):
    # Written for this test: the folded message held "cpa", the alias list "CPA": declined
    reply = ask(bot, f"{typed}在目录里的设定依据是啥法")
    assert reply.outcome == OUTCOME and "注册会计师法" in reply.text
