"""Safe reload: broken edits are refused with file:line while the old knowledge keeps
answering; a good edit is live at once and its change summary says what changed."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from bot.settings import Settings
from bot.staff import control
from bot.staff.reload import reload_knowledge, run_listeners
from bot.storage import Storage
from bot.tg.staff import StaffTools
from tests.support import TODAY
from tests.support.staff import MINI_CASES, MINI_DIALOG, NEW_ENTRY

OLD_QUESTION = "见习十五个工作日发多少补助"


@pytest.fixture
def setup(tmp_path: Path, mini_kb_dir: Path):
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir()
    (dialogs / "mini.yaml").write_text(MINI_DIALOG, encoding="utf-8")
    (dialogs / "cases").mkdir()
    (dialogs / "cases" / "mini.yaml").write_text(MINI_CASES, encoding="utf-8")  # every outcome needs a worked case
    settings = Settings(
        token="1:x", data_dir=tmp_path / "data", knowledge_dir=mini_kb_dir, dialogs_dir=dialogs, today=TODAY
    )
    assistant = Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY)), clock=lambda: TODAY)
    return settings, assistant


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if fragment in line)


BROKEN_EDITS = {
    # name: (file under the tmp dir, old text, new text, fragment on the expected error line, words in the message)
    "bad yaml": (
        "knowledge/faq/mini.yaml",
        "    title: 见习生活补助怎么发\n",
        "    title: 见习: 生活补助怎么发\n",
        "见习: 生活补助",
        "YAML syntax error",
    ),
    "unknown key": (
        "knowledge/faq/mini.yaml",
        "    title: 见习生活补助怎么发\n",
        "    title: 见习生活补助怎么发\n    answr: 拼错的键\n",
        "answr:",
        "unknown key 'answr'",
    ),
    "dangling citation": (
        "knowledge/faq/mini.yaml",
        'cites: ["mini-doc:2"]',
        'cites: ["mini-doc:9"]',
        'cites: ["mini-doc:9"]',
        "'mini-doc:9', which is not a known clause",
    ),
    "non-verbatim clause": (
        "knowledge/documents/mini-doc.yaml",
        "按1个月发放基本生活补助。",
        "按2个月发放基本生活补助。",
        "按2个月发放基本生活补助",
        "not verbatim",
    ),
    "unreachable dialog step": (
        "dialogs/mini.yaml",
        '    cites: ["mini-doc:1"]\n',
        '    cites: ["mini-doc:1"]\n  - id: orphan\n    end: true\n    headline: 孤立\n',
        "- id: orphan",
        "unreachable",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN_EDITS))
def test_a_broken_edit_is_refused_with_file_and_line_and_the_old_knowledge_keeps_answering(setup, tmp_path, name):
    settings, assistant = setup
    relative, old, new, fragment, message = BROKEN_EDITS[name]
    path = tmp_path / relative
    edit(path, old, new)
    version = assistant.kb.version
    result = reload_knowledge(assistant, settings)
    assert not result.ok
    expected_line = line_of(path, fragment) if fragment else line_of(path, new.strip())
    assert any(e.startswith(f"{relative}:{expected_line}: ") and message in e for e in result.errors), result.errors
    assert assistant.kb.version == version
    reply = assistant.ask(OLD_QUESTION)
    assert reply.outcome == "answered" and reply.entry_id == "mini-allowance"
    assert "仍在使用原来的知识库" in result.lines()[0]


def test_a_good_edit_is_live_without_restart_and_the_summary_lists_the_changes(setup, mini_kb_dir):
    settings, assistant = setup
    assert assistant.ask("见习几天能拿补贴").entry_id != "mini-duration"
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
    edit(faq, "      - 招聘限制性条件\n", "      - 招聘限制性条件\n      - 招聘时能不能要求证书\n")
    edit(mini_kb_dir / "synonyms" / "mini.yaml", "[应届生, 大学生]", "[应届生, 大学生, 毕业生们]")
    result = reload_knowledge(assistant, settings)
    assert result.ok, result.errors
    assert result.version_after == assistant.kb.version != result.version_before
    reply = assistant.ask("见习几天能拿补贴")
    assert reply.entry_id == "mini-duration" and "见习满15个工作日的" in reply.plain_text
    diff = result.diff
    assert diff.entries.added == ("mini-duration",)
    assert diff.entries.changed == (("mini-hiring", "问法"),)
    assert diff.synonyms.added == ("毕业生们",)
    assert not diff.clauses and not diff.documents and not diff.rules
    text = "\n".join(result.lines())
    assert "答复条目：新增 1，删除 0，修改 1" in text and "+ mini-duration" in text and "~ mini-hiring：问法" in text


def test_an_unchanged_reload_says_nothing_changed(setup):
    settings, assistant = setup
    result = reload_knowledge(assistant, settings)
    assert result.ok and result.diff.empty and "内容没有变化。" in result.lines()


def test_warnings_are_listed_after_a_good_reload_and_errors_refuse_it(setup, mini_kb_dir, monkeypatch):
    """issue 11: a leading 不能 about an ended measure is an error; for an entry known to trip it, a warning."""
    from bot import policy_checks

    settings, assistant = setup
    edit(mini_kb_dir / "faq" / "mini.yaml", "按当时的规定，不能。", "不能。")
    refused = reload_knowledge(assistant, settings)
    assert not refused.ok and any("opens with 「不能」" in e for e in refused.errors)
    monkeypatch.setattr(policy_checks, "KNOWN_LEADING_YES_NO", frozenset({"mini-hiring"}))
    result = reload_knowledge(assistant, settings)
    lines = result.lines()
    assert result.ok and "⚠️ 警告 1 条（不影响这次加载，请尽快处理）：" in lines
    assert any(
        line.startswith("knowledge/faq/mini.yaml:12: entry 'mini-hiring' answer opens with 「不能」") for line in lines
    )


async def test_listeners_run_after_a_successful_reload_only_in_order(setup, mini_kb_dir):
    settings, assistant = setup
    seen = []

    async def later(result):
        seen.append(("async", result.ok))

    listeners = (lambda result: seen.append(("sync", result.ok)), later)
    await run_listeners(reload_knowledge(assistant, settings), listeners)
    edit(mini_kb_dir / "faq" / "mini.yaml", "topic: mini", "topic: mini\nbroken: true")
    await run_listeners(reload_knowledge(assistant, settings), listeners)
    assert seen == [("sync", True), ("async", True)]


async def test_a_failing_listener_does_not_stop_the_others(setup):
    settings, assistant = setup
    seen = []

    def broken(result):
        raise RuntimeError("notifier down")

    await run_listeners(reload_knowledge(assistant, settings), (broken, seen.append))
    assert [r.ok for r in seen] == [True]


async def test_qualbot_kb_reload_signals_the_running_bot_and_prints_its_result(setup, mini_kb_dir, monkeypatch, capsys):
    """The CLI side (pid file, SIGHUP, status file) against this process acting as the bot."""
    settings, assistant = setup
    tools = StaffTools(assistant, Storage(settings.data_dir), settings)
    loop = asyncio.get_running_loop()
    control.write_pid(settings.data_dir)
    loop.add_signal_handler(signal.SIGHUP, lambda: tools.background(tools.reload_from_signal()))
    try:
        faq = mini_kb_dir / "faq" / "mini.yaml"
        faq.write_text(faq.read_text(encoding="utf-8") + NEW_ENTRY, encoding="utf-8")
        from bot.cli import main

        monkeypatch.setenv("QUALBOT_DATA_DIR", str(settings.data_dir))
        code = await asyncio.to_thread(main, ["kb", "reload", "--timeout", "30"])
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
        control.remove_pid(settings.data_dir)
    printed = capsys.readouterr().out
    assert code == 0 and "✅ 已重新加载" in printed and "+ mini-duration" in printed
    assert assistant.ask("见习几天能拿补贴").entry_id == "mini-duration"
    assert not (settings.data_dir / control.PID_FILE).exists()


def test_kb_reload_without_a_running_bot_says_so(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("QUALBOT_DATA_DIR", str(tmp_path))
    assert main(["kb", "reload"]) == 2
    assert "no running bot" in capsys.readouterr().err
    (tmp_path / control.PID_FILE).write_text("999999999")
    assert main(["kb", "reload"]) == 2
    assert "is not running" in capsys.readouterr().err
    assert os.getpid() != 999999999


def test_a_reload_builds_the_new_version_into_the_index_cache(setup, mini_kb_dir, tmp_path):
    from bot.index_cache import index_key

    settings, _ = setup
    index = tmp_path / "index"
    assistant = Assistant(Brain(load_knowledge(mini_kb_dir, today=TODAY), index_dir=index), clock=lambda: TODAY)
    before = index_key(assistant.kb)
    edit(mini_kb_dir / "synonyms" / "mini.yaml", "[应届生, 大学生]", "[应届生, 大学生, 毕业生们]")
    result = reload_knowledge(assistant, settings)
    assert result.ok and assistant.brain.index_dir == index
    assert sorted(p.name for p in index.iterdir()) == sorted([before, index_key(assistant.kb)])


async def test_reload_requests_made_while_one_runs_are_served_by_one_more_run(setup, monkeypatch):
    """Six /reload presses during a reload: the running one plus one more that sees every edit —
    not six threads reloading in turn."""
    import threading
    import time

    import bot.tg.staff
    from bot.staff.reload import ReloadResult

    settings, assistant = setup
    tools = StaffTools(assistant, Storage(settings.data_dir), settings)
    runs: list[int] = []
    lock = threading.Lock()

    def slow_reload(_assistant, _settings):
        with lock:
            runs.append(len(runs) + 1)
            number = len(runs)
        time.sleep(0.3)
        return ReloadResult(ok=False, errors=(f"run {number}",))

    monkeypatch.setattr(bot.tg.staff, "reload_knowledge", slow_reload)
    first = asyncio.ensure_future(tools.run_reload())
    await asyncio.sleep(0.05)  # the first run is under way
    later = [asyncio.ensure_future(tools.run_reload()) for _ in range(5)]
    results = await asyncio.gather(first, *later)
    assert runs == [1, 2]
    assert results[0].errors == ("run 1",) and all(r.errors == ("run 2",) for r in results[1:])
    assert (await tools.run_reload()).errors == ("run 3",)  # and the next request, later, runs again
