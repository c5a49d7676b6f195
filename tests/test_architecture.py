"""The import layers, checked on the source (every import: top level, in functions, under TYPE_CHECKING).

bot.kb                      the floor: the knowledge model, strict YAML, schemas, the template sandbox
the brain (BRAIN below)     bot.kb and each other, bot.settings — never a face, a feature or storage
                            (bot.callbacks, the table of button prefixes, belongs here)
features and sections       bot.engine, bot.exams, bot.category: the brain and bot.kb, not a face
bot.knowledge, bot.checks   a knowledge version assembled from its sections; `kb check`
storage                     bot.storage, bot.store: no face
faces                       bot.tg (the only package that may import `telegram`), bot.chat, bot.cli,
                            bot.staff, bot.assembly
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

BRAIN = {
    "bot.core",
    "bot.callbacks",
    "bot.text",
    "bot.matching",
    "bot.retrieval",
    "bot.resolve",
    "bot.understanding",
    "bot.render",
    "bot.reply",
    "bot.timeliness",
    "bot.structured",
    "bot.calibration",
}
FACES = ("bot.tg", "bot.chat", "bot.cli", "bot.staff", "bot.assembly", "bot.pages", "bot.lifecycle")
FEATURES = ("bot.engine", "bot.exams", "bot.category", "bot.knowledge", "bot.checks", "bot.policy_checks")
STORAGE = ("bot.storage", "bot.store")


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


def _within(name: str, packages: tuple[str, ...] | set[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _violations(
    importers: tuple[str, ...] | set[str], forbidden: tuple[str, ...] | set[str], exempt: tuple[str, ...] = ()
) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in MODULES.items()
        if _within(module, importers) and not _within(module, exempt)
        for target in targets
        if _within(target, forbidden)
    )


def test_the_check_sees_the_whole_package():
    assert {"bot.core", "bot.kb.loader", "bot.tg.app", "bot.engine.machine"} <= set(MODULES)


def test_only_the_telegram_face_imports_telegram():
    assert _violations(("bot",), ("telegram",), exempt=("bot.tg",)) == []


def test_the_knowledge_layer_imports_nothing_above_it():
    above = tuple({m.split(".")[0] + "." + m.split(".")[1] for m in MODULES if m.count(".") >= 1} - {"bot.kb"})
    assert _violations(("bot.kb",), above) == []


@pytest.mark.parametrize("forbidden", [FACES, FEATURES, STORAGE], ids=["faces", "features", "storage"])
def test_the_brain_imports_no_face_feature_or_storage(forbidden):
    assert _violations(BRAIN, forbidden) == []


def test_features_and_storage_import_no_face():
    assert _violations(FEATURES + STORAGE, FACES) == []


def test_the_features_do_not_import_the_assembly_above_them():
    """bot.knowledge lists the sections the features own; a feature importing it back is a circle."""
    assert _violations(("bot.engine", "bot.exams", "bot.category"), ("bot.knowledge", "bot.checks")) == []
