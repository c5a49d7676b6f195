"""What the staff tests share: a mini dialog with its worked cases, a new FAQ entry to add, the
staff member, a Bot API fake that records per-chat menus and blocked users, and a bot started
with them (test_staff_reload, test_staff_telegram, test_security_review)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.core import Assistant, Brain
from bot.kb.knowledge import load_knowledge
from tests.support import TODAY
from tests.telegram_fakes import BotUnderTest, FakeBotApi, Person

MINI_DIALOG = """\
id: mini
command: mini
title: 测试对话
menu_order: 1
summary: 测试用的引导对话
steps:
  - id: ask
    title: 单位
    ask: 您是用人单位吗？
    var: employer
    choices:
      - {value: "yes", label: 是}
      - {value: "no", label: 不是}
    next: done
  - id: done
    end: true
    headline: 完成
    verdict:
      - '{{ quote("mini-doc:1") }}'
    cites: ["mini-doc:1"]
"""
MINI_CASES = """\
dialog: mini
today: "2026-11-21"
cases:
  - name: 用人单位 → 完成
    answers: {ask: 是}
    outcome: done
"""
NEW_ENTRY = """\
  - id: mini-duration
    title: 见习多久可以领补助
    audience: [graduate]
    questions:
      - 见习多少个工作日才能领生活补助
      - 见习几天能拿补贴
      - 见习补助最少要见习几天
    answer: |
      {{ quote("mini-doc:2", "见习满", "工作日的") }}
    cites: ["mini-doc:2"]
"""


STAFF = Person(4242, "管理员")


class StaffFakeApi(FakeBotApi):
    """Also records per-chat command menus and answers 403 for users who blocked the bot."""

    def __init__(self):
        super().__init__()
        self.scoped_commands: dict[int, list[str]] = {}
        self.blocked_by: set[int] = set()

    async def do_request(self, url, method, request_data=None, **kwargs):
        params = dict(request_data.parameters) if request_data else {}
        if url.endswith("/sendMessage") and int(params.get("chat_id", 0)) in self.blocked_by:
            self.calls.append(("sendMessage", params))
            return 403, json.dumps(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
            ).encode()
        return await super().do_request(url, method, request_data, **kwargs)

    def api_setMyCommands(self, params, request_data):
        scope = params.get("scope")
        scope = json.loads(scope) if isinstance(scope, str) else scope
        if scope and scope.get("type") == "chat":
            commands = params["commands"]
            commands = json.loads(commands) if isinstance(commands, str) else commands
            self.scoped_commands[int(scope["chat_id"])] = [c["command"] for c in commands]
            return True
        return super().api_setMyCommands(params, request_data)


async def start_bot(tmp_path: Path, kb_dir: Path, admin_ids=frozenset({STAFF.id})) -> BotUnderTest:
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir(exist_ok=True)
    (dialogs / "mini.yaml").write_text(MINI_DIALOG, encoding="utf-8")
    (dialogs / "cases").mkdir(exist_ok=True)
    (dialogs / "cases" / "mini.yaml").write_text(MINI_CASES, encoding="utf-8")
    assistant = Assistant(Brain(load_knowledge(kb_dir, today=TODAY)), clock=lambda: TODAY)
    bot = BotUnderTest(
        tmp_path / "data", assistant, admin_ids=frozenset(admin_ids), knowledge_dir=kb_dir, dialogs_dir=dialogs
    )
    bot.api = StaffFakeApi()
    return await bot.start()
