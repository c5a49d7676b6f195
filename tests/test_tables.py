"""The flat string tables the indexes are made of."""

from __future__ import annotations

from bot.tables import StringTable, TermTable


def test_a_term_table_finds_each_known_term_and_nothing_else_however_often_asked(monkeypatch):
    table, remap = TermTable.build(["见习", "补贴", "职业资格", "技师"])
    monkeypatch.setattr(TermTable, "MEMO_SIZE", 3)  # the memo is emptied while asked
    known = {"见习", "补贴", "职业资格", "技师"}
    for _ in range(3):
        found = table.ids(["见习", "见习补贴", "技师", "", "一个比表里所有词都长的词语", "补贴"])
        assert set(found) == {"见习", "技师", "补贴"}
        assert all(list(table)[found[t]] == t for t in found)
    assert {t for t in known if t in table} == known and "高级技师" not in table
    assert table.get("职业资格") == list(table).index("职业资格") and table.get("资格") is None
    assert sorted(remap.tolist()) == [0, 1, 2, 3]


def test_a_term_looked_up_before_is_still_found_when_the_memo_is_emptied_by_the_same_lookup(monkeypatch):
    # A long-running bot fills the memo; the lookup that empties it still knows every term it was
    # asked, including those it had remembered (else a known word reads as unknown, by history)
    table, _ = TermTable.build(["见习", "补贴", "职业资格", "技师"])
    monkeypatch.setattr(TermTable, "MEMO_SIZE", 3)
    assert set(table.ids(["见习", "补贴"])) == {"见习", "补贴"}
    assert set(table.ids(["见习", "技师", "职业资格"])) == {"见习", "技师", "职业资格"}


def test_a_string_table_gives_back_each_string():
    strings = ["先上岗再考证", "", "見習"]
    table = StringTable.build(strings)
    assert [table[i] for i in range(len(strings))] == strings and len(table) == 3
