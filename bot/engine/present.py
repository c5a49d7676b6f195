"""Turn a dialog position into a Reply: the question with its buttons, or the outcome.

Outcomes explain themselves: the verdict, then each condition ✅ met / ❌ not met /
❔ unknown with the clause that states it, then what the user may do, may not do and
what to do next, time notes, and the citation footer built from what was actually used.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import escape

from bot.callbacks import ENTRY
from bot.engine import actions
from bot.engine.model import Dialog, DialogBook, Item, Step
from bot.engine.runtime import Position, Scope
from bot.engine.templates import RecordingQuoter
from bot.engine.values import load_value
from bot.everyday_numbers import show_value
from bot.kb.model import Entry, nested_title
from bot.kb.render import citation_footer
from bot.kb.rules import Row
from bot.reply import MENU_BUTTON, Button, Reply, format_date
from bot.timeliness import time_notes

MARKS = {True: "✅", False: "❌", None: "❔"}
SECTION_TITLES = {
    "verdict": None,
    "may": "✅ <b>您可以</b>",
    "may_not": "🚫 <b>不可以 / 限制</b>",
    "next_steps": "👉 <b>下一步</b>",
    "notes": "ℹ️ <b>说明</b>",
}
DIALOG_MENU_BUTTON = Button("🗂 引导问答", actions.encode("menu"))


def answer_label(step: Step, value: Any) -> str:
    """How an answer reads back to the user: the button label, the unknown label, or value+unit."""
    choice = step.choice(value) if step.choices else None
    if choice is not None:
        return choice.label
    if value is None:
        unknown = next((c.label for c in step.choices if c.unknown), None)
        return unknown or (step.input.unknown_label if step.input else None) or "不确定"
    if step.input is not None and step.input.type == "date" and isinstance(value, str):
        value = load_value(value, "date")
    unit = step.input.unit if step.input and step.input.unit else ""
    shown = show_value(value) + unit
    return shown if len(shown) <= 40 else shown[:40] + "…"  # a pasted posting is not repeated in full


def template_values(dialog: Dialog, scope: Scope) -> dict[str, Any]:
    labels = {var: answer_label(dialog.steps[sid], scope.values.get(var)) for var, sid in dialog.var_step.items()}
    return {**scope.values, "labels": labels}


def nav_row(dialog: Dialog, position: Position) -> tuple[Button, ...]:
    row = []
    if position.path:
        row.append(Button("⬅️ 返回", actions.encode("back", dialog.id)))
        row.append(Button("✏️ 修改", actions.encode("edit_menu", dialog.id)))
    row.append(Button("✖️ 取消", actions.encode("cancel", dialog.id)))
    return tuple(row)


def question(
    book: DialogBook, dialog: Dialog, position: Position, notice: str | None = None, editing_old: str | None = None
) -> Reply:
    step = position.current
    quoter = RecordingQuoter(book.kb.clauses)
    values = template_values(dialog, position.scope)
    parts = [f"🧭 <b>{escape(dialog.title)}</b> · 第{len(position.path) + 1}问"]
    where = region_warning(dialog, position.scope.values.get("region"))
    if where and not position.path:
        parts.append(where)
    if notice:
        parts.append(notice)
    if editing_old is not None:
        parts.append(f"✏️ 修改这一项（原来的回答：{escape(editing_old)}）")
    parts.append(book.templates.render(step.ask or "", values, quoter))
    rows: list[tuple[Button, ...]] = []
    if step.input is not None:
        unit = f"（单位：{escape(step.input.unit)}）" if step.input.unit else ""
        parts.append(f"<i>请直接输入{unit}。</i>")
        if step.input.unknown_label:
            rows.append((Button(step.input.unknown_label, actions.encode("choose", dialog.id, step.id, "u")),))
    buttons = [Button(c.label, actions.encode("choose", dialog.id, step.id, i)) for i, c in enumerate(step.choices)]
    pair = all(len(b.text) <= 8 for b in buttons)  # short labels sit two to a row
    width = 2 if pair else 1
    rows += [tuple(buttons[i : i + width]) for i in range(0, len(buttons), width)]
    rows.append(nav_row(dialog, position))
    return Reply(
        "\n\n".join(parts),
        buttons=tuple(rows),
        outcome="dialog_question",
        entry_id=f"{dialog.id}:{step.id}",
        citations=tuple(dict.fromkeys(quoter.quoted)),
    )


def region_warning(dialog: Dialog, region: str | None) -> str | None:
    """Said before the first question (and in the outcome) when the user's region is not the dialog's."""
    if not dialog.region or not region or region == dialog.region:
        return None
    elsewhere = "全国其他地区" if region == "全国" else region
    return (
        f"📍 请注意：这个问答按<b>{escape(dialog.region)}省</b>的规定判断，您关注的是{escape(elsewhere)}。"
        f"{escape(elsewhere)}的规定可能不同，结论只说明在{escape(dialog.region)}会怎样，请以当地人社部门的文件为准。"
    )


def _items(
    book: DialogBook,
    dialog: Dialog,
    scope: Scope,
    items: Iterable[Item],
    values: dict[str, Any],
    quoter: RecordingQuoter,
) -> list[str]:
    rendered = []
    for item in items:
        if item.when is None or scope.holds(dialog, item.when) is True:
            text = book.templates.render(item.text, values, quoter)
            if text:
                rendered.append(text)
    return rendered


def outcome(book: DialogBook, dialog: Dialog, position: Position) -> Reply:
    step: Step = position.current
    scope = position.scope
    kb = book.kb
    quoter = RecordingQuoter(kb.clauses)
    values = template_values(dialog, scope)
    cites: list[str] = []
    parts = [f"🧭 <b>{escape(dialog.title)}</b>\n<b>{book.templates.render(step.headline or '', values, quoter)}</b>"]
    parts += _items(book, dialog, scope, step.sections["verdict"], values, quoter)
    unknown_steps: list[str] = []
    faq_offers: list[str] = []
    check_lines = []
    for use in step.checks:
        if use.when is not None and scope.holds(dialog, use.when) is not True:
            continue
        named = dialog.conditions[use.id]
        result = scope.check(dialog, use.id)
        label = book.templates.render(named.label, values, quoter)
        cite = scope.lookup_cites.get(named.cite_from or "", named.cite)
        clause = kb.clauses[cite]
        doc = kb.documents[clause.doc_id]
        where = escape(f"《{nested_title(doc.short_title or doc.title)}》{clause.label}")
        check_lines.append(f"{MARKS[result]} {label}\n　　— {where}")
        cites.append(cite)
        if result is None and named.ask and named.ask not in unknown_steps:
            unknown_steps.append(named.ask)
        if result is None and named.faq:
            faq_offers.append(named.faq)
    if check_lines:
        parts.append("📋 <b>逐项条件</b>\n" + "\n".join(check_lines))
    for name, title in SECTION_TITLES.items():
        if name == "verdict":
            continue
        lines = _items(book, dialog, scope, step.sections[name], values, quoter)
        if lines:
            parts.append(f"{title}\n" + "\n".join(f"• {line}" for line in lines))
    if step.show_rules and scope.rule_rows:
        parts.append(rules_used(book, scope.rule_rows))
    answers = _answer_summary(dialog, position, values)
    if answers:
        parts.append("🗒 <b>您的回答</b>：" + answers)
    cites = list(dict.fromkeys([*cites, *step.cites, *quoter.quoted, *scope.rule_cites]))
    notes = (
        time_notes(_pseudo_entry(dialog, cites), kb, scope.values["today"], scope.values.get("region")) if cites else []
    )
    if notes:
        parts.append("\n".join(notes))
    if cites:
        parts.append(citation_footer(kb, cites))
    rows: list[tuple[Button, ...]] = []
    for sid in unknown_steps:
        rows.append((Button(f"❔ 补充：{dialog.steps[sid].title}", actions.encode("edit", dialog.id, sid)),))
    for entry_id in dict.fromkeys([*faq_offers, *step.related]):
        rows.append((Button(f"📖 {kb.entries[entry_id].title}", ENTRY(entry_id)),))
    rows.append(
        (
            Button("⬅️ 返回", actions.encode("back", dialog.id)),
            Button("✏️ 修改回答", actions.encode("edit_menu", dialog.id)),
        )
    )
    rows.append((Button("🔄 重新开始", actions.encode("start", dialog.id)), DIALOG_MENU_BUTTON, MENU_BUTTON))
    return Reply(
        "\n\n".join(parts),
        buttons=tuple(rows),
        outcome="dialog_outcome",
        entry_id=f"{dialog.id}:{step.id}",
        citations=tuple(cites),
    )


def rules_used(book: DialogBook, rows: list[Row]) -> str:
    """📐 每个规则值：值、依据条款、文件日期、有效期 — so an estimate shows where each number comes from."""
    lines = ["📐 <b>所用规则值</b>（来自知识库，均有出处）："]
    for row in {(r.table, r.key, r.line): r for r in rows}.values():
        table = book.rules.tables[row.table]
        clause = book.kb.clauses[row.cite]
        doc = book.kb.documents[clause.doc_id]
        label = row.values.get("label") or table.description
        shown = [show_value(v) for k, v in row.values.items() if k != "label"]
        dated = [f"文件日期{format_date(doc.dated)}"] if doc.dated else []
        if row.valid_from:
            dated.append(f"自{format_date(row.valid_from)}起")
        if row.valid_until:
            dated.append(f"执行至{format_date(row.valid_until)}")
        where = f"《{nested_title(doc.short_title or doc.title)}》{clause.label}"
        lines.append(f"• {escape(label)}：{escape('、'.join(shown))}（{escape(where)}；{'，'.join(dated)}）")
    return "\n".join(lines)


def _answer_summary(dialog: Dialog, position: Position, values: dict[str, Any]) -> str:
    shown = []
    for sid in position.path:
        step = dialog.steps[sid]
        shown.append(f"{escape(step.title)}：{escape(values['labels'][step.var])}")
    return "；".join(shown)


def _pseudo_entry(dialog: Dialog, cites: list[str]) -> Entry:
    """time_notes() works on entries; an outcome is an answer built from these cites."""
    return Entry(
        id=dialog.id,
        topic="dialogs",
        title=dialog.title,
        audience=(),
        questions=(),
        answer="",
        cites=tuple(cites),
        path=dialog.path,
        line=1,
    )


def dialog_menu(book: DialogBook) -> Reply:
    lines = ["🗂 <b>引导问答</b>：回答几个问题，告诉您哪些规定适用于您，并逐条给出依据。"]
    rows = []
    for d in book.ordered():
        lines.append(f"• /{d.command} {escape(d.title)}：{escape(d.summary)}")
        rows.append((Button(d.title, actions.encode("start", d.id)),))
    rows.append((MENU_BUTTON,))
    return Reply("\n".join(lines), buttons=tuple(rows), outcome="dialog_menu")
