"""Safe reload: validate the edited knowledge and dialogs completely, then swap atomically.

The new version is loaded and checked exactly as `qualbot kb check` does (strict loader,
whole-base checks), the dialogs are checked against it, and a complete new `Brain` is built
— all before anything is swapped. On any error the old version keeps serving, untouched,
and the result lists every problem as `file:line: message`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import inspect
import logging
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core import Assistant, Brain
from bot.kb.errors import KbError
from bot.kb.model import KnowledgeBase
from bot.settings import Settings
from bot.staff.diff import KnowledgeDiff, diff_knowledge

log = logging.getLogger("qualbot.staff")
MAX_ERRORS_SHOWN = 30

# One reload at a time (Telegram /reload and SIGHUP may arrive together); a second waits.
_LOCK = threading.Lock()

# Run by the face after a successful reload, in order (sync or async): tell the other workers,
# send exam change notices. What a specialist derives from the knowledge is rebuilt by its
# `on_reload` hook inside the swap instead.
ReloadListener = Callable[["ReloadResult"], Awaitable[None] | None]


@dataclass(frozen=True)
class ReloadResult:
    ok: bool
    errors: tuple[str, ...] = ()  # "file:line: message", sorted
    version_before: str = ""
    version_after: str | None = None
    diff: KnowledgeDiff | None = None
    seconds: float = 0.0
    summary: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = ()  # "file:line: message": listed after a good reload, never block it
    # the two versions, for listeners (e.g. exam-change notices); not part of the status file
    old_kb: Any = field(default=None, repr=False, compare=False)
    new_kb: Any = field(default=None, repr=False, compare=False)

    def lines(self) -> list[str]:
        """The report staff read (Telegram and CLI), plain text."""
        if not self.ok:
            shown = list(self.errors[:MAX_ERRORS_SHOWN])
            more = (
                [f"…另有 {len(self.errors) - MAX_ERRORS_SHOWN} 个错误（运行 qualbot kb check 查看全部）"]
                if len(self.errors) > MAX_ERRORS_SHOWN
                else []
            )
            return [
                f"❌ 重新加载失败：发现 {len(self.errors)} 个错误，仍在使用原来的知识库（版本 {self.version_before}）。",
                *shown,
                *more,
            ]
        head = f"✅ 已重新加载：知识库版本 {self.version_before} → {self.version_after}（用时 {self.seconds:.1f} 秒）。"
        warned = []
        if self.warnings:
            warned = [
                f"⚠️ 警告 {len(self.warnings)} 条（不影响这次加载，请尽快处理）：",
                *self.warnings[:MAX_ERRORS_SHOWN],
            ]
            if len(self.warnings) > MAX_ERRORS_SHOWN:
                warned.append(f"…另有 {len(self.warnings) - MAX_ERRORS_SHOWN} 条（运行 qualbot kb check 查看全部）")
        return [head, *self.summary, *warned]

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "errors": list(self.errors),
            "version_before": self.version_before,
            "version_after": self.version_after,
            "seconds": round(self.seconds, 2),
            "summary": list(self.summary),
        }

    @classmethod
    def from_json(cls, data: dict) -> ReloadResult:
        return cls(
            ok=bool(data["ok"]),
            errors=tuple(data.get("errors", ())),
            version_before=data.get("version_before", ""),
            version_after=data.get("version_after"),
            seconds=float(data.get("seconds", 0.0)),
            summary=tuple(data.get("summary", ())),
        )


def dialogs_dir_of(assistant: Assistant, settings: Settings) -> Path | None:
    """The dialogs the assistant serves (its dialog specialist's folder), else settings' if present."""
    for specialist in assistant.specialists:
        folder = getattr(specialist, "dialogs_dir", None)
        if folder is not None:
            return Path(folder)
    return settings.dialogs_dir if settings.dialogs_dir.is_dir() else None


def validate(
    settings: Settings, dialogs_dir: Path | None, today: dt.date | None = None
) -> tuple[KnowledgeBase | None, list[KbError]]:
    """(new KnowledgeBase or None, errors). Same checks as `qualbot kb check`, plus dialogs."""
    kb, errors, _ = validate_with_warnings(settings, dialogs_dir, today)
    return kb, errors


def validate_with_warnings(
    settings: Settings, dialogs_dir: Path | None, today: dt.date | None = None
) -> tuple[KnowledgeBase | None, list[KbError], list[KbError]]:
    """(new KnowledgeBase or None, errors, warnings) — warnings are listed but never block a reload."""
    from bot.checks import run_check

    report = run_check(settings.knowledge_dir, today=today, dialogs_dir=dialogs_dir)  # dialogs included
    return report.kb, sorted(set(report.errors)), sorted(set(report.warnings))


def reload_knowledge(assistant: Assistant, settings: Settings) -> ReloadResult:
    """Validate, build, swap; or keep serving the old version and report why not.

    Blocking and CPU-bound (seconds): the Telegram face runs it in a worker thread, then its
    `ReloadListener`s (`run_listeners`).
    """
    with _LOCK:
        started = time.monotonic()
        old_kb = assistant.kb
        warnings: list[KbError] = []
        try:
            new_kb, errors, warnings = validate_with_warnings(
                settings, dialogs_dir_of(assistant, settings), today=assistant.clock()
            )
        except Exception as exc:  # an unforeseen loader crash must not take the bot down either
            log.exception("reload: validation crashed")
            new_kb, errors = None, [KbError(str(settings.knowledge_dir), 1, f"internal error while checking: {exc!r}")]
        if errors or new_kb is None:
            result = ReloadResult(
                ok=False,
                errors=tuple(str(e) for e in errors),
                version_before=old_kb.version,
                seconds=time.monotonic() - started,
            )
            log.warning("reload refused: %d error(s); still serving version %s", len(errors), old_kb.version)
            return result
        brain = Brain(new_kb, assistant.brain.matcher.policy, index_dir=assistant.brain.index_dir)
        diff = diff_knowledge(old_kb, new_kb)
        dialogs = dialogs_dir_of(assistant, settings)
        dialog_lines = dialog_changes(_DIALOG_FILES.get(assistant), dialog_files(dialogs))
        assistant.swap(brain)  # one reference: answers in flight keep the brain they started with
        _warm_specialists(assistant)
        remember_dialog_files(assistant, dialogs)
        summary = diff.lines()
        if dialog_lines and diff.empty:
            summary = ["知识库内容没有变化。"]
        result = ReloadResult(
            ok=True,
            version_before=old_kb.version,
            version_after=new_kb.version,
            diff=diff,
            seconds=time.monotonic() - started,
            summary=(*summary, *dialog_lines),
            old_kb=old_kb,
            new_kb=new_kb,
        )
        result = dataclasses.replace(result, warnings=tuple(str(w) for w in warnings))
        log.info("reloaded knowledge %s -> %s: %s", old_kb.version, new_kb.version, "; ".join(diff.lines(limit=0)))
    return result


async def run_listeners(result: ReloadResult, listeners: Iterable[ReloadListener]) -> None:
    """After a good reload: each listener in turn; a failing one is logged and the rest still run
    (a failed notice must not undo or hide the reload)."""
    if not result.ok:
        return
    for listener in listeners:
        try:
            outcome = listener(result)
            if inspect.isawaitable(outcome):
                await outcome
        except Exception:
            log.exception("reload listener %r failed", listener)


# What the dialog files were when the assistant last (re)loaded them: the knowledge version and its
# diff cover knowledge/ only, so a dialog-only edit would otherwise be reported as no change (review L8).
_DIALOG_FILES: weakref.WeakKeyDictionary[Assistant, dict[str, str]] = weakref.WeakKeyDictionary()


def dialog_files(folder: Path | None) -> dict[str, str]:
    """File name → content hash of the dialog YAML files."""
    if folder is None or not Path(folder).is_dir():
        return {}
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12] for path in sorted(Path(folder).glob("*.yaml"))
    }


def remember_dialog_files(assistant: Assistant, folder: Path | None) -> None:
    _DIALOG_FILES[assistant] = dialog_files(folder)


def dialog_changes(before: dict[str, str] | None, after: dict[str, str]) -> list[str]:
    if before is None or before == after:
        return []
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(name for name in set(before) & set(after) if before[name] != after[name])
    parts = [*(f"+ {n}" for n in added), *(f"- {n}" for n in removed), *(f"~ {n}" for n in changed)]
    return [f"引导对话：已更新 {len(parts)} 个文件 " + " ".join(parts)]


def _warm_specialists(assistant: Assistant) -> None:
    """Specialists that derive data from the kb (the dialog book) rebuild now, not on a user's turn."""
    for specialist in assistant.specialists:
        try:
            specialist.on_reload()
        except Exception:
            log.exception("specialist %r failed to rebuild after reload", specialist)
