"""A strict YAML reader for staff-edited files.

PyYAML's SafeLoader with the classic traps closed: duplicate keys are errors (instead of the
last one silently winning), only `true`/`false` are booleans (`yes`/`no`/`on`/`off` stay
errors rather than turning into booleans), and timestamps are not auto-converted (dates stay
strings and are validated by the schema). Every node's line is recorded so schema errors can
point at `file:line`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from bot.kb.errors import KbError

KeyPath = tuple[Any, ...]  # where a value sits in the document: ("clauses", 3, "text")

_YAML11_BOOLS = re.compile(r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")


class StrictYamlError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


# libyaml's C parser when PyYAML has it (its wheels do): parsing is most of start-up time.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]  # chosen at import time
    """SafeLoader without timestamp/YAML-1.1-bool resolution and with duplicate-key errors."""


# Drop implicit resolvers we do not want (timestamps; bools are re-added as YAML 1.2 only).
_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _check_node(node: yaml.Node) -> None:
    """Reject duplicate keys and YAML 1.1 booleans anywhere in the tree."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise StrictYamlError(
                    key_node.start_mark.line + 1,
                    f"duplicate key '{key}' (first defined on line {seen[key]}); each key may appear once",
                )
            seen[key] = key_node.start_mark.line + 1
            _check_node(key_node)
            _check_node(value_node)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_node(item)
    elif (
        isinstance(node, yaml.ScalarNode)
        and not node.style  # plain (unquoted): None from PyYAML, "" from libyaml
        and node.tag == "tag:yaml.org,2002:str"
        and _YAML11_BOOLS.match(node.value)
    ):
        raise StrictYamlError(
            node.start_mark.line + 1,
            f"ambiguous value '{node.value}' (YAML 1.1 reads it as a boolean); "
            "write true/false, or quote it if you mean text",
        )


def _record_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, key_node.value)
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines)
            lines[child] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*path, index), lines)


class LoadedYaml:
    """Parsed data plus a map from data paths to source lines."""

    def __init__(self, path: Path, data: Any, lines: dict[KeyPath, int]):
        self.path = path
        self.data = data
        self.lines = lines

    def line_of(self, path: KeyPath) -> int:
        """The line of the deepest recorded prefix of `path` (1 if nothing matches)."""
        for cut in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:cut]))
            if line is not None:
                return line
        return 1


def read_yaml(path: Path, display: str) -> LoadedYaml:
    """Read one YAML file strictly; a problem raises YamlFileError carrying its KbError (file:line)."""
    text = path.read_text(encoding="utf-8")
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise StrictYamlError(1, "the file is empty")
        _check_node(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlFileError(KbError(display, line, f"YAML syntax error: {exc.problem or exc}")) from exc
    except StrictYamlError as exc:
        raise YamlFileError(KbError(display, exc.line, str(exc))) from exc
    finally:
        loader.dispose()
    lines: dict[KeyPath, int] = {}
    _record_lines(node, (), lines)
    return LoadedYaml(path, data, lines)


class YamlFileError(Exception):
    def __init__(self, error: KbError):
        self.error = error
        super().__init__(str(error))
