"""Read one staff YAML file and validate it against a closed schema, collecting file:line errors.

Every knowledge section (documents, faq, synonyms, rules, catalogue, exams) goes through this
one function, so they all report problems the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.kb.errors import KbError
from bot.kb.strict_yaml import LoadedYaml, YamlFileError, read_yaml

Model = TypeVar("Model", bound=BaseModel)


def display_path(root: Path, path: Path) -> str:
    """`path` relative to the folder holding the knowledge root (e.g. knowledge/faq/x.yaml)."""
    try:
        return str(path.resolve().relative_to(Path(root).resolve().parent))
    except ValueError:
        return str(path)


def read_validated(
    path: Path, display: str, model: type[Model], errors: list[KbError]
) -> tuple[LoadedYaml, Model] | None:
    """(parsed file, validated model), or None after appending every problem to `errors`."""
    from bot.kb.loader import describe_validation_error  # loader imports this module

    try:
        loaded = read_yaml(path, display)
    except YamlFileError as exc:
        errors.append(exc.error)
        return None
    try:
        return loaded, model.model_validate(loaded.data)
    except ValidationError as exc:
        for err in exc.errors():
            errors.append(KbError(display, loaded.line_of(tuple(err["loc"])), describe_validation_error(err, model)))
        return None


def read_optional_file(
    root: Path, relative: Path, model: type[Model], errors: list[KbError]
) -> tuple[str, LoadedYaml, Model] | None:
    """A section kept in one optional file of the knowledge (knowledge/lexicon/profile.yaml):
    (display path, parsed file, validated model), or None when the file is absent or broken
    (then every problem is in `errors`)."""
    path = Path(root) / relative
    if not path.exists():
        return None
    display = display_path(Path(root), path)
    result = read_validated(path, display, model, errors)
    return None if result is None else (display, *result)


def read_one_file_section(
    root: Path, section: str, model: type[Model], errors: list[KbError]
) -> tuple[str, LoadedYaml, Model] | None:
    """A section kept in one file of its own folder (knowledge/category/, knowledge/counts/):
    (display path, parsed file, validated model), or None when the folder has no file or the
    file is broken (then every problem is in `errors`); a second file is an error."""
    folder = Path(root) / section
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not paths:
        return None
    if len(paths) > 1:
        errors.append(
            KbError(display_path(root, paths[1]), 1, f"knowledge/{section} holds one file; merge the others into it")
        )
    display = display_path(root, paths[0])
    result = read_validated(paths[0], display, model, errors)
    return None if result is None else (display, *result)


__all__ = ["display_path", "read_one_file_section", "read_optional_file", "read_validated"]
