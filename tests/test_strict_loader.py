"""The strict loader names the file and line of every problem, and closes YAML's traps."""

from __future__ import annotations

import pytest

from bot.kb import KbLoadFailed
from bot.kb.knowledge import load_knowledge
from tests.support import TODAY


def load_errors(root) -> list[str]:
    with pytest.raises(KbLoadFailed) as info:
        load_knowledge(root, today=TODAY)
    return [str(e) for e in info.value.errors]


def test_the_minimal_knowledge_loads(mini_kb_dir):
    kb = load_knowledge(mini_kb_dir, today=TODAY)
    assert set(kb.entries) == {"mini-hiring", "mini-allowance"}
    assert kb.documents["mini-doc"].display_name == "《关于测试的通知》（测发〔2020〕1号）"
    assert kb.synonyms == {"应届生": "高校毕业生", "大学生": "高校毕业生"}


def test_duplicate_key_is_an_error_with_its_line(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("issuer: 测试厅\n", "issuer: 测试厅\nissuer: 别的厅\n"),
        encoding="utf-8",
    )
    errors = load_errors(mini_kb_dir)
    assert errors == [
        "knowledge/documents/mini-doc.yaml:5: duplicate key 'issuer' (first defined on line 4); each key may appear once"
    ]


def test_yes_no_booleans_are_rejected(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("title: 测试话题", "title: no"), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert errors[0].startswith("knowledge/faq/mini.yaml:2: ambiguous value 'no'")


def test_unquoted_decimal_clause_id_is_an_error_telling_to_quote_it(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace('- id: "1"', "- id: 12.10"), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert any(
        "documents/mini-doc.yaml:17: clauses.0.id: expected text but YAML read float 12.1; put it in quotes" in e
        for e in errors
    )


def test_unknown_key_lists_the_allowed_keys(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace("    label: 二\n", "    label: 二\n    lable: 二\n"), encoding="utf-8"
    )
    errors = load_errors(mini_kb_dir)
    assert len(errors) == 1
    assert errors[0].startswith("knowledge/documents/mini-doc.yaml:22: unknown key 'lable'; allowed: id, label, text")


def test_non_verbatim_clause_says_where_it_diverges(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("按1个月发放", "按2个月发放"), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert len(errors) == 1
    assert errors[0].startswith("knowledge/documents/mini-doc.yaml:22: clause '2' text is not verbatim in mini.txt")
    assert "'2个月发放" in errors[0]


def test_dangling_citation_is_an_error(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace('cites: ["mini-doc:2"]', 'cites: ["mini-doc:9"]'), encoding="utf-8"
    )
    errors = load_errors(mini_kb_dir)
    assert any("cites 'mini-doc:9', which is not a known clause" in e for e in errors)


def test_entries_said_to_give_the_same_policy_must_exist_and_share_a_clause(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    text = faq.read_text(encoding="utf-8")
    faq.write_text(
        text.replace('cites: ["mini-doc:2"]', 'cites: ["mini-doc:2"]\n    same_policy_as: [mini-hiring, mini-nothing]'),
        encoding="utf-8",
    )
    errors = load_errors(mini_kb_dir)
    assert (
        "knowledge/faq/mini.yaml:24: entry 'mini-allowance' gives the same policy as 'mini-nothing', which is not a known entry id"
        in errors
    )
    assert any("as 'mini-hiring', but the two cite no clause in common" in e for e in errors)
    faq.write_text(
        text.replace('cites: ["mini-doc:2"]', 'cites: ["mini-doc:2", "mini-doc:1"]\n    same_policy_as: [mini-hiring]'),
        encoding="utf-8",
    )
    kb = load_knowledge(mini_kb_dir, today=TODAY)
    assert kb.same_policy("mini-hiring") == {"mini-allowance"} and kb.same_policy("mini-allowance") == {"mini-hiring"}


def test_bad_dates_are_errors(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace('issued: "2020-05-01"', 'issued: "2020-02-30"'), encoding="utf-8"
    )
    errors = load_errors(mini_kb_dir)
    assert errors == [
        "knowledge/documents/mini-doc.yaml:7: issued: Value error, '2020-02-30' is not a real calendar date (YYYY-MM-DD) (got '2020-02-30')"
    ]


def test_a_variant_in_two_synonym_groups_is_an_error(mini_kb_dir):
    (mini_kb_dir / "synonyms" / "other.yaml").write_text(
        "groups:\n  - canonical: 毕业生\n    variants: [应届生]\n", encoding="utf-8"
    )
    errors = load_errors(mini_kb_dir)
    assert any("variant '应届生' already maps to '高校毕业生'" in e for e in errors)


def test_template_reaching_for_dunder_attributes_is_rejected(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("不能。", "{{ ''.__class__.__mro__ }}"), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert any(
        "private attributes are not allowed" in e and e.startswith("knowledge/faq/mini.yaml:12:") for e in errors
    )


def test_template_quote_of_a_phrase_not_in_the_clause_is_rejected(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace('"不得", "条件。"', '"不得", "条款。"'), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert any("end text '条款。' is not in the clause" in e for e in errors)


def test_template_with_undefined_name_is_rejected(mini_kb_dir):
    faq = mini_kb_dir / "faq" / "mini.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("不能。", "{{ secret }}"), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert any("'secret' is undefined" in e for e in errors)


def test_an_unheld_annex_must_be_named_verbatim_by_its_source(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(
        text.replace("\nclauses:", "\nannexes_not_held:\n  - title: 一份来源里没有的附件清单\nclauses:", 1),
        encoding="utf-8",
    )
    errors = load_errors(mini_kb_dir)
    assert len(errors) == 1
    assert errors[0].startswith("knowledge/documents/mini-doc.yaml:")
    assert "annex title is not verbatim in mini.txt" in errors[0]


def test_the_words_naming_what_a_document_was_issued_under_must_be_its_sources(mini_kb_dir):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(
        text.replace("\nclauses:", "\nissued_under: 根据一份来源里没有的文件\nclauses:", 1), encoding="utf-8"
    )
    errors = load_errors(mini_kb_dir)
    assert len(errors) == 1
    assert errors[0].startswith("knowledge/documents/mini-doc.yaml:")
    assert "issued_under is not verbatim in mini.txt" in errors[0]


@pytest.mark.parametrize(("field", "value"), [("addressees", "各省人民政府"), ("forwards", "现将某通知转发给你们")])
def test_whom_a_document_is_addressed_to_and_what_it_forwards_must_be_its_sources_words(mini_kb_dir, field, value):
    doc = mini_kb_dir / "documents" / "mini-doc.yaml"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("\nclauses:", f"\n{field}: {value}\nclauses:", 1), encoding="utf-8")
    errors = load_errors(mini_kb_dir)
    assert len(errors) == 1
    assert errors[0].startswith("knowledge/documents/mini-doc.yaml:")
    assert f"{field} is not verbatim in mini.txt" in errors[0]
