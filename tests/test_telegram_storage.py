"""bot.storage and the TinyDB persistence: the API others rely on, atomic durable writes,
and refusing to start over a damaged file."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from bot.storage import DataFileError, Storage
from bot.tg.persistence import TinyDBPersistence

NOW = dt.datetime(2026, 11, 21, 8, 30, tzinfo=dt.UTC)


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
    assert storage.profile(7) | {"updated": None} == {"user_id": 7, "role": "employer", "region": "浙江",
                                                      "updates": False, "updated": None}
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
    assert "123456789" not in (tmp_path / "questions.json").read_text(encoding="utf-8")


def test_every_confirmed_write_is_on_disk_when_the_call_returns(tmp_path, storage):
    storage.save_profile(1, role="staff")
    storage.add_feedback(1, "entry-a", "-")
    reopened = Storage(tmp_path)  # as after kill -9: nothing was closed or flushed
    assert reopened.profile(1)["role"] == "staff"
    assert reopened.feedback(1)[0]["verdict"] == "-"


def test_a_crash_in_the_middle_of_a_write_leaves_the_previous_file_intact(tmp_path, storage, monkeypatch):
    storage.save_profile(1, role="staff")
    before = (tmp_path / "qualbot.json").read_bytes()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        storage.save_profile(1, role="employer")
    monkeypatch.undo()
    assert (tmp_path / "qualbot.json").read_bytes() == before
    assert storage.profile(1)["role"] == "staff"  # memory follows the file, not the failed write
    assert Storage(tmp_path).profile(1)["role"] == "staff"


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_an_unreadable_file_stops_with_an_error_naming_it_and_is_never_replaced(tmp_path, content):
    (tmp_path / "qualbot.json").write_bytes(content)
    with pytest.raises(DataFileError) as raised:
        Storage(tmp_path)
    assert str(tmp_path / "qualbot.json") in str(raised.value)
    assert (tmp_path / "qualbot.json").read_bytes() == content


async def test_persistence_round_trips_user_chat_bot_callback_data_and_conversations(tmp_path):
    persistence = TinyDBPersistence(tmp_path / "telegram.json")
    await persistence.update_user_data(1001, {"session": {"dialog": "xiangang", "step": 2}})
    await persistence.update_chat_data(-2001, {"k": "v"})
    await persistence.update_bot_data({"version": 3})
    await persistence.update_callback_data(([("id1", 1.5, {"b": "data"})], {"cq": "id1"}))
    await persistence.update_conversation("profile", (1001, 1001), "REGION")
    await persistence.update_conversation("profile", (1002, 1002), "ROLE")
    await persistence.update_conversation("profile", (1002, 1002), None)

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
    stamp = (tmp_path / "telegram.json").stat().st_mtime_ns
    os.utime(tmp_path / "telegram.json", ns=(stamp - 10**9, stamp - 10**9))
    await persistence.update_user_data(1, {"session": {"step": 2}})
    assert (tmp_path / "telegram.json").stat().st_mtime_ns == stamp - 10**9


def test_the_question_log_is_written_within_seconds_and_at_close_not_on_every_question(tmp_path):
    ticks = iter(range(0, 1000))
    storage = Storage(tmp_path, clock=lambda: NOW)
    deferred = storage._log.storage
    deferred.clock, deferred._flushed_at = (lambda: next(ticks) * 0.5), 0.0  # half a second per question
    storage.log_question(1, "第一问", "answered")
    assert Storage(tmp_path / "x").questions() == [] and not (tmp_path / "questions.json").exists()
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
    assert not (tmp_path / "telegram.json").exists()
    await persistence.update_user_data(1, {"session": {"step": 1}})
    await persistence.update_user_data(1, {"session": {}})  # emptied again: this must be written
    assert await TinyDBPersistence(tmp_path / "telegram.json").get_user_data() == {1: {"session": {}}}


def test_one_feedback_per_user_and_entry_the_latest_counts(storage):
    storage.add_feedback(1, "entry-a", "+")
    storage.add_feedback(1, "entry-a", "+")  # the same press delivered again after a crash
    storage.add_feedback(1, "entry-a", "-")
    storage.add_feedback(2, "entry-a", "+")
    assert [(f["user_id"], f["verdict"]) for f in storage.feedback()] == [(1, "-"), (2, "+")]
