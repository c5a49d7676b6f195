"""The index cache (bot/index_cache.py): a knowledge version's index written once, loaded memory-mapped."""

from __future__ import annotations

import dataclasses
import json
import logging
from types import MappingProxyType

import numpy as np
import pytest

from bot import cli
from bot.core import Assistant, Brain
from bot.index_cache import index_key
from bot.settings import Settings
from tests.support import TODAY

QUESTIONS = [
    "没有教师资格证能先当老师吗",
    "见习补贴有多少",
    "考培分离具体指啥",
    "今天北京天气怎么样",
    "我是浙江的技师，能评中级职称吗？",
    "职成评审怎么报名",
    "失业保险金怎么领？一个月能领多少",
]


def replies(brain: Brain) -> list[tuple]:
    assistant = Assistant(brain, clock=lambda: TODAY)
    return [
        (r.text, r.outcome, r.entry_id, r.score, r.citations, r.buttons) for r in (assistant.ask(q) for q in QUESTIONS)
    ]


def folders(root):
    return sorted(p.name for p in root.iterdir() if not p.name.startswith("."))


def mapped(brain: Brain) -> bool:
    """Whether the brain's index arrays come from the cache's files (memory-mapped)."""
    return all(isinstance(a.base, np.memmap) for a in (brain.matcher._post_weight, brain.clause_index._post_weight))


@pytest.fixture(scope="module")
def fresh(real_kb):
    return replies(Brain(real_kb))


def test_a_cached_index_answers_exactly_as_a_fresh_build(real_kb, fresh, tmp_path):
    first = Brain(real_kb, index_dir=tmp_path)  # builds the index and writes it
    assert folders(tmp_path) == [index_key(real_kb)]
    assert index_key(real_kb).startswith(real_kb.version + "-")
    meta = json.loads((tmp_path / index_key(real_kb) / "meta.json").read_text(encoding="utf-8"))
    assert meta["knowledge_version"] == real_kb.version and meta["entries"] == len(real_kb.entries)
    second = Brain(real_kb, index_dir=tmp_path)  # loads it
    assert mapped(first) and mapped(second)
    assert replies(first) == fresh
    assert replies(second) == fresh
    assert list(second.matcher.vocabulary()) == sorted(Brain(real_kb).matcher.vocabulary(), key=str.encode)


def test_changed_knowledge_gets_its_own_index(real_kb, tmp_path):
    Brain(real_kb, index_dir=tmp_path)
    entry = next(iter(real_kb.entries.values()))
    changed_entry = dataclasses.replace(entry, questions=(*entry.questions, "猫咪疫苗多久打一次"))
    changed = dataclasses.replace(real_kb, entries=MappingProxyType({**real_kb.entries, entry.id: changed_entry}))
    assert index_key(changed) != index_key(real_kb)
    brain = Brain(changed, index_dir=tmp_path)
    assert sorted(folders(tmp_path)) == sorted([index_key(real_kb), index_key(changed)])
    assert brain.matcher.knows("#猫咪")  # the new phrasing is in the index it uses
    assert not Brain(real_kb, index_dir=tmp_path).matcher.knows("#猫咪")
    # a new knowledge version with the same content is a new folder too (the version names it)
    renamed = dataclasses.replace(real_kb, version="0123456789")
    Brain(renamed, index_dir=tmp_path)
    assert index_key(renamed).startswith("0123456789-") and index_key(renamed) in folders(tmp_path)


@pytest.mark.parametrize("damage", ["truncated", "missing", "meta", "garbage", "other key"])
def test_a_damaged_index_is_rebuilt_not_trusted(real_kb, fresh, tmp_path, caplog, damage):
    Brain(real_kb, index_dir=tmp_path)
    folder = tmp_path / index_key(real_kb)
    postings = folder / "m.post_weight.npy"
    if damage == "truncated":
        postings.write_bytes(postings.read_bytes()[:-100])
    elif damage == "missing":
        (folder / "c.terms.npy").unlink()
    elif damage == "meta":
        (folder / "meta.json").write_text("{not json", encoding="utf-8")
    elif damage == "garbage":  # same size, not an array file any more
        postings.write_bytes(b"\0" * postings.stat().st_size)
    else:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        (folder / "meta.json").write_text(json.dumps({**meta, "key": "something-else"}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.index_cache"):
        brain = Brain(real_kb, index_dir=tmp_path)
    assert "rebuilding it" in caplog.text
    assert mapped(brain) and replies(brain) == fresh
    assert Brain(real_kb, index_dir=tmp_path) is not None and folders(tmp_path) == [index_key(real_kb)]


def test_an_inconsistent_index_is_rebuilt(real_kb, fresh, tmp_path, caplog):
    """Arrays that load but do not fit together (a bound beyond the postings) are not used."""
    Brain(real_kb, index_dir=tmp_path)
    folder = tmp_path / index_key(real_kb)
    bounds = np.load(folder / "m.post_bounds.npy")
    bounds[-1] += 5
    np.save(folder / "m.post_bounds.npy", bounds)  # same size, so only the consistency check sees it
    with caplog.at_level(logging.WARNING, logger="bot.index_cache"):
        brain = Brain(real_kb, index_dir=tmp_path)
    assert "postings cut short" in caplog.text
    assert replies(brain) == fresh


def test_an_index_whose_phrasings_are_not_grouped_by_entry_is_rebuilt(real_kb, fresh, tmp_path, caplog):
    """Scoring a few entries alone reads each entry's phrasings as one run; shuffled ones are not used."""
    Brain(real_kb, index_dir=tmp_path)
    folder = tmp_path / index_key(real_kb)
    owners = np.load(folder / "m.phrasing_entry.npy")
    np.save(folder / "m.phrasing_entry.npy", owners[::-1].copy())
    with caplog.at_level(logging.WARNING, logger="bot.index_cache"):
        brain = Brain(real_kb, index_dir=tmp_path)
    assert "phrasings not grouped entry by entry" in caplog.text
    assert replies(brain) == fresh


def test_an_interrupted_build_leaves_nothing_that_is_read(real_kb, fresh, tmp_path):
    """A build that died before its rename left a temporary folder only: it is never read."""
    (tmp_path / f".tmp-{index_key(real_kb)}-dead").mkdir()
    (tmp_path / f".tmp-{index_key(real_kb)}-dead" / "meta.json").write_text("{", encoding="utf-8")
    brain = Brain(real_kb, index_dir=tmp_path)
    assert mapped(brain) and replies(brain) == fresh


def test_an_unwritable_index_folder_means_an_index_in_memory(real_kb, fresh, tmp_path, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.index_cache"):
        brain = Brain(real_kb, index_dir=blocker / "index")
    assert "using the index built in memory" in caplog.text
    assert not mapped(brain) and replies(brain) == fresh


def test_a_derived_knowledge_base_compiles_templates_when_first_answered(real_kb):
    entries = {f"{e.id}-copy": dataclasses.replace(e, id=f"{e.id}-copy") for e in real_kb.entries.values()}
    derived = dataclasses.replace(real_kb, entries=MappingProxyType({**real_kb.entries, **entries}))
    brain = Brain(derived)
    assert not brain.renderer._compiled  # nothing compiled up front
    assistant = Assistant(brain, clock=lambda: TODAY)
    entry_id = next(iter(entries))
    reply = assistant.answer(entry_id, assistant.context())
    assert reply.outcome == "answered" and (entry_id, "answer") in brain.renderer._compiled
    original = assistant.answer(entry_id.removesuffix("-copy"), assistant.context())
    assert reply.text == original.text


def test_index_dir_setting():
    assert Settings.from_env({"QUALBOT_DATA_DIR": "/srv/q"}).index_path.as_posix() == "/srv/q/index"
    assert Settings.from_env({"QUALBOT_INDEX_DIR": "/var/cache/q"}).index_path.as_posix() == "/var/cache/q"
    assert Settings.from_env({"QUALBOT_INDEX_DIR": "off"}).index_path is None


def test_kb_build_writes_the_index_that_the_bot_then_loads(real_kb, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QUALBOT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("QUALBOT_DATA_DIR", str(tmp_path / "data"))
    code = cli.main(["--today", TODAY.isoformat(), "kb", "build"])
    out = capsys.readouterr().out
    assert code == 0, out
    built = folders(tmp_path / "index")
    assert len(built) == 1 and built[0].startswith(real_kb.version) and "kb build: index of knowledge version" in out
    meta = tmp_path / "index" / built[0] / "meta.json"
    written = meta.stat().st_mtime_ns
    assert cli.main(["--today", TODAY.isoformat(), "ask", "见习补贴有多少"]) == 0
    assert "见习" in capsys.readouterr().out
    assert meta.stat().st_mtime_ns == written and folders(tmp_path / "index") == built  # loaded, not rebuilt
    monkeypatch.setenv("QUALBOT_INDEX_DIR", "off")
    assert cli.main(["kb", "build"]) == 2


def test_two_processes_writing_the_same_index_keep_one_whole_copy(real_kb, fresh, tmp_path):
    """Two workers starting together both build; the second rename finds the first's folder and keeps it."""
    from bot.index_cache import write_index
    from bot.matching import Matcher
    from bot.retrieval import ClauseIndex

    pipeline = Brain(real_kb).pipeline
    arrays = Matcher.build_arrays(real_kb, pipeline), ClauseIndex.build_arrays(real_kb, pipeline)
    key = index_key(real_kb)
    write_index(tmp_path, key, real_kb, *arrays)
    write_index(tmp_path, key, real_kb, *arrays)
    assert [p.name for p in tmp_path.iterdir()] == [key]  # no temporary folder left behind
    brain = Brain(real_kb, index_dir=tmp_path)
    assert mapped(brain) and replies(brain) == fresh
