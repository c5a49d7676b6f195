"""The template sandbox every staff-written template runs in (answers, dialogs, lexicon phrases,
the category catalogue): immutable, autoescaping, `StrictUndefined`, no globals, no attribute
filters, and private attributes rejected when a template is checked."""

from __future__ import annotations

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered; `line` is relative to the template."""

    def __init__(self, message: str, line: int = 1):
        self.line = line
        super().__init__(message)


def environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)
    env.globals.clear()
    env.filters = {k: v for k, v in env.filters.items() if k not in ("attr", "map", "xmlattr")}
    return env


def private_access(tree: nodes.Template) -> str | None:
    """Name of the first private/dunder attribute a template reaches for, if any."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = node.attr if isinstance(node, nodes.Getattr) else getattr(getattr(node, "arg", None), "value", None)
        if isinstance(name, str) and name.startswith("_"):
            return name
    return None
