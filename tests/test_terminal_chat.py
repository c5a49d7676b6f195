"""The terminal chat (newcomer review F5, F10): typed numbers are answers, buttons are letters,
files are saved where the chat says, Ctrl-C / Ctrl-D end it cleanly, empty lines are ignored."""

from __future__ import annotations

import io
import sys

import pytest

from bot.chat import TerminalChat, button_key


@pytest.fixture
def chat(full_assistant, tmp_path):
    def make(lines: str) -> tuple[TerminalChat, io.StringIO]:
        out = io.StringIO()
        return TerminalChat(full_assistant, io.StringIO(lines), out, region="浙江", save_dir=tmp_path), out

    return make


@pytest.fixture(scope="module")
def full_assistant(real_brain):
    from tests import support

    return support.full_assistant(real_brain)


def test_a_typed_number_answers_a_typed_step_instead_of_pressing_a_button(chat):
    terminal, out = chat("/title\na\n2\n")
    assert terminal.run() == 0
    text = out.getvalue()
    assert "已满几年" in text
    after = text.split("已满几年", 1)[1]
    assert "第3问" in after, after[:600]  # "2" was the answer: the dialog moved on


def test_buttons_are_letters_and_slash_letters_press_them_too(chat):
    terminal, out = chat("没教资能先当老师吗\n/a\n")
    terminal.run()
    assert "[a] 📄 查看原文" in out.getvalue() and "📄 原文" in out.getvalue()
    assert [button_key(i) for i in (0, 25, 26, 27)] == ["a", "z", "aa", "ab"]


def test_the_ics_file_is_saved_where_the_chat_says(chat, tmp_path):
    terminal, out = chat("一建什么时候考\n")
    terminal.run()
    keys = {
        line.split("]", 1)[1].strip(): line.split("[", 1)[1].split("]")[0]
        for line in out.getvalue().splitlines()
        if line.startswith("  [")
    }
    ics_key = next(k for text, k in keys.items() if "日历" in text)
    terminal, out = chat(f"一建什么时候考\n{ics_key}\n")
    terminal.run()
    saved = [p for p in tmp_path.iterdir() if p.suffix == ".ics"]
    assert saved and saved[0].read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert f"已保存文件：{saved[0]}" in out.getvalue()


def test_empty_lines_are_ignored(chat):
    terminal, out = chat("\n   \n\n")
    assert terminal.run() == 0
    assert "请用文字" not in out.getvalue() and out.getvalue().count("> ") == 4


class Keyboard(io.StringIO):
    """A terminal: input() is used (readline), and the 'user' presses Ctrl-C or Ctrl-D."""

    def __init__(self, key: type[BaseException]):
        super().__init__("")
        self.key = key

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("key", [KeyboardInterrupt, EOFError], ids=["Ctrl-C", "Ctrl-D"])
def test_ctrl_c_and_ctrl_d_end_the_chat_cleanly(full_assistant, monkeypatch, key):
    terminal_in = Keyboard(key)
    monkeypatch.setattr(sys, "stdin", terminal_in)

    def pressed(prompt=""):
        raise key

    monkeypatch.setattr("builtins.input", pressed)
    out = io.StringIO()
    assert TerminalChat(full_assistant, sys.stdin, out).run() == 0
    assert out.getvalue().rstrip().endswith("再见。")
