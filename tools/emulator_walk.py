"""Manual end-to-end check: walk every guided dialog to an outcome through the offline Bot API
emulator in ../shared/tools/tgharness (needs node/npm; not part of `make test`).

    .venv/bin/python tools/emulator_walk.py [--seed N] [--rounds N]

Each round starts every dialog by its command, presses the option buttons it shows (chosen at
random, seeded), types an answer when a question wants one, uses 返回 and 修改 once per walk,
restarts the bot once mid-dialog, and stops at the outcome (the citation footer "📎 依据").
Prints one line per walk and the emulator's rejected API calls (must be none).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT.parent / "shared" / "tools" / "tgharness"))

from driver import Driver  # noqa: E402  (the harness is not a package)

DIALOGS = ["xiangang", "hiring", "title", "skill", "equivalence", "internship", "certificate"]
NAVIGATION = re.compile(r"返回|修改|取消|菜单|重新开始|引导问答|提醒|查看原文|相关问题|有帮助|没帮助")
OUTCOME = "📎 依据"


def typed_answer(prompt: str, rng: random.Random) -> str:
    if "哪一天" in prompt or "日期" in prompt or "何时" in prompt or "什么时候" in prompt:
        return rng.choice(["2020-06-01", "2022-03-15", "2026-09-01"])
    if "最低工资" in prompt:
        return rng.choice(["1880", "2010"])
    if "留用率" in prompt:
        return rng.choice(["40", "65", "85"])
    if "招聘" in prompt and ("粘贴" in prompt or "启事" in prompt):
        return "招聘护士，要求持有护士执业资格证书；具有人力资源管理师证书者优先。"
    return str(rng.choice([1, 2, 3, 4, 5, 8]))


def walk(user, name: str, rng: random.Random, restart, max_steps: int = 25) -> tuple[bool, int, list[str]]:
    replies = user.send(f"/{name}")
    used_back = used_change = restarted = False
    log: list[str] = []
    for step in range(max_steps):
        text = replies.plain
        if OUTCOME in text:
            return True, step, log
        options = [b for b in replies.buttons if not NAVIGATION.search(b)]
        if step == 2 and not restarted:
            restarted = True
            restart()
            log.append("restart")
        if step == 1 and not used_back and any("返回" in b for b in replies.buttons):
            used_back = True
            replies = user.press(r"返回")
            log.append("返回")
            continue
        if options:
            choice = rng.choice(options)
            log.append(choice)
            replies = user.press("^" + re.escape(choice) + "$")
        else:
            answer = typed_answer(replies.prompt or text, rng)
            log.append(f"typed {answer}")
            replies = user.send(answer)
        if step == 3 and not used_change and any("修改" in b for b in replies.buttons):
            used_change = True
            replies = user.press(r"修改")
            log.append("修改")
            opts = [b for b in replies.buttons if not NAVIGATION.search(b)]
            if opts:
                replies = user.press("^" + re.escape(opts[0]) + "$")
                log.append(f"→ {opts[0]}")
    return False, max_steps, log


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    with (
        tempfile.TemporaryDirectory() as data,
        Driver(
            bot_argv=[str(ROOT / ".venv" / "bin" / "python"), "-m", "bot", "run"],
            bot_cwd=str(ROOT),
            env={"QUALBOT_DATA_DIR": data, "QUALBOT_FLOOD_LIMIT": "0"},
        ) as driver,
    ):
        user = driver.user("walker", chat_id=7001, first_name="小王")
        user.send("/start")
        user.press("毕业生")
        user.press("浙江")
        for round_no in range(args.rounds):
            for name in DIALOGS:
                reached, steps, log = walk(user, name, rng, lambda: driver.restart_bot(graceful=False))
                failures += not reached
                print(
                    f"round {round_no + 1} /{name}: {'outcome' if reached else 'NO OUTCOME'} after {steps} steps: {' | '.join(log)}"
                )
        problems = driver.api_problems()
        print(f"rejected API calls: {len(problems)}")
        for problem in problems:
            print("  ", problem)
        return 1 if failures or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
