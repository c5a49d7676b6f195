"""The template sandbox every staff-written template runs in (answers, dialogs, lexicon phrases,
the category catalogue): immutable, autoescaping, `StrictUndefined`, no globals, no attribute
filters, and private attributes rejected when a template is checked."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bot.kb.errors import KbError


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


def compile_replies(
    replies: Mapping[str, str], display: str, line_of: Callable[[str], int], errors: list[KbError]
) -> dict[str, Template]:
    """A section file's reply templates (`replies.<kind>`), compiled in the sandbox; a syntax error
    or a reach for a private attribute becomes a file:line error and leaves that template out."""
    env = environment()
    templates: dict[str, Template] = {}
    for kind, source in replies.items():
        line = line_of(kind)
        try:
            private = private_access(env.parse(source))
            if private:
                errors.append(
                    KbError(
                        display, line, f"replies.{kind} reaches for '{private}': private attributes are not allowed"
                    )
                )
                continue
            templates[kind] = env.from_string(source)
        except TemplateSyntaxError as exc:
            errors.append(
                KbError(display, line + (exc.lineno or 1), f"replies.{kind}: template syntax error: {exc.message}")
            )
    return templates
