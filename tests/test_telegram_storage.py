"""bot.storage and the TinyDB persistence: the API others rely on, atomic durable writes,
and refusing to start over a damaged file."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re

import pytest

from bot.storage import SHARDS, AtomicJSONStorage, DataFileError, Storage, reminder_owner
from bot.store.sessions import SessionFiles
from bot.tg.persistence import TinyDBPersistence

NOW = dt.datetime(2026, 11, 21, 8, 30, tzinfo=dt.UTC)


def user_shard(data_dir, user_id: int):
    """The file holding one user's profile, feedback, subscriptions and reminder marks."""
    return data_dir / "users" / f"{user_id % SHARDS:02d}.json"


def session_shard(data_dir, key: int):
    return data_dir / "sessions" / f"{key % SHARDS:02d}.json"


@pytest.fixture
def storage(tmp_path):
    return Storage(tmp_path, clock=lambda: NOW)


def test_subscriptions_are_added_once_listed_and_removed(storage):
    assert storage.add_subscription(1, "cpa-2027") is True
    assert storage.add_subscription(1, "cpa-2027") is False
    assert storage.add_subscription(2, "jianzao-2027") is True
    assert storage.subscriptions(1) == [{"user_id": 1, "exam_id": "cpa-2027", "created": "2026-11-21T08:30:00+00:00"}]
    assert {(s["user_id"], s["exam_id"]) for s in storage.subscriptions()} == {(1, "cpa-2027"), (2, "jianzao-2027")}
    assert storage.remove_subscription(1, "cpa-2027") is True
    assert storage.remove_subscription(1, "cpa-2027") is False
    assert storage.subscriptions(1) == []


def test_a_reminder_is_marked_sent_only_once(storage):
    assert storage.reminder_sent("cpa-2027:signup:1") is False
    assert storage.mark_reminder_sent("cpa-2027:signup:1") is True
    assert storage.mark_reminder_sent("cpa-2027:signup:1") is False
    assert storage.reminder_sent("cpa-2027:signup:1") is True


def test_profiles_change_field_by_field(storage):
    storage.save_profile(7, role="employer")
    storage.save_profile(7, region="浙江")
    assert storage.profile(7) | {"updated": None} == {
        "user_id": 7,
        "role": "employer",
        "region": "浙江",
        "updates": False,
        "updated": None,
    }
    assert storage.profile(8) is None


def test_returned_records_are_copies(storage):
    storage.add_subscription(1, "x")
    storage.subscriptions(1)[0]["exam_id"] = "changed"
    assert storage.subscriptions(1)[0]["exam_id"] == "x"


def test_export_and_forget_cover_every_trace_of_one_user_only(storage):
    for user in (1, 2):
        storage.save_profile(user, role="graduate", region="全国")
        storage.add_feedback(user, "entry-a", "+")
        storage.log_question(user, "见习补助", "answered", "entry-a", 0.91)
        storage.add_subscription(user, "cpa-2027")
    exported = storage.export_user(1)
    assert exported["profile"]["role"] == "graduate"
    assert [f["entry"] for f in exported["feedback"]] == ["entry-a"]
    assert [q["text"] for q in exported["questions"]] == ["见习补助"]
    assert [s["exam_id"] for s in exported["subscriptions"]] == ["cpa-2027"]
    storage.forget_user(1)
    assert storage.export_user(1) == {"profile": None, "feedback": [], "questions": [], "subscriptions": []}
    assert storage.export_user(2)["profile"] is not None
    assert len(storage.questions()) == 1


def test_the_question_log_holds_a_salted_pseudonym_not_the_user_id(tmp_path, storage):
    storage.log_question(123456789, "问题", "declined")
    storage.flush()
    [row] = storage.questions()
    assert row["user"] == storage.pseudonym(123456789) != Storage(tmp_path / "other").pseudonym(123456789)
    [day_file] = (tmp_path / "questions").glob("*.json")
    assert "123456789" not in day_file.read_text(encoding="utf-8")


def test_every_confirmed_write_is_on_disk_when_the_call_returns(tmp_path, storage):
    storage.save_profile(1, role="staff")
    storage.add_feedback(1, "entry-a", "-")
    reopened = Storage(tmp_path)  # as after kill -9: nothing was closed or flushed
    assert reopened.profile(1)["role"] == "staff"
    assert reopened.feedback(1)[0]["verdict"] == "-"


def test_a_crash_in_the_middle_of_a_write_leaves_the_previous_file_intact(tmp_path, storage, monkeypatch):
    storage.save_profile(1, role="staff")
    before = user_shard(tmp_path, 1).read_bytes()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        storage.save_profile(1, role="employer")
    monkeypatch.undo()
    assert user_shard(tmp_path, 1).read_bytes() == before
    assert storage.profile(1)["role"] == "staff"  # memory follows the file, not the failed write
    assert Storage(tmp_path).profile(1)["role"] == "staff"


@pytest.mark.parametrize("name", ["qualbot.json", "users/00.json", "users/31.json"])
@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_an_unreadable_file_stops_with_an_error_naming_it_and_is_never_replaced(tmp_path, content, name):
    Storage(tmp_path).save_profile(31, role="staff")  # a data directory the bot has written
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DataFileError) as raised:
        Storage(tmp_path)
    assert str(tmp_path / name) in str(raised.value)
    assert (tmp_path / name).read_bytes() == content


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]"])
async def test_an_unreadable_session_shard_stops_the_persistence_naming_it(tmp_path, content):
    await TinyDBPersistence(tmp_path / "telegram.json").update_user_data(33, {"session": {"step": 1}})
    damaged = session_shard(tmp_path, 33)
    damaged.write_bytes(content)
    with pytest.raises(DataFileError, match=re.escape(str(damaged))):
        TinyDBPersistence(tmp_path / "telegram.json")
    assert damaged.read_bytes() == content


def test_shard_routing_is_stable_and_by_user_id(tmp_path):
    assert SHARDS == 32
    storage = Storage(tmp_path, clock=lambda: NOW)
    for user in (1, 32, 33, 10_000_007, 7_123_456_789):
        storage.save_profile(user, role="graduate")
        storage.add_feedback(user, "entry-a", "+")
        storage.add_subscription(user, "cpa-2027")
        storage.mark_reminder_sent(f"rem:{user}:cpa-2027:exam:2026-12-05:7")
        tables = json.loads(user_shard(tmp_path, user).read_text(encoding="utf-8"))
        assert str(user) in tables["profiles"]
        assert {r["user_id"] for r in tables["feedback"].values()} >= {user}
        assert {r["user_id"] for r in tables["subscriptions"].values()} >= {user}
        assert f"rem:{user}:cpa-2027:exam:2026-12-05:7" in {r["key"] for r in tables["reminders"].values()}
    # keys without a user are filed by a hash that does not change between runs (not Python's hash())
    assert reminder_owner("cpa-2027:signup:1") == 4143061024 == reminder_owner("cpa-2027:signup:1")
    assert reminder_owner("rem:-5:x") == -5 and reminder_owner("rem:007:x") != 7
    assert not (tmp_path / "qualbot.json").read_text(encoding="utf-8").count("graduate")
    assert json.loads((tmp_path / "users" / "layout.json").read_text(encoding="utf-8"))["shards"] == SHARDS


async def test_sessions_are_sharded_by_user_and_chat_id(tmp_path):
    persistence = TinyDBPersistence(tmp_path / "telegram.json")
    await persistence.update_user_data(65, {"session": {"step": 1}})
    await persistence.update_chat_data(-1001, {"k": "v"})
    persistence.files.flush()  # sessions are written behind (the timer's flush)
    assert json.loads(session_shard(tmp_path, 65).read_text(encoding="utf-8"))["user_data"]["65"]
    assert json.loads(session_shard(tmp_path, -1001).read_text(encoding="utf-8"))["chat_data"]["-1001"]
    assert not (tmp_path / "telegram.json").exists()


async def test_a_changed_shard_count_is_refused_and_nothing_is_rewritten(tmp_path):
    storage = Storage(tmp_path)
    storage.save_profile(5, role="staff")
    await TinyDBPersistence(tmp_path / "telegram.json").update_user_data(5, {"session": {"step": 1}})
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.json")}
    with pytest.raises(DataFileError, match=re.escape(str(tmp_path / "users" / "layout.json"))) as raised:
        Storage(tmp_path, shards=16)
    assert "32 shards" in str(raised.value) and "16" in str(raised.value)
    with pytest.raises(DataFileError, match=re.escape(str(tmp_path / "sessions" / "layout.json"))):
        TinyDBPersistence(tmp_path / "telegram.json", shards=64)
    (tmp_path / "users" / "layout.json").unlink()  # shards whose count is unknown: refused too
    with pytest.raises(DataFileError, match=re.escape(str(tmp_path / "users" / "layout.json"))):
        Storage(tmp_path)
    before.pop(tmp_path / "users" / "layout.json")
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.json")} == before


async def test_writes_for_one_user_touch_only_that_users_shard_file(tmp_path):
    storage = Storage(tmp_path, clock=lambda: NOW)
    persistence = TinyDBPersistence(tmp_path / "telegram.json")
    for user in range(1, 3 * SHARDS):  # every shard has data
        storage.save_profile(user, role="graduate")
        await persistence.update_user_data(user, {"session": {"step": user}})
    persistence.files.flush()
    past = 10**18
    for path in tmp_path.rglob("*.json"):
        os.utime(path, ns=(past, past))
    storage.save_profile(7, region="浙江")
    storage.add_feedback(7, "entry-a", "+")
    storage.add_subscription(7, "cpa-2027")
    storage.remove_subscription(7, "cpa-2027")
    storage.mark_reminder_sent("rem:7:cpa-2027:exam:2026-12-05:7")
    storage.set_profile_flag(7, "blocked", True)
    await persistence.update_user_data(7, {"session": {"step": 70}})
    persistence.files.flush()  # the timer's flush after a change of one user's session
    touched = {
        path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.json") if path.stat().st_mtime_ns != past
    }
    assert touched == {"users/07.json", "sessions/07.json"}
    reopened = Storage(tmp_path)
    assert reopened.profile(7)["region"] == "浙江" and reopened.profile(8)["region"] is None
    assert len(reopened.profiles()) == 3 * SHARDS - 1


def test_a_file_write_re_encodes_only_changed_tables_and_matches_a_full_encoding(tmp_path, monkeypatch):
    storage = Storage(tmp_path, clock=lambda: NOW)
    for user in (1, 33, 65):
        storage.save_profile(user, role="graduate", region="浙江")
        storage.add_subscription(user, f"exam-{user}")
    shard = storage._users.dbs[1].storage
    assert isinstance(shard, AtomicJSONStorage)
    encoded = []
    real = json.dumps
    monkeypatch.setattr(json, "dumps", lambda value, **kw: encoded.append(value) or real(value, **kw))
    storage.save_profile(33, updates=True)
    monkeypatch.undo()
    assert [v for v in encoded if isinstance(v, dict)] == [shard.read()["profiles"]]  # subscriptions reused
    text = user_shard(tmp_path, 1).read_text(encoding="utf-8")
    assert text == json.dumps(shard.read(), ensure_ascii=False, separators=(",", ":"))
    # after a restart too: the tables' text comes from the file as it was read
    reopened = Storage(tmp_path, clock=lambda: NOW)
    encoded.clear()
    monkeypatch.setattr(json, "dumps", lambda value, **kw: encoded.append(value) or real(value, **kw))
    reopened.add_subscription(65, "exam-new")
    monkeypatch.undo()
    shard = reopened._users.dbs[1].storage
    assert [v for v in encoded if isinstance(v, dict)] == [shard.read()["subscriptions"]]
    assert json.loads(user_shard(tmp_path, 1).read_text(encoding="utf-8")) == shard.read()
    assert Storage(tmp_path).subscriptions(65)[-1]["exam_id"] == "exam-new"


@pytest.mark.parametrize(
    "text",
    [
        '{"a": {"1": {"x": [1, 2, "三"]}}, "b" : {}\n}',
        "{}",
        " { } ",
        '{"a":1,"a":2}',
        '{"a": {}, }',
        '{"a" {}}',
        '{"a": {}} x',
        '[{"a": 1}]',
        "{1: 2}",
        '"x"',
    ],
)
def test_a_file_is_read_table_by_table_exactly_as_json_reads_it(tmp_path, text):
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    try:
        expected = json.loads(text)
    except json.JSONDecodeError:
        expected = None
    tinydb_shape = isinstance(expected, dict) and all(  # tables of rows keyed by integer ids (review L6)
        isinstance(t, dict) and all(re.fullmatch(r"-?\d+", k) and isinstance(r, dict) for k, r in t.items())
        for t in expected.values()
    )
    if not tinydb_shape:
        with pytest.raises(DataFileError, match=re.escape(str(tmp_path / "t.json"))):
            AtomicJSONStorage(tmp_path / "t.json")
        return
    stored = AtomicJSONStorage(tmp_path / "t.json")
    assert stored.read() == expected
    stored.write({**stored.read(), "new": {"1": {}}})
    assert json.loads((tmp_path / "t.json").read_text(encoding="utf-8")) == {**expected, "new": {"1": {}}}


async def test_the_single_file_layout_is_migrated_into_shards_once_and_losslessly(tmp_path):
    rows = lambda *items: {str(i): row for i, row in enumerate(items, 1)}  # noqa: E731
    old = {
        "meta": {"1": {"salt": "ab" * 16}},
        "profiles": {
            "7": {"user_id": 7, "role": "staff", "region": "浙江", "updates": True, "updated": "x"},
            "40": {"user_id": 40, "role": "graduate", "region": "全国", "updates": False, "updated": "x"},
        },
        "feedback": rows(
            {"user_id": 7, "entry": "e", "verdict": "+", "time": "x"},
            {"user_id": 40, "entry": "e", "verdict": "-", "time": "x"},
        ),
        "subscriptions": rows({"user_id": 7, "exam_id": "cpa", "created": "x"}),
        "reminders": rows({"key": "rem:7:cpa:exam:2026-12-05:7", "time": "x"}, {"key": "cpa:signup:1", "time": "x"}),
    }
    (tmp_path / "qualbot.json").write_text(json.dumps(old), encoding="utf-8")
    (tmp_path / "telegram.json").write_text(
        json.dumps(
            {
                "user_data": {"7": {"data": {"session": {"s": 1}}}},
                "chat_data": {"-9": {"data": {"k": 1}}},
                "bot_data": {"1": {"data": {"v": 3}}},
            }
        ),
        encoding="utf-8",
    )
    for _ in range(2):  # a second start (or one after a crash mid-migration) changes nothing
        storage = Storage(tmp_path)
        assert storage.profile(7)["role"] == "staff" and storage.profile(40)["region"] == "全国"
        assert sorted((f["user_id"], f["verdict"]) for f in storage.feedback()) == [(7, "+"), (40, "-")]
        assert [s["exam_id"] for s in storage.subscriptions(7)] == ["cpa"]
        assert storage.reminder_sent("rem:7:cpa:exam:2026-12-05:7") and storage.reminder_sent("cpa:signup:1")
        assert storage._salt == "ab" * 16
        persistence = TinyDBPersistence(tmp_path / "telegram.json")
        assert await persistence.get_user_data() == {7: {"session": {"s": 1}}}
        assert await persistence.get_chat_data() == {-9: {"k": 1}}
        assert await persistence.get_bot_data() == {"v": 3}
    assert set(json.loads((tmp_path / "qualbot.json").read_text(encoding="utf-8"))) == {"meta"}
    assert set(json.loads((tmp_path / "telegram.json").read_text(encoding="utf-8"))) == {"bot_data"}


async def test_persistence_round_trips_user_chat_bot_callback_data_and_conversations(tmp_path):
    persistence = TinyDBPersistence(tmp_path / "telegram.json")
    await persistence.update_user_data(1001, {"session": {"dialog": "xiangang", "step": 2}})
    await persistence.update_chat_data(-2001, {"k": "v"})
    await persistence.update_bot_data({"version": 3})
    await persistence.update_callback_data(([("id1", 1.5, {"b": "data"})], {"cq": "id1"}))
    await persistence.update_conversation("profile", (1001, 1001), "REGION")
    await persistence.update_conversation("profile", (1002, 1002), "ROLE")
    await persistence.update_conversation("profile", (1002, 1002), None)
    await persistence.flush()  # PTB at shutdown (user and chat data are written behind)

    reopened = TinyDBPersistence(tmp_path / "telegram.json")
    assert await reopened.get_user_data() == {1001: {"session": {"dialog": "xiangang", "step": 2}}}
    assert await reopened.get_chat_data() == {-2001: {"k": "v"}}
    assert await reopened.get_bot_data() == {"version": 3}
    assert await reopened.get_callback_data() == ([("id1", 1.5, {"b": "data"})], {"cq": "id1"})
    assert await reopened.get_conversations("profile") == {(1001, 1001): "REGION"}
    await reopened.drop_user_data(1001)
    assert await TinyDBPersistence(tmp_path / "telegram.json").get_user_data() == {}


async def test_persistence_does_not_rewrite_unchanged_data(tmp_path):
    persistence = TinyDBPersistence(tmp_path / "telegram.json")
    await persistence.update_user_data(1, {"session": {"step": 2}})
    persistence.files.flush()
    shard = session_shard(tmp_path, 1)
    stamp = shard.stat().st_mtime_ns
    os.utime(shard, ns=(stamp - 10**9, stamp - 10**9))
    await persistence.update_user_data(1, {"session": {"step": 2}})
    assert not persistence.files.pending and persistence.files.flush() == 0
    assert shard.stat().st_mtime_ns == stamp - 10**9


def test_the_question_log_is_written_within_seconds_and_at_close_not_on_every_question(tmp_path):
    ticks = iter(range(1, 1000))
    storage = Storage(tmp_path, clock=lambda: NOW)
    storage._log.clock, storage._log._flushed_at = (lambda: next(ticks) * 0.5), 0.0  # half a second per question
    storage.log_question(1, "第一问", "answered")
    assert not list((tmp_path / "questions").glob("*.json"))  # deferred: nothing on disk yet
    for i in range(4):
        storage.log_question(1, f"问{i}", "answered")
    assert len(Storage(tmp_path).questions()) >= 4  # flushed once two seconds had passed
    storage.log_question(1, "最后一问", "declined")
    storage.close()
    assert Storage(tmp_path).questions()[-1]["text"] == "最后一问"


def test_forgetting_a_user_reaches_the_disk_at_once_including_the_deferred_log(tmp_path, storage):
    storage.log_question(1, "问题", "answered")
    storage.flush()
    storage.log_question(1, "又一个问题", "answered")
    storage.forget_user(1)
    assert Storage(tmp_path).questions() == []


async def test_persistence_skips_users_with_nothing_to_keep(tmp_path):
    persistence = TinyDBPersistence(tmp_path / "telegram.json")
    await persistence.update_user_data(1, {"session": {}})
    await persistence.update_chat_data(1, {})
    assert not persistence.files.pending and persistence.files.flush() == 0
    assert not (tmp_path / "telegram.json").exists() and not session_shard(tmp_path, 1).exists()
    await persistence.update_user_data(1, {"session": {"step": 1}})
    await persistence.update_user_data(1, {"session": {}})  # emptied again: this must be written
    await persistence.flush()
    assert await TinyDBPersistence(tmp_path / "telegram.json").get_user_data() == {1: {"session": {}}}


def test_one_feedback_per_user_and_entry_the_latest_counts(storage):
    storage.add_feedback(1, "entry-a", "+")
    storage.add_feedback(1, "entry-a", "+")  # the same press delivered again after a crash
    storage.add_feedback(1, "entry-a", "-")
    storage.add_feedback(2, "entry-a", "+")
    assert [(f["user_id"], f["verdict"]) for f in storage.feedback()] == [(1, "-"), (2, "+")]


def test_the_question_log_keeps_one_file_per_day_and_retention_deletes_whole_days(tmp_path):
    days = iter(
        [
            dt.datetime(2026, 5, 1, 8, tzinfo=dt.UTC),
            dt.datetime(2026, 5, 2, 8, tzinfo=dt.UTC),
            dt.datetime(2026, 5, 3, 8, tzinfo=dt.UTC),
            dt.datetime(2026, 5, 3, 20, tzinfo=dt.UTC),
        ]
    )
    storage = Storage(tmp_path, clock=lambda: next(days))
    for text in ("一", "二", "三早", "三晚"):
        storage.log_question(1, text, "answered")
    storage.flush()
    assert sorted(p.name for p in (tmp_path / "questions").glob("*.json")) == [
        "2026-05-01.json",
        "2026-05-02.json",
        "2026-05-03.json",
    ]
    assert storage.purge_questions(dt.datetime(2026, 5, 3, 12, tzinfo=dt.UTC)) == 3
    assert [q["text"] for q in storage.questions()] == ["三晚"]
    assert sorted(p.name for p in (tmp_path / "questions").glob("*.json")) == ["2026-05-03.json"]


def test_a_single_file_question_log_from_an_older_version_moves_into_day_files(tmp_path):
    legacy = {
        "questions": {
            "1": {
                "user": "u",
                "text": "旧问题",
                "outcome": "declined",
                "entry": None,
                "score": None,
                "time": "2026-04-30T09:00:00+00:00",
            }
        }
    }
    (tmp_path / "questions.json").write_text(json.dumps(legacy, ensure_ascii=False), encoding="utf-8")
    # the older version wrote its salt too (a log without its salt is refused: review M7)
    (tmp_path / "qualbot.json").write_text(json.dumps({"meta": {"1": {"salt": "ab"}}}), encoding="utf-8")
    assert [q["text"] for q in Storage(tmp_path).questions()] == ["旧问题"]
    assert not (tmp_path / "questions.json").exists()
    assert (tmp_path / "questions" / "2026-04-30.json").exists()
    assert [q["text"] for q in Storage(tmp_path).questions()] == ["旧问题"]  # migrated once, not twice


def test_a_temp_file_left_by_a_killed_write_is_cleaned_up_and_the_data_kept(tmp_path):
    Storage(tmp_path).save_profile(7, role="graduate", region="浙江")
    shard = tmp_path / "users" / f"{7 % SHARDS:02d}.json"
    abandoned = shard.with_name(f".{shard.name}.99999.tmp")
    abandoned.write_text('{"profiles": {"7": {"half', encoding="utf-8")
    reopened = Storage(tmp_path)
    assert reopened.profile(7)["region"] == "浙江"
    assert not abandoned.exists()


# ---- sessions written behind (soft state; bot.store.sessions) ----------------------------------
def test_session_changes_reach_the_disk_within_the_flush_period_even_without_the_timer(tmp_path):
    now = {"t": 0.0}
    files = SessionFiles(tmp_path / "telegram.json", write_behind=1.0, clock=lambda: now["t"])
    files.put("user_data", 1, {"session": {"step": 1}})
    now["t"] = 0.6
    files.put("user_data", 2, {"session": {"step": 1}})
    assert SessionFiles(tmp_path / "telegram.json").keyed("user_data") == {}  # a kill now loses both
    assert files.keyed("user_data") == {1: {"session": {"step": 1}}, 2: {"session": {"step": 1}}}  # memory has them
    now["t"] = 1.0
    files.put("user_data", 3, {"session": {"step": 1}})  # the oldest change is a period old: all go out
    assert set(SessionFiles(tmp_path / "telegram.json").keyed("user_data")) == {1, 2, 3}
    assert not files.pending


def test_a_session_flush_writes_each_changed_shard_once_with_one_directory_fsync(tmp_path, monkeypatch):
    files = SessionFiles(tmp_path / "telegram.json", write_behind=60)
    for user in range(100):  # 100 users in 32 shards
        files.put("user_data", user, {"session": {"step": user}})
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    assert files.flush() == SHARDS
    assert len(synced) == SHARDS + 1  # was 2 per session write: 200
    assert files.flush() == 0


def test_a_failed_session_flush_keeps_the_changes_pending_and_the_next_one_writes_them(tmp_path, monkeypatch):
    import bot.storage

    files = SessionFiles(tmp_path / "telegram.json", write_behind=60)
    files.put("user_data", 5, {"session": {"step": 1}})
    real = bot.storage.atomic_write_texts

    def disk_full(*_):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bot.storage, "atomic_write_texts", disk_full)
    with pytest.raises(OSError):
        files.flush()
    assert files.pending
    monkeypatch.setattr(bot.storage, "atomic_write_texts", real)
    assert files.flush() == 1
    assert SessionFiles(tmp_path / "telegram.json").keyed("user_data") == {5: {"session": {"step": 1}}}


def test_write_behind_zero_writes_every_session_change_through(tmp_path):
    files = SessionFiles(tmp_path / "telegram.json", write_behind=0)
    files.put("user_data", 7, {"session": {"step": 1}})
    assert not files.pending
    assert SessionFiles(tmp_path / "telegram.json").keyed("user_data") == {7: {"session": {"step": 1}}}


def test_the_question_log_is_inserted_in_one_go_not_one_table_rebuild_per_question(tmp_path, monkeypatch):
    from tinydb.table import Table

    storage = Storage(tmp_path, clock=lambda: NOW)
    rebuilds = []
    real = Table._update_table
    monkeypatch.setattr(Table, "_update_table", lambda self, updater: (rebuilds.append(self.name), real(self, updater)))
    for i in range(50):
        storage.log_question(1, f"问{i}", "answered")
    assert rebuilds == []  # pending in memory, and readable:
    assert len(storage.questions(1)) == 50 and rebuilds == ["questions"]
    storage.log_question(1, "再问", "answered")
    storage.forget_user(1)  # a pending record is forgotten too
    assert Storage(tmp_path).questions() == []


async def test_the_timer_flush_writes_in_a_worker_thread_and_an_update_never_waits_for_the_disk(tmp_path, monkeypatch):
    import threading

    import bot.storage

    now = {"t": 0.0}
    files = SessionFiles(tmp_path / "telegram.json", write_behind=1.0, clock=lambda: now["t"])
    writers = []
    real = bot.storage.atomic_write_texts
    monkeypatch.setattr(bot.storage, "atomic_write_texts", lambda f: (writers.append(threading.get_ident()), real(f)))
    files.put("user_data", 1, {"session": {"step": 1}})
    now["t"] = 1.5
    files.put("user_data", 2, {"session": {"step": 1}})  # the period has passed: a flush is started …
    assert writers == [] and files._in_flight is not None  # … but this update did not write
    assert await files._in_flight == 2
    files.put("user_data", 3, {"session": {"step": 1}})
    assert await files.flush_in_background() == 1  # the timer's flush
    assert writers and threading.get_ident() not in writers
    assert set(SessionFiles(tmp_path / "telegram.json").keyed("user_data")) == {1, 2, 3}


def test_a_flush_written_late_never_puts_back_what_a_later_write_removed(tmp_path):
    from bot.storage import prepare_flush, write_prepared

    files = SessionFiles(tmp_path / "telegram.json", write_behind=60)
    files.put("user_data", 1, {"session": {"step": 1}})
    batch = prepare_flush(files._shards())  # a timer flush, its thread not yet writing …
    files.drop("user_data", 1)  # … when /forget rewrites the shard at once
    assert write_prepared(batch) == 0  # the older text is skipped
    assert SessionFiles(tmp_path / "telegram.json").keyed("user_data") == {}


async def test_close_waits_for_a_flush_still_writing_in_its_worker_thread(tmp_path, monkeypatch):
    import threading

    import bot.storage

    files = SessionFiles(tmp_path / "telegram.json", write_behind=60)
    files.put("user_data", 4, {"session": {"step": 1}})
    go = threading.Event()
    real = bot.storage.atomic_write_texts
    monkeypatch.setattr(bot.storage, "atomic_write_texts", lambda f: (go.wait(5), real(f)))
    flushing = asyncio.ensure_future(files.flush_in_background())
    await asyncio.sleep(0.05)  # prepared and handed to the thread, which waits
    threading.Timer(0.2, go.set).start()
    files.close()  # shutdown: must not return before the thread's batch is on disk
    assert SessionFiles(tmp_path / "telegram.json").keyed("user_data") == {4: {"session": {"step": 1}}}
    assert await flushing == 1


async def test_a_session_flush_is_never_queued_behind_the_loops_busy_worker_threads(tmp_path):
    """Several /reload runs hold every thread of the loop's default executor for seconds; the
    session writer has its own thread, so `flush()` on the event loop never waits behind them."""
    import threading

    files = SessionFiles(tmp_path / "telegram.json", write_behind=60)
    files.put("user_data", 8, {"session": {"step": 1}})
    release = threading.Event()
    loop = asyncio.get_running_loop()
    busy = [loop.run_in_executor(None, release.wait, 30) for _ in range(64)]  # every default thread
    await asyncio.sleep(0.05)
    flushing = asyncio.ensure_future(files.flush_in_background())
    await asyncio.sleep(0.05)
    done = threading.Event()
    threading.Thread(target=lambda: (files.flush(), done.set()), daemon=True).start()
    try:
        assert done.wait(10), "flush() waited for a write queued behind the busy threads"
        assert await asyncio.wait_for(flushing, 10) == 1
    finally:
        release.set()
        await asyncio.gather(*busy)
    assert SessionFiles(tmp_path / "telegram.json").keyed("user_data") == {8: {"session": {"step": 1}}}
