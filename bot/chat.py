"""The terminal chat: lettered options stand in for Telegram's buttons.

Buttons are keyed by letters (`a`, `b`, … or `/a`), never digits, so a number typed as the
answer to a dialog step ("已满几年？") is an answer, not a button press. Files a reply carries
(the exam `.ics`) are saved in `save_dir` (the current directory) and the path is printed.
On a terminal, input has line editing and history (readline); Ctrl-C and Ctrl-D end the chat
cleanly; empty lines are ignored.
"""

from __future__ import annotations

import contextlib
import re
import string
import sys
from pathlib import Path
from typing import TextIO

from bot import pages
from bot.callbacks import PROFILE
from bot.commands import read_command
from bot.core import Assistant
from bot.reply import Reply

HELP = (
    "输入问题并回车；输入按钮前的字母（a、b、c……，也可以写 /a）相当于点按钮，数字总是当作您的回答；"
    "/menu 菜单，/quit 退出（或 Ctrl-D）"
)
KEYS = string.ascii_lowercase
MAX_LINE = 4096  # what Telegram would accept


def button_key(index: int) -> str:
    """a … z, then aa, ab … (a reply never has that many, but keys must stay unique)."""
    return KEYS[index] if index < len(KEYS) else KEYS[index // len(KEYS) - 1] + KEYS[index % len(KEYS)]


class TerminalChat:
    def __init__(
        self,
        assistant: Assistant,
        stdin: TextIO,
        stdout: TextIO,
        audience: str | None = None,
        region: str | None = None,
        save_dir: Path | None = None,
    ):
        self.assistant = assistant
        self.stdin = stdin
        self.stdout = stdout
        self.audience = audience
        self.region = region
        self.save_dir = save_dir or Path.cwd()
        self._buttons: list = []
        self.session: dict = {}

    def help_text(self) -> str:
        """How to use the chat, and the specialists' commands as they announce them (guided
        dialogs, exams …), so a dialog added to dialogs/ is listed without editing this file."""
        builtin = {name for name, _ in pages.COMMANDS}
        own = [f"/{name}" for name, _ in pages.command_list(self.assistant.specialists) if name not in builtin]
        return HELP + (f"；其他命令：{' '.join(own)}。" if own else "。")

    def show(self, reply: Reply) -> None:
        print(reply.plain_text, file=self.stdout)
        for attachment in reply.attachments:
            self.save(attachment)
        self._buttons = reply.all_buttons()
        for i, button in enumerate(self._buttons):
            print(f"  [{button_key(i)}] {button.text}", file=self.stdout)
        print("", file=self.stdout, flush=True)

    def save(self, attachment: dict) -> None:
        name = Path(str(attachment.get("filename") or "qualbot-file")).name  # never a path from elsewhere
        target = self.save_dir / name
        try:
            data = attachment.get("data", b"")
            target.write_bytes(data if isinstance(data, bytes) else str(data).encode("utf-8"))
        except OSError as exc:
            print(f"（文件 {name} 没能保存：{exc.strerror}）", file=self.stdout)
            return
        print(f"💾 已保存文件：{target}", file=self.stdout)

    def pressed(self, text: str) -> int | None:
        """The index of the button this line presses, if it is a button key."""
        match = re.fullmatch(r"/?([a-z]{1,2})", text.strip().lower())
        if not match:
            return None
        keys = [button_key(i) for i in range(len(self._buttons))]
        return keys.index(match.group(1)) if match.group(1) in keys else None

    def _interactive(self) -> bool:
        return self.stdin is sys.stdin and hasattr(self.stdin, "isatty") and self.stdin.isatty()

    def _read(self, interactive: bool) -> str | None:
        if interactive:
            return input("> ")  # readline-backed: line editing and history
        print("> ", end="", file=self.stdout, flush=True)
        line = self.stdin.readline()
        return line if line else None

    def run(self) -> int:
        interactive = self._interactive()
        if interactive:
            with contextlib.suppress(ImportError):  # not on every platform
                import readline  # noqa: F401  (importing it gives input() line editing)
        print(f"Qualbot 职业资格政策助手（终端版）。{self.help_text()}\n", file=self.stdout, flush=True)
        while True:
            try:
                line = self._read(interactive)
            except (EOFError, KeyboardInterrupt):
                line = None
            if line is None:  # Ctrl-D, Ctrl-C or end of input
                print("\n再见。", file=self.stdout, flush=True)
                return 0
            text = line.strip()[:MAX_LINE]
            if not text:
                continue
            try:
                self.answer(text)
            except KeyboardInterrupt:
                print("\n再见。", file=self.stdout, flush=True)
                return 0

    def answer(self, text: str) -> None:
        ctx = self.assistant.context(audience=self.audience, region=self.region)
        if text in ("/quit", "/exit", "退出"):
            raise KeyboardInterrupt
        pressed = self.pressed(text)
        if pressed is not None:
            action = self._buttons[pressed].action
            choice = PROFILE.fields(action)
            if choice is not None:  # 👤 under the menu: the profile lives in this chat only
                self.show(self.choose_profile(choice))
            else:
                self.show(self.assistant.handle_action(action, ctx, self.session))
        elif text in ("/menu", "/start", "菜单"):
            self.show(self.assistant.menu(ctx))
        elif text in ("/help", "帮助"):
            print(self.help_text() + "\n", file=self.stdout, flush=True)
        elif text.startswith("/"):
            command = read_command(text)
            reply = self.assistant.handle_command(command.name.lower(), command.argument, ctx, self.session)
            self.show(reply or self.assistant.unknown_command(command.name, ctx))
        else:
            self.show(self.assistant.ask(text, ctx, self.session))

    def choose_profile(self, choice: str) -> Reply:
        """The profile buttons, as the Telegram face answers them (without storing anything)."""
        field, _, value = choice.partition(":")
        words = self.assistant.profile_words
        if field == "edit":
            return pages.role_question(words, returning=True)
        if field == "role" and value in words.audiences:
            self.audience = value
            return pages.region_question(value, words)
        if field == "region" and value in words.offered_regions:
            self.region = value
            menu = self.assistant.menu(self.assistant.context(audience=self.audience, region=self.region))
            profile = {"role": self.audience, "region": self.region}
            return Reply(pages.profile_saved(profile, words) + "\n\n" + menu.text, buttons=menu.buttons, outcome="menu")
        return self.assistant.expired(self.assistant.context(audience=self.audience, region=self.region))
