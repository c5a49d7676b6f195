"""Kill-and-restart rounds against the real bot process (used by the crash tests and the soak).

One round: start `python -m bot run` polling `FakeTelegram`; simulated users make writes the
bot confirms (profile via /start buttons, 👍 feedback, an exam 🔔 subscription); at a random
moment the process gets SIGKILL; then the data files are read directly and every write the
bot had *confirmed* must be in them, the files must load, and after a restart /mydata must
show the same. Users are new in every round, so each confirmed write has one expected value,
and every earlier round's writes are checked again (a later round must not lose them either).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from fake_bot_api import Call, FakeTelegram

from bot.settings import PROJECT_ROOT
from bot.storage import Storage
from bot.tg.persistence import TinyDBPersistence

TOKEN = "987654321:AAH-crash-test-token-must-never-be-logged"
FAQ_QUESTION = "见习补贴有多少"
EXAM_QUESTION = "一建什么时候考"
REGIONS = ("全国", "浙江", "江西", "山西", "吉林", "其他地区")
ROLES = ("graduate", "employer", "staff")


# ---- the bot process --------------------------------------------------------------------------
class BotProcess:
    """`python -m bot run` against the fake Telegram; stdout and stderr kept for log checks."""

    def __init__(self, telegram: FakeTelegram, base_url: str, data_dir: Path, log_path: Path):
        self.telegram, self.base_url, self.data_dir, self.log_path = telegram, base_url, data_dir, log_path
        self.process: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALBOT_", "TELEGRAM_"))}
        return {
            **env,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": self.base_url,
            "QUALBOT_DATA_DIR": str(self.data_dir),
            "QUALBOT_TODAY": "2026-11-21",
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> int:
        """Start the process; returns the index of the first call it will make."""
        first_call = len(self.telegram.calls)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=PROJECT_ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return first_call

    def wait_ready(self, since: int, timeout: float = 60.0) -> None:
        """Ready once it long-polls (getMe, setMyCommands and deleteWebhook come first)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                self.telegram.wait_for(lambda c: c.method == "getUpdates", since=since, timeout=0.5)
                return
            except TimeoutError:
                continue
        raise AssertionError(f"the bot did not start polling within {timeout} s:\n{self.log_tail()}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


# ---- simulated users ----------------------------------------------------------------------------
def _buttons(call: Call) -> dict[str, str]:
    """callback data → button text of a sendMessage/editMessageText call."""
    markup = call.params.get("reply_markup") or {}
    return {b.get("callback_data"): b["text"] for row in markup.get("inline_keyboard", []) for b in row}


@dataclass
class Confirmed:
    """Writes the bot confirmed to one user."""

    user_id: int
    profile: tuple[str, str] | None = None  # (role, region)
    feedback: list[str] = field(default_factory=list)  # entry ids voted 👍
    subscriptions: list[str] = field(default_factory=list)  # exam ids


class SimulatedUser:
    """One user walking through the confirmed writes, one step at a time."""

    def __init__(self, telegram: FakeTelegram, user_id: int, rng: random.Random):
        self.telegram, self.user_id, self.rng = telegram, user_id, rng
        self.confirmed = Confirmed(user_id)
        self.role, self.region = rng.choice(ROLES), rng.choice(REGIONS)
        self.since = len(telegram.calls)
        self.done = False
        self.subscription_offered = False
        self._step = self._steps()
        self._waiting = next(self._step)

    def _to_me(self, call: Call, *methods: str) -> bool:
        # a call the fake failed on purpose (result None) did not reach the user
        return call.method in methods and str(call.params.get("chat_id")) == str(self.user_id) and bool(call.result)

    def _with_button(self, prefix: str):
        return lambda c: (
            self._to_me(c, "sendMessage", "editMessageText") and any((d or "").startswith(prefix) for d in _buttons(c))
        )

    def _answered(self, query_id: str, text: str):
        return lambda c: (
            c.method == "answerCallbackQuery"
            and c.result is True
            and c.params.get("callback_query_id") == query_id
            and text in (c.params.get("text") or "")
        )

    @staticmethod
    def _message_of(call: Call) -> dict:
        """The message as the fake stored it (the user presses buttons on it)."""
        assert isinstance(call.result, dict), f"{call.method} returned {call.result!r}"
        return call.result

    def _steps(self):
        """A generator: yields predicates to wait for; is sent the matching call."""
        self.telegram.say(self.user_id, "/start")
        call = yield self._with_button("profile:role:")
        self.telegram.press(self.user_id, self._message_of(call), f"profile:role:{self.role}")
        call = yield self._with_button("profile:region:")
        query = self.telegram.press(self.user_id, self._message_of(call), f"profile:region:{self.region}")
        yield self._answered(query, "已保存")
        self.confirmed.profile = (self.role, self.region)

        self.telegram.say(self.user_id, FAQ_QUESTION)
        call = yield self._with_button("fb:+:")
        vote = next(d for d in _buttons(call) if d.startswith("fb:+:"))
        query = self.telegram.press(self.user_id, self._message_of(call), vote)
        yield self._answered(query, "谢谢")
        self.confirmed.feedback.append(vote.removeprefix("fb:+:"))

        self.telegram.say(self.user_id, EXAM_QUESTION)
        call = yield self._with_button("x:")  # the exam answer (its buttons: 🔔, 📅, listing)
        subscribe = next((d for d in _buttons(call) if d.startswith("x:sub:")), None)
        if subscribe is None:
            return  # the exam reminders are not wired into this build: nothing to subscribe to
        self.subscription_offered = True
        self.telegram.press(self.user_id, self._message_of(call), subscribe)
        yield (
            lambda c: (
                self._to_me(c, "sendMessage")
                and any(said in (c.params.get("text") or "") for said in ("已订阅", "已经订阅过"))
            )
        )
        self.confirmed.subscriptions.append(subscribe.removeprefix("x:sub:"))

    def poll(self) -> None:
        """Advance if what we wait for has arrived."""
        if self.done:
            return
        for index, call in enumerate(self.telegram.calls_since(self.since), self.since):
            if self._waiting(call):
                self.since = index + 1
                try:
                    self._waiting = self._step.send(call)
                except StopIteration:
                    self.done = True
                return


# ---- checking the files -------------------------------------------------------------------------
def read_tables(data_dir: Path) -> dict:
    """qualbot.json and every user shard (users/NN.json), their tables merged by name
    (row keys are made unique per file: shards number their rows independently)."""
    tables: dict[str, dict] = {}
    for path in [data_dir / "qualbot.json", *sorted((data_dir / "users").glob("[0-9]*.json"))]:
        if not path.exists():
            continue
        for name, rows in json.loads(path.read_text(encoding="utf-8")).items():
            keyed = rows if name == "profiles" else {f"{path.stem}/{key}": row for key, row in rows.items()}
            tables.setdefault(name, {}).update(keyed)
    return tables


def lost_writes(data_dir: Path, confirmed: list[Confirmed]) -> list[str]:
    """Every confirmed write that is not in the data files, described."""
    tables = read_tables(data_dir)
    profiles = tables.get("profiles", {})
    feedback = {(r["user_id"], r["entry"], r["verdict"]) for r in tables.get("feedback", {}).values()}
    subscriptions = {(r["user_id"], r["exam_id"]) for r in tables.get("subscriptions", {}).values()}
    lost = []
    for user in confirmed:
        if user.profile:
            stored = profiles.get(str(user.user_id)) or {}
            if (stored.get("role"), stored.get("region")) != user.profile:
                lost.append(f"profile of {user.user_id}: confirmed {user.profile}, stored {stored or None}")
        lost += [f"feedback of {user.user_id} on {e}" for e in user.feedback if (user.user_id, e, "+") not in feedback]
        lost += [
            f"subscription of {user.user_id} to {x}"
            for x in user.subscriptions
            if (user.user_id, x) not in subscriptions
        ]
    return lost


def files_load(data_dir: Path) -> None:
    """The data files open the way the bot opens them (on a copy: opening may write the salt)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "data"
        shutil.copytree(data_dir, copy)
        Storage(copy).close()
        TinyDBPersistence(copy / "telegram.json")


def my_data(telegram: FakeTelegram, user_id: int, timeout: float = 30.0) -> dict:
    """Ask /mydata and return the JSON file the bot sends back."""
    since = len(telegram.calls)
    telegram.say(user_id, "/mydata")
    call = telegram.wait_for(
        lambda c: c.method == "sendDocument" and str(c.params.get("chat_id")) == str(user_id),
        since=since,
        timeout=timeout,
    )
    return json.loads(next(iter(call.files.values()))[1])


def missing_in_export(export: dict, user: Confirmed) -> list[str]:
    lost = []
    profile = export.get("profile") or {}
    if user.profile and (profile.get("role"), profile.get("region")) != user.profile:
        lost.append(f"/mydata of {user.user_id}: profile {profile or None}, confirmed {user.profile}")
    voted = {f["entry"] for f in export.get("feedback") or []}
    lost += [f"/mydata of {user.user_id}: feedback on {e}" for e in user.feedback if e not in voted]
    subscribed = {s["exam_id"] for s in export.get("subscriptions") or []}
    lost += [f"/mydata of {user.user_id}: subscription {x}" for x in user.subscriptions if x not in subscribed]
    return lost


# ---- rounds ---------------------------------------------------------------------------------------
@dataclass
class SoakReport:
    rounds: int = 0
    killed_during_startup: int = 0
    confirmed_writes: int = 0
    lost: list[str] = field(default_factory=list)
    subscription_offered: bool = False
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.rounds} rounds ({self.killed_during_startup} killed during start-up), "
            f"{self.confirmed_writes} confirmed writes, {len(self.lost)} lost, "
            f"subscriptions {'exercised' if self.subscription_offered else 'NOT offered by this build'}, "
            f"{self.seconds:.0f} s"
        )


def run_rounds(
    workdir: Path,
    rounds: int,
    seed: int = 20261121,
    concurrent_users: int = 3,
    kill_after: tuple[float, float] = (0.05, 2.5),
    inject_errors: bool = True,
) -> SoakReport:
    """Run `rounds` kill/restart rounds; returns what was confirmed and what was lost.

    Each round's kill comes `kill_after` seconds (uniformly drawn) after the bot is polling.
    """
    rng = random.Random(seed)
    telegram = FakeTelegram(TOKEN)
    base_url = telegram.start()
    bot = BotProcess(telegram, base_url, workdir / "data", workdir / "bot.log")
    report, everyone = SoakReport(), []
    started = time.monotonic()
    next_user = 10_000
    try:
        for round_no in range(rounds):
            first_call = bot.start()
            if round_no % 5 == 4:  # now and then kill it while it is still starting (loading, opening files)
                time.sleep(rng.uniform(0.0, 2.0))
                bot.kill()
                report.killed_during_startup += 1
                first_call = bot.start()
            bot.wait_ready(first_call)
            if inject_errors and round_no == 0:
                telegram.fail_next("sendMessage", 500)  # a handler error: logged with a traceback, user told
            users: list[SimulatedUser] = []
            kill_at = time.monotonic() + rng.uniform(*kill_after)
            while time.monotonic() < kill_at:
                active = [u for u in users if not u.done]
                while len(active) < concurrent_users:
                    next_user += 1
                    active.append(SimulatedUser(telegram, next_user, rng))
                    users.append(active[-1])
                for user in active:
                    user.poll()
                time.sleep(0.005)
            bot.kill()
            everyone += [u.confirmed for u in users]
            report.subscription_offered |= any(u.subscription_offered for u in users)
            report.lost += [f"round {round_no}: {x}" for x in lost_writes(bot.data_dir, everyone)]
            files_load(bot.data_dir)
            report.rounds += 1
        # one last restart: the bot must come up on what the kills left and tell users the same
        bot.wait_ready(bot.start())
        sample = [u for u in everyone if u.profile][-3:] + [u for u in everyone if u.subscriptions][:2]
        for user in sample:
            report.lost += [f"after restart: {x}" for x in missing_in_export(my_data(telegram, user.user_id), user)]
        bot.kill()
    finally:
        bot.kill()
        telegram.stop()
    report.confirmed_writes = sum(bool(u.profile) + len(u.feedback) + len(u.subscriptions) for u in everyone)
    report.seconds = time.monotonic() - started
    return report
