"""The import layers, checked on the source (every import: top level, in functions, under TYPE_CHECKING).

Each layer may import itself and the layers listed for it, nothing else of `bot`:

bot.kb          the floor: the knowledge model and its typed sections (rules, catalogue, exam
                calendar, category book, catalogue counts, lexicon and vocabulary, answer renderer), strict YAML,
                schemas, the template sandbox, `load_knowledge` → nothing else of bot
leaves          bot.settings, bot.reply, bot.callbacks (the table of button prefixes),
                bot.commands (how a slash command is read), bot.lifecycle, bot.evaluation,
                bot.everyday_numbers (numbers as people type them) → bot.kb
                and each other
brain           bot.core and what it answers with (BRAIN below) → bot.kb, leaves
features        bot.engine, bot.exams, bot.category, bot.counts → bot.kb, leaves, brain; not each other
storage         bot.storage, bot.store → bot.kb, leaves
kb check        bot.checks, bot.policy_checks → bot.kb, leaves, brain, features
assembly        bot.assembly (the brain with its features) → bot.kb, leaves, brain, features
faces, tools    bot.tg, bot.chat, bot.cli, bot.staff, bot.pages, bot.calibrate → anything; but
                only bot.tg imports `telegram`, and only the entry point bot.cli imports bot.tg
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

KB = ("bot.kb",)
LEAVES = (
    "bot.settings",
    "bot.reply",
    "bot.callbacks",
    "bot.commands",
    "bot.lifecycle",
    "bot.evaluation",
    "bot.everyday_numbers",
)
BRAIN = (
    "bot.core",
    "bot.text",
    "bot.matching",
    "bot.tables",
    "bot.memo",
    "bot.retrieval",
    "bot.resolve",
    "bot.understanding",
    "bot.question_breaks",
    "bot.interpret",
    "bot.structured",
    "bot.timeliness",
    "bot.table_notes",
    "bot.calibration",
    "bot.index_cache",
)
FEATURES = ("bot.engine", "bot.exams", "bot.category", "bot.counts")
STORAGE = ("bot.storage", "bot.store")
CHECKS = ("bot.checks", "bot.policy_checks")
ASSEMBLY = ("bot.assembly",)
FACES = ("bot.__main__", "bot.tg", "bot.chat", "bot.cli", "bot.staff", "bot.pages", "bot.calibrate")

# layer → (its packages, what else of bot it may import, whether its packages may import each other)
LAYERS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "bot.kb": (KB, (), True),
    "leaves": (LEAVES, KB, True),
    "brain": (BRAIN, KB + LEAVES, True),
    "features": (FEATURES, KB + LEAVES + BRAIN, False),
    "storage": (STORAGE, KB + LEAVES, True),
    "kb check": (CHECKS, KB + LEAVES + BRAIN + FEATURES, True),
    "assembly": (ASSEMBLY, KB + LEAVES + BRAIN + FEATURES, True),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module named by an import statement in `path`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from bot import tg`
    return found


MODULES = {_module_name(p): _imports(p) for p in sorted(BOT.rglob("*.py"))}


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _package(name: str, packages: tuple[str, ...]) -> str:
    """The one of `packages` that holds module `name`."""
    return max((p for p in packages if _within(name, (p,))), key=len)


def _is_bot_module(target: str) -> bool:
    return target == "bot" or target.startswith("bot.")


def _violations(importers: tuple[str, ...], forbidden: tuple[str, ...], exempt: tuple[str, ...] = ()) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in MODULES.items()
        if _within(module, importers) and not _within(module, exempt)
        for target in targets
        if _within(target, forbidden)
    )


def test_the_check_sees_the_whole_package():
    assert {"bot.core", "bot.kb.loader", "bot.kb.knowledge", "bot.tg.app", "bot.engine.machine"} <= set(MODULES)


def test_every_module_belongs_to_a_layer():
    placed = KB + LEAVES + BRAIN + FEATURES + STORAGE + CHECKS + ASSEMBLY + FACES
    assert [m for m in MODULES if m != "bot" and not _within(m, placed)] == []  # bot/__init__.py: the version


@pytest.mark.parametrize("layer", list(LAYERS))
def test_each_layer_imports_only_itself_and_the_layers_below(layer):
    packages, below, among_themselves = LAYERS[layer]
    wrong = []
    for module, targets in MODULES.items():
        if not _within(module, packages):
            continue
        own = packages if among_themselves else (_package(module, packages),)
        wrong += [
            f"{module} imports {target}"
            for target in targets
            if _is_bot_module(target) and target != "bot" and not _within(target, own + below)
        ]
    assert sorted(wrong) == []


def test_the_knowledge_layer_imports_nothing_above_it():
    above = tuple({".".join(m.split(".")[:2]) for m in MODULES if m.count(".") >= 1} - {"bot.kb"})
    assert _violations(KB, above) == []


@pytest.mark.parametrize(
    "forbidden",
    [FACES, FEATURES, STORAGE, CHECKS, ASSEMBLY],
    ids=["faces", "features", "storage", "checks", "assembly"],
)
def test_the_brain_imports_no_face_feature_storage_or_check(forbidden):
    assert _violations(BRAIN, forbidden) == []


def test_features_storage_and_checks_import_no_face():
    assert _violations(FEATURES + STORAGE + CHECKS + ASSEMBLY, FACES) == []


def test_only_the_telegram_face_imports_telegram():
    assert _violations(("bot",), ("telegram",), exempt=("bot.tg",)) == []


def test_only_the_entry_point_imports_the_telegram_face():
    assert _violations(("bot",), ("bot.tg",), exempt=("bot.tg", "bot.cli")) == []
