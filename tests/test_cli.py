"""`qualbot …` commands, run as a user runs them (in-process through main())."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from bot import cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_ask_prints_the_reply_and_lists_its_buttons(capsys, monkeypatch):
    monkeypatch.setenv("QUALBOT_TODAY", "2026-11-21")
    code, out, _ = run(capsys, "ask", "没有执业兽医资格，可以先给动物看病开处方吗？")
    assert code == 0
    assert "不得独立从事动物诊疗活动" in out
    assert "📎 依据" in out
    assert "[1] 📄 查看原文" in out


def test_ask_batch_writes_one_json_line_per_question(capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "a", "q": "技能人才评价机构分为哪几类？", "answerable": true}\n'
        '{"id": "b", "q": "今天北京天气怎么样？", "answerable": false}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--today", "2026-11-21", "ask", "--batch", str(questions))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["id"] for r in rows] == ["a", "b"]
    assert set(rows[0]) == {"id", "q", "reply", "outcome", "entry", "score", "citations"}
    assert rows[0]["outcome"] == "answered" and rows[0]["citations"]
    assert rows[1]["outcome"] == "declined" and rows[1]["citations"] == []


def test_kb_check_passes_on_the_real_knowledge(capsys):
    code, out, _ = run(capsys, "kb", "check")
    assert code == 0, out
    assert "kb check: OK" in out
    assert "coverage overall" in out


def test_kb_check_fails_with_file_and_line_on_broken_knowledge(capsys, mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("status: ended", "status: ended\nstatus: ended"), encoding="utf-8"
    )
    code, out, _ = run(capsys, "--knowledge", str(mini_kb_dir), "kb", "check")
    assert code == 1
    assert "knowledge/documents/mini-doc.yaml:9: duplicate key 'status'" in out


def test_kb_check_rejects_a_template_reaching_outside_the_sandbox(capsys, mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("不能。", "{{ quote.__globals__ }}"), encoding="utf-8")
    code, out, _ = run(capsys, "--knowledge", str(mini_kb_dir), "kb", "check")
    assert code == 1
    assert "private attributes are not allowed" in out


def test_kb_export_lists_every_clause(capsys):
    code, out, _ = run(capsys, "kb", "export")
    rows = json.loads(out)
    assert code == 0
    assert set(rows[0]) == {"doc_id", "title", "doc_no", "clause_id", "label", "text"}
    assert any(r["doc_no"] == "劳部发〔1997〕258号" for r in rows)


def test_eval_prints_failures_and_the_summary_line(capsys, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "x1", "q": "技能人才评价机构的设立有效期是几年？", "answerable": true, "expect_all": ["3年"], "expect_any": [], "cite_any": []}\n'
        '{"id": "x2", "q": "技能人才评价机构的设立有效期是几年？", "answerable": true, "expect_all": ["不存在的字样"], "expect_any": [], "cite_any": []}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", str(questions))
    assert code == 0
    assert "FAIL x2" in out
    assert out.strip().splitlines()[-1] == "answerable 1/2, declined 0/0, total 50.0%"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_run_without_a_token_on_a_terminal_starts_the_terminal_chat(capsys, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setattr("sys.stdin", Terminal("没教资能先当老师吗\na\n/quit\n"))
    code, out, err = run(capsys, "run")
    assert code == 0
    assert "TELEGRAM_BOT_TOKEN is not set" in err
    assert "教师资格" in out
    assert "📄 原文" in out  # button a (查看原文) pressed by typing its key


def test_run_without_a_token_and_without_a_terminal_exits_2(capsys, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("没教资能先当老师吗\n"))
    code, out, err = run(capsys, "run")
    assert code == 2 and "TELEGRAM_BOT_TOKEN is not set" in err and "no terminal" in err
    assert out == ""


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("QUALBOT_ADMIN_IDS", "@wang"),
        ("QUALBOT_ADMIN_IDS", "9001 x"),
        ("QUALBOT_TODAY", "2026/11/30"),
        ("QUALBOT_TODAY", "2026-02-30"),
        ("QUALBOT_PORT", "80a"),
        ("QUALBOT_PORT", "70000"),
        ("QUALBOT_FLOOD_LIMIT", "-1"),
        ("QUALBOT_FLOOD_WINDOW", "nan"),
        ("QUALBOT_OUTGOING_RATE", "fast"),
        ("QUALBOT_RETENTION_DAYS", "0"),
        ("QUALBOT_WEBHOOK_URL", "bot.example.org/hook"),
        ("QUALBOT_WEBHOOK_SECRET", "has spaces"),
        ("TELEGRAM_API_BASE_URL", "localhost:8081"),
        ("TELEGRAM_BOT_TOKEN", "not a token"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_message_naming_it(capsys, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    code, _out, err = run(capsys, "ask", "见习补贴有多少")
    assert code == 2
    assert err.startswith(f"qualbot: setting {variable}") and "Traceback" not in err


def test_admin_ids_may_be_separated_by_commas_spaces_or_semicolons():
    from bot.settings import Settings

    assert Settings.from_env({"QUALBOT_ADMIN_IDS": "9001 9002, 9003;9004"}).admin_ids == {9001, 9002, 9003, 9004}


def test_version(capsys):
    from bot import __version__

    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"qualbot {__version__}"


def test_a_missing_knowledge_folder_names_the_setting(capsys, tmp_path):
    code, _, err = run(capsys, "--knowledge", str(tmp_path / "nowhere"), "ask", "见习补贴有多少")
    assert code == 2 and "QUALBOT_KNOWLEDGE_DIR" in err and "--knowledge" in err
    code, _, err = run(capsys, "--dialogs", str(tmp_path / "nowhere"), "ask", "见习补贴有多少")
    assert code == 2 and "QUALBOT_DIALOGS_DIR" in err and "--dialogs" in err


def test_health_reports_a_fresh_or_stale_heartbeat(capsys, monkeypatch, tmp_path):
    import os

    from bot.lifecycle import Heartbeat

    monkeypatch.setenv("QUALBOT_DATA_DIR", str(tmp_path))
    assert run(capsys, "health")[0] == 1  # no heartbeat yet
    Heartbeat(tmp_path).beat()
    assert run(capsys, "health")[0] == 0
    os.utime(tmp_path / "heartbeat", (0, 0))
    code, out, _ = run(capsys, "health")
    assert code == 1 and "unhealthy" in out


@pytest.mark.parametrize("argv", [["--help"], ["kb", "--help"]])
def test_help_exits_cleanly(argv):
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 0


def test_ask_piped_into_a_reader_that_stops_early_ends_quietly(tmp_path):
    # `qualbot ask … | head -1`: the reader is gone before the reply is written
    errors = tmp_path / "stderr"
    env = {**os.environ, "QUALBOT_DATA_DIR": str(tmp_path)}
    with errors.open("wb") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-m", "bot", "ask", "见习补贴多少"], stdout=subprocess.PIPE, stderr=stderr, env=env
        )
        assert child.stdout is not None
        child.stdout.close()
        code = child.wait(timeout=60)
    assert code == cli.EXIT_BROKEN_PIPE
    assert "Traceback" not in errors.read_text(encoding="utf-8")
