"""`qualbot dialogs preview NAME` (bot/cli.py): a Mermaid diagram and a Markdown walk-through for staff.

The walk-through lists every step with its question, buttons or input rules and where each
answer leads, every lookup with the rule rows (values, dates, citations) it can read, and
every outcome with its conditions and texts — the templates as written, so staff review
exactly what the bot will say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine.conditions import describe
from bot.engine.model import Dialog, DialogBook, Item, Step
from bot.engine.present import SECTION_TITLES

if TYPE_CHECKING:
    pass


def _node(step: Step) -> str:
    label = (step.title or step.id).replace('"', "'")
    if step.end:
        return f'    {_mid(step.id)}(["🏁 {step.id}"])'
    return f'    {_mid(step.id)}["{label}"]'


def _mid(step_id: str) -> str:
    return "s_" + step_id.replace("-", "_")


def _edge_label(text: str) -> str:
    return text.replace('"', "'").replace("|", "/")[:40]


def mermaid(dialog: Dialog) -> str:
    lines = ["flowchart TD"]
    lines += [_node(s) for s in dialog.steps.values()]
    for step in dialog.steps.values():
        conditional = _conditional(step)
        for choice in step.choices:
            # A choice edge is drawn when it decides the target; conditional steps draw their conditions.
            if choice.goto or not conditional:
                target = choice.goto or _first_transition(step)
                lines.append(f'    {_mid(step.id)} -->|"{_edge_label(choice.label)}"| {_mid(target)}')
        if step.input is not None or conditional:
            for cond, target in step.transitions:
                label = describe(cond) if cond is not None else ("其他" if conditional else "下一步")
                lines.append(f'    {_mid(step.id)} -->|"{_edge_label(label)}"| {_mid(target)}')
    return "\n".join(lines) + "\n"


def _conditional(step: Step) -> bool:
    return any(c is not None for c, _ in step.transitions)


def _first_transition(step: Step) -> str:
    return step.transitions[0][1] if step.transitions else step.id


def _items(items: tuple[Item, ...]) -> list[str]:
    out = []
    for item in items:
        when = f"（当 {describe(item.when)}）" if item.when is not None else ""
        out.append(f"- {when}{_inline(item.text)}")
    return out


def _inline(text: str) -> str:
    return " ".join(text.split())


def markdown(dialog: Dialog, book: DialogBook) -> str:
    kb = book.kb
    out = [f"# 引导问答 /{dialog.command}：{dialog.title}", "", dialog.summary, "", f"文件：`{dialog.path}`", ""]
    if dialog.lookups:
        out += ["## 引用的规则值（knowledge/rules）", ""]
        for lookup in dialog.lookups:
            table = book.rules.tables[lookup.table]
            key = f"行 `{lookup.row}`" if lookup.row else f"按变量 `{lookup.key}` 取行"
            when = f"，按日期 `{lookup.dated_by}` 取当时有效的行" if lookup.dated_by else "，按今天取当时有效的行"
            out.append(f"- `{lookup.name}` = 表 `{table.id}`（{table.description}）{key} 的 `{lookup.column}`{when}")
            for row in table.rows:
                if lookup.row and row.key != lookup.row:
                    continue
                dated = (
                    f"（{row.valid_from or '…'} 至 {row.valid_until or '…'}）"
                    if row.valid_from or row.valid_until
                    else ""
                )
                out.append(
                    f"  - `{row.key}`: {row.values.get(lookup.column)!s}{dated} — 依据 `{row.cite}`（{kb.clauses[row.cite].label}）"
                )
        out.append("")
    if dialog.compute:
        out += ["## 计算", ""]
        for comp in dialog.compute:
            inputs = "，".join(f"{p} ← `{v}`" for p, v in comp.inputs.items())
            out.append(f"- 计算器 `{comp.calculator}`：{inputs} → {', '.join(comp.outputs)}")
        out.append("")
    if dialog.conditions:
        out += ["## 条件", ""]
        for named in dialog.conditions.values():
            clause = kb.clauses[named.cite]
            out.append(
                f"- `{named.id}`：{describe(named.test)} — {_inline(named.label)} — 依据 `{named.cite}`（{clause.label}）"
            )
        out.append("")
    out += ["## 问题", ""]
    for step in dialog.steps.values():
        if step.end:
            continue
        out += [f"### `{step.id}` {step.title}", "", f"> {_inline(step.ask or '')}", ""]
        if step.input is not None:
            bounds = f"，范围 {step.input.min if step.input.min is not None else '…'} 至 {step.input.max if step.input.max is not None else '…'}"
            out.append(f"- 输入：{step.input.type}{bounds}；不符合时提示：{step.input.hint}")
            if step.input.unknown_label:
                out.append(f"- 按钮：{step.input.unknown_label}（记为未知 ❔）")
        for choice in step.choices:
            target = f" → `{choice.goto}`" if choice.goto else ""
            unknown = "（记为未知 ❔）" if choice.unknown else ""
            out.append(f"- 按钮：{choice.label}{unknown}{target}")
        for cond, target in step.transitions:
            out.append(f"- {'当 ' + describe(cond) if cond is not None else '否则'} → `{target}`")
        if step.depends_on:
            out.append(f"- 当 {', '.join(step.depends_on)} 改变时需重新回答")
        out.append("")
    out += ["## 结果", ""]
    for step in dialog.steps.values():
        if not step.end:
            continue
        out += [f"### `{step.id}`", "", f"**{_inline(step.headline or '')}**", ""]
        for use in step.checks:
            when = f"（当 {describe(use.when)}）" if use.when is not None else ""
            out.append(f"- 条件 ✅/❌/❔ `{use.id}`{when}")
        for name, title in SECTION_TITLES.items():
            items = step.sections.get(name, ())
            if items:
                out += ["", f"{title or '结论'}：".replace("<b>", "**").replace("</b>", "**"), *_items(items)]
        if step.cites:
            out += ["", "依据：" + "、".join(f"`{c}`" for c in step.cites)]
        out.append("")
    return "\n".join(out)


def preview(name: str, book: DialogBook) -> tuple[str, str]:
    """(mermaid, markdown) for the dialog `name` (id or command)."""
    dialog = book.dialogs.get(name) or book.by_command(name)
    if dialog is None:
        raise KeyError(f"no dialog '{name}'; dialogs: {', '.join(sorted(book.dialogs))}")
    diagram = mermaid(dialog)
    return diagram, markdown(dialog, book) + "\n## 流程图\n\n```mermaid\n" + diagram + "```\n"
