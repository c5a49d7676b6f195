"""The terminal chat: numbered options stand in for Telegram's buttons."""

from __future__ import annotations

from typing import TextIO

from bot.core import Assistant
from bot.reply import Reply

HELP = (
    "输入问题并回车；输入按钮前的数字相当于点按钮；/menu 菜单，/quit 退出；"
    "引导问答：/xiangang /hiring /title /skill /equivalence /internship /certificate；考试：/exams。"
)


class TerminalChat:
    def __init__(self, assistant: Assistant, stdin: TextIO, stdout: TextIO, audience: str | None = None,
                 region: str | None = None):
        self.assistant = assistant
        self.stdin = stdin
        self.stdout = stdout
        self.audience = audience
        self.region = region
        self._buttons: list = []
        self.session: dict = {}

    def show(self, reply: Reply) -> None:
        print(reply.plain_text, file=self.stdout)
        self._buttons = reply.all_buttons()
        for i, button in enumerate(self._buttons, 1):
            print(f"  [{i}] {button.text}", file=self.stdout)
        print("", file=self.stdout, flush=True)

    def run(self) -> int:
        print(f"Qualbot 职业资格政策助手（终端版）。{HELP}\n", file=self.stdout, flush=True)
        while True:
            print("> ", end="", file=self.stdout, flush=True)
            line = self.stdin.readline()
            if not line:
                return 0
            text = line.strip()
            ctx = self.assistant.context(audience=self.audience, region=self.region)
            if text in ("/quit", "/exit", "退出"):
                return 0
            if text in ("/menu", "/start", "菜单"):
                self.show(self.assistant.menu(ctx))
            elif text in ("/help", "帮助"):
                print(HELP, file=self.stdout)
            elif text.startswith("/"):
                name, _, argument = text[1:].partition(" ")
                reply = self.assistant.handle_command(name.strip(), argument.strip(), ctx, self.session)
                self.show(reply or self.assistant.menu(ctx))
            elif text.isdigit() and 1 <= int(text) <= len(self._buttons):
                self.show(self.assistant.handle_action(self._buttons[int(text) - 1].action, ctx, self.session))
            else:
                self.show(self.assistant.ask(text, ctx, self.session))
