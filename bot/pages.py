"""Fixed pages and prompts (/start, /help, /about, /privacy, profile, /mydata, /forget).

Transport-agnostic: each returns a `Reply` in Telegram HTML with button actions, built from
the knowledge base where it describes it, so any face (or the core) can show them.
Actions starting with `profile:` and `forget:` (bot/callbacks.py) are handled by the face, not by
the core; the main menu is the core's (`Assistant.menu`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from markupsafe import escape

from bot.callbacks import FORGET, PROFILE
from bot.kb.model import KnowledgeBase
from bot.kb.vocabulary import ProfileWords
from bot.reply import MENU_BUTTON, Button, Reply, format_date

DISCLAIMER = "本助手的答复仅供参考，不构成法律意见，以官方文件为准。"

# (command, description) for the command menu; specialists add their own (e.g. /exams).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "开始 / 设置身份和地区"),
    ("menu", "主菜单"),
    ("help", "能问什么、示例问题"),
    ("profile", "修改身份和关注的地区"),
    ("about", "知识库版本、收录文件、免责声明"),
    ("privacy", "隐私说明"),
    ("mydata", "查看我被保存的全部数据"),
    ("forget", "删除我的全部数据"),
)


def command_list(specialists: Iterable[object] = ()) -> list[tuple[str, str]]:
    """Built-in commands, then those a specialist announces as `commands = {name: description}`."""
    listed = dict(COMMANDS)
    for specialist in specialists:
        for name, description in (getattr(specialist, "commands", None) or {}).items():
            listed.setdefault(name, description)
    return list(listed.items())


def profile_summary(profile: Mapping | None, words: ProfileWords) -> str:
    """Roles and regions, and their labels, are knowledge (knowledge/lexicon/profile.yaml)."""
    profile = profile or {}
    return f"身份：{words.audience_label(profile.get('role'))}；关注地区：{profile.get('region') or '未设置'}"


# ---- first contact and profile -----------------------------------------------------------
def role_question(words: ProfileWords, first_name: str | None = None, returning: bool = False) -> Reply:
    hello = f"您好，{escape(first_name)}！" if first_name else "您好！"
    intro = (
        ""
        if returning
        else (
            "我是<b>职业资格政策助手</b>，回答职业资格、技能等级认定、就业见习等政策问题，"
            "每条答复都注明依据的文件和条款。\n\n"
        )
    )
    buttons = tuple((Button(label, PROFILE("role", role)),) for role, label in words.audiences.items())
    return Reply(f"{hello}{intro}请先告诉我，您是：", buttons=buttons, outcome="ask_role")


def region_question(role: str, words: ProfileWords) -> Reply:
    regions = words.offered_regions
    rows = [regions[i : i + 3] for i in range(0, len(regions), 3)]
    buttons = tuple(tuple(Button(r, PROFILE("region", r)) for r in row) for row in rows)
    return Reply(
        f"好的，您是<b>{escape(words.audience_label(role))}</b>。\n您主要关心哪个地区的规定？"
        "（各地政策不同，我会提示答复的适用范围。）",
        buttons=buttons,
        outcome="ask_region",
    )


def profile_saved(profile: Mapping, words: ProfileWords) -> str:
    return f"✅ 已保存。{escape(profile_summary(profile, words))}。随时可用 /profile 修改。"


# ---- information pages -------------------------------------------------------------------
def example_questions(kb: KnowledgeBase, audience: str | None, limit: int = 5) -> list[str]:
    """One typical phrasing per topic, preferring entries written for this audience."""
    examples = []
    for topic in kb.topics.values():
        entries = [kb.entries[e] for e in topic.entry_ids if e in kb.entries]
        suited = [e for e in entries if audience in e.audience] or entries
        if suited:
            examples.append(suited[0].questions[0])
        if len(examples) >= limit:
            break
    return examples


def help_page(kb: KnowledgeBase, audience: str | None = None, commands: Iterable[tuple[str, str]] = COMMANDS) -> Reply:
    examples = "\n".join(f"• {escape(q)}" for q in example_questions(kb, audience))
    topics = "、".join(t.title for t in kb.topics.values())
    command_lines = "\n".join(f"/{name} — {escape(text)}" for name, text in commands)
    text = (
        "<b>我能做什么</b>\n直接用一句话提问，我会在政策文件中找到对应条款作答，并注明依据。"
        "答复下方可以点“查看原文”看条款原文、点“相关问题”继续了解，也欢迎点 👍/👎 告诉我答得好不好。\n\n"
        f"<b>涵盖话题</b>：{escape(topics)}\n\n"
        f"<b>可以这样问</b>：\n{examples}\n\n"
        f"<b>命令</b>：\n{command_lines}\n\n{DISCLAIMER}"
    )
    return Reply(text, buttons=((MENU_BUTTON,),), outcome="help")


def about_page(kb: KnowledgeBase) -> Reply:
    documents = sorted(kb.documents.values(), key=lambda d: (d.region != "全国", d.region, d.title))
    lines = []
    for doc in documents:
        dated = f"，{format_date(doc.dated)}" if doc.dated else ""
        lines.append(f"• {escape(doc.display_name)}（{escape(doc.region)}{dated}）")
    text = (
        "<b>关于本助手</b>\n"
        f"知识库版本：<code>{escape(kb.version)}</code>\n"
        f"最近一次人工核对：{format_date(kb.last_reviewed)}\n"
        f"收录 {len(kb.documents)} 份政策文件、{len(kb.entries)} 个常见问题：\n"
        + "\n".join(lines)
        + f"\n\n⚠️ {DISCLAIMER}政策可能调整，办理前请向当地人社部门核实。"
    )
    return Reply(text, buttons=((MENU_BUTTON,),), outcome="about")


def privacy_page() -> Reply:
    text = (
        "<b>隐私说明</b>\n"
        "我只保存回答问题所需的最少信息：\n"
        "• 您选择的身份和关注地区（用于给出适用的答复）；\n"
        "• 您点的 👍/👎 反馈（用于改进答复）；\n"
        "• 您提的问题及匹配结果，用假名化的编号记录，不含您的 Telegram 账号（用于改进知识库）；\n"
        "• 您订阅的考试提醒（如有）及对话进度。\n"
        "不会把这些信息提供给第三方。\n\n"
        "/mydata 查看保存的全部数据；/forget 删除全部数据。"
    )
    return Reply(text, buttons=((MENU_BUTTON,),), outcome="privacy")


# ---- the user's data ---------------------------------------------------------------------
def my_data_page(export: Mapping, words: ProfileWords) -> Reply:
    """A short summary, with everything as a JSON file attached."""
    profile = export.get("profile")
    counts = (
        f"• {profile_summary(profile, words) if profile else '未保存身份和地区'}\n"
        f"• 反馈 {len(export.get('feedback') or [])} 条\n"
        f"• 提问记录 {len(export.get('questions') or [])} 条\n"
        f"• 考试订阅 {len(export.get('subscriptions') or [])} 项\n"
        f"• 对话进度：{'有' if export.get('session') else '无'}"
    )
    data = json.dumps(export, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    attachment = {
        "kind": "document",
        "filename": "qualbot-mydata.json",
        "data": data,
        "caption": "保存的全部数据（JSON）",
    }
    return Reply(
        f"<b>关于您保存的数据</b>\n{escape(counts)}\n\n完整内容见附件。/forget 可全部删除。",
        outcome="mydata",
        attachments=(attachment,),
    )


def forget_confirmation() -> Reply:
    return Reply(
        "确定要删除我保存的关于您的全部数据吗？（身份和地区、反馈、提问记录、订阅、对话进度）删除后无法恢复。",
        buttons=((Button("🗑 确认删除", FORGET("yes")), Button("取消", FORGET("no"))),),
        outcome="forget_confirm",
    )


def forgotten() -> Reply:
    return Reply("🗑 已删除您的全部数据。如需再次使用，发送 /start 即可。", outcome="forgotten")


def forget_cancelled() -> Reply:
    return Reply("好的，没有删除任何数据。", buttons=((MENU_BUTTON,),), outcome="forget_cancelled")


# ---- short notices -----------------------------------------------------------------------
NON_TEXT = "请用文字输入您的问题（我暂时看不懂图片、语音、文件和位置）。"
FLOOD = "您发送得太快了，请稍候片刻再继续提问。"
FAILURE = "抱歉，处理您的消息时出了点问题，请稍后再试，或发送 /menu 从菜单开始。"
