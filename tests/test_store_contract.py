"""The storage contract (bot/store/protocol.py), run against both backends: TinyDB files and a
real PostgreSQL server started by the test session (pgserver). Same calls, same answers."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.store import Store, open_storage
from bot.store.postgres import PostgresStore
from bot.store.tinydb_store import TinyDBStore

NOW = dt.datetime(2026, 11, 21, 8, 30, tzinfo=dt.UTC)


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(params=["tinydb", "postgres"])
def backend(request, tmp_path):
    """(open, kind): `open()` opens the store again on the same data, as after a restart."""
    clock = Clock()
    opened: list = []
    if request.param == "tinydb":

        def reopen():
            for store in opened:
                store.close()  # one process owns a data directory: the old handle goes first
            opened.append(TinyDBStore(tmp_path, clock=clock))
            return opened[-1]
    else:
        url = request.getfixturevalue("pg_url")

        def reopen():
            opened.append(PostgresStore(url, clock=clock))
            return opened[-1]

    reopen.clock = clock
    yield reopen
    for store in opened:
        store.close()


@pytest.fixture
def store(backend) -> Store:
    return backend()


def test_both_backends_satisfy_the_protocol(store):
    assert isinstance(store, Store)


def test_profiles(store, backend):
    assert store.profile(1) is None
    saved = store.save_profile(1, role="graduate")
    assert saved == {
        "user_id": 1,
        "role": "graduate",
        "region": None,
        "updates": False,
        "updated": NOW.isoformat(timespec="seconds"),
    }
    store.save_profile(1, region="浙江")
    store.set_profile_flag(1, "blocked", True)
    store.set_profile_flag(404, "blocked", True)  # unknown user: nothing happens
    assert store.profile(1) == {**saved, "region": "浙江", "blocked": True}
    store.save_profile(2, role="employer", updates=True)
    assert sorted(p["user_id"] for p in store.profiles()) == [1, 2]
    assert backend().profile(1)["region"] == "浙江"  # durable


def test_profile_is_a_copy(store):
    store.save_profile(1, role="graduate")
    store.profile(1)["role"] = "changed"
    assert store.profile(1)["role"] == "graduate"


def test_feedback_one_vote_per_user_and_entry(store, backend):
    store.add_feedback(5, "e1", "+")
    store.add_feedback(5, "e1", "-")
    store.add_feedback(6, "e1", "+")
    with pytest.raises(ValueError):
        store.add_feedback(5, "e1", "?")
    assert [(f["user_id"], f["verdict"]) for f in store.feedback(5)] == [(5, "-")]
    assert sorted((f["user_id"], f["entry"], f["verdict"]) for f in backend().feedback()) == [
        (5, "e1", "-"),
        (6, "e1", "+"),
    ]


def test_question_log_is_pseudonymised_and_purged(store, backend):
    clock = backend.clock
    clock.now = NOW - dt.timedelta(days=200)
    store.log_question(7, "旧问题", "declined")
    clock.now = NOW
    store.log_question(7, "见习补贴", "answered", "faq-1", 0.812345)
    store.log_question(8, "别人的", "ambiguous")
    mine = store.questions(7)
    assert [q["text"] for q in mine] == ["旧问题", "见习补贴"]
    assert mine[1] == {
        "user": store.pseudonym(7),
        "text": "见习补贴",
        "outcome": "answered",
        "entry": "faq-1",
        "score": 0.8123,
        "time": NOW.isoformat(timespec="seconds"),
    }
    assert "7" not in store.pseudonym(7) or store.pseudonym(7) != "7"
    assert store.purge_questions(NOW - dt.timedelta(days=180)) == 1
    store.flush()
    assert [q["text"] for q in backend().questions()] == ["见习补贴", "别人的"]


def test_subscriptions_and_reminder_marks(store, backend):
    assert store.add_subscription(9, "yijian") is True
    assert store.add_subscription(9, "yijian") is False
    assert store.add_subscription(9, "catti") is True
    assert [s["exam_id"] for s in store.subscriptions(9)] == ["yijian", "catti"]
    assert store.remove_subscription(9, "catti") is True
    assert store.remove_subscription(9, "catti") is False
    key = "rem:9:yijian:exam:2027-09-11:7"
    assert not store.reminder_sent(key)
    assert store.mark_reminder_sent(key) is True
    assert store.mark_reminder_sent(key) is False
    assert store.reminders_sent([key, "rem:9:catti:exam:2027-01-01:1", key]) == {key}
    again = backend()
    assert again.reminder_sent(key) and [s["exam_id"] for s in again.subscriptions()] == ["yijian"]
    assert again.mark_reminder_sent("chg:no-user-key") is True  # keys without a user id work too


def test_claim_reminder(store):
    key = "rem:10:yijian:exam:2027-09-11:1"
    assert store.claim_reminder(key, "worker-a", 60) is True
    if store.kind == "postgres":  # several workers: a live claim excludes the others until its lease ends
        assert store.claim_reminder(key, "worker-b", 60) is False
    store.mark_reminder_sent(key)
    assert store.claim_reminder(key, "worker-b", 60) is False
    assert store.reminder_sent(key)


def test_expired_claim_is_reclaimable(pg_url):
    store = PostgresStore(pg_url)
    try:
        key = "rem:11:yijian:exam:2027-09-11:1"
        assert store.claim_reminder(key, "dead-worker", 0.2)
        assert not store.claim_reminder(key, "worker-b", 60)
        import time

        time.sleep(0.3)
        assert store.claim_reminder(key, "worker-b", 60)  # the holder died: its lease ran out
        assert not store.reminder_sent(key)
    finally:
        store.close()


def test_sessions(store, backend):
    assert store.session(12) is None
    store.save_session(12, {"session": {"dialog": {"name": "equivalence", "answers": {"years": 3}}}})
    assert backend().session(12) == {"session": {"dialog": {"name": "equivalence", "answers": {"years": 3}}}}
    store.drop_session(12)
    assert backend().session(12) is None


async def test_telegram_persistence_round_trip(store, backend):
    from bot.tg.persistence import persistence_for

    persistence = persistence_for(store)
    data = {"session": {"last": "q1"}}
    await persistence.update_user_data(13, data)
    assert backend().session(13) == data
    await persistence.update_bot_data({"x": 1})
    assert await persistence_for(backend()).get_bot_data() == {"x": 1}
    await persistence.drop_user_data(13)
    assert backend().session(13) is None


def test_export_and_forget(store, backend):
    store.save_profile(14, role="staff", region="吉林")
    store.add_feedback(14, "e2", "+")
    store.log_question(14, "我的问题", "answered", "e2", 0.9)
    store.add_subscription(14, "yijian")
    store.mark_reminder_sent("rem:14:yijian:exam:2027-09-11:7")
    store.save_session(14, {"session": {"a": 1}})
    store.save_profile(15, role="graduate")
    store.log_question(15, "别人的问题", "declined")
    exported = store.export_user(14)
    assert exported["profile"]["region"] == "吉林"
    assert [f["entry"] for f in exported["feedback"]] == ["e2"]
    assert [q["text"] for q in exported["questions"]] == ["我的问题"]
    assert [s["exam_id"] for s in exported["subscriptions"]] == ["yijian"]
    store.forget_user(14)
    again = backend()  # durable when forget_user returned
    assert again.export_user(14) == {"profile": None, "feedback": [], "questions": [], "subscriptions": []}
    assert again.session(14) is None and not again.reminder_sent("rem:14:yijian:exam:2027-09-11:7")
    assert again.profile(15) is not None and [q["text"] for q in again.questions()] == ["别人的问题"]


def test_open_storage_chooses_by_settings(tmp_path, pg_url):
    from bot.settings import Settings

    embedded = open_storage(Settings(data_dir=tmp_path))
    try:
        assert embedded.kind == "tinydb"
    finally:
        embedded.close()
    database = open_storage(Settings(data_dir=tmp_path, database_url=pg_url))
    try:
        assert database.kind == "postgres"
    finally:
        database.close()
