"""A loaded, checked dialog: what the step function and the preview work on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.engine.conditions import Cond, VarInfo
from bot.engine.spec import ComputeSpec, InputSpec, LookupSpec
from bot.engine.templates import Templates
from bot.kb.catalogue import Catalogue
from bot.kb.model import KnowledgeBase
from bot.kb.rules import RuleBook


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    goto: str | None = None
    unknown: bool = False


@dataclass(frozen=True)
class Item:
    text: str  # template source
    when: Cond | None = None


@dataclass(frozen=True)
class CheckUse:
    id: str
    when: Cond | None = None


@dataclass(frozen=True)
class NamedCondition:
    id: str
    label: str  # template source
    test: Cond
    cite: str
    ask: str | None  # step to ask when the condition is unknown
    cite_from: str | None = None  # lookup whose rule row is the more precise citation
    faq: str | None = None  # FAQ entry offered when the condition is unknown


@dataclass(frozen=True)
class Step:
    id: str
    line: int
    title: str | None = None
    ask: str | None = None
    var: str | None = None
    choices: tuple[Choice, ...] = ()
    input: InputSpec | None = None
    transitions: tuple[tuple[Cond | None, str], ...] = ()
    depends_on: tuple[str, ...] = ()
    end: bool = False
    headline: str | None = None
    checks: tuple[CheckUse, ...] = ()
    sections: Mapping[str, tuple[Item, ...]] = field(default_factory=dict)  # verdict, may, may_not …
    cites: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # FAQ entry ids
    show_rules: bool = False

    def targets(self) -> list[str]:
        return list(dict.fromkeys([*(c.goto for c in self.choices if c.goto), *(t for _, t in self.transitions)]))

    def choice(self, value: str | None) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Dialog:
    id: str
    command: str
    title: str
    menu_order: int
    summary: str
    region: str | None
    steps: Mapping[str, Step]
    start: str
    lookups: tuple[LookupSpec, ...]
    compute: tuple[ComputeSpec, ...]
    conditions: Mapping[str, NamedCondition]
    variables: Mapping[str, VarInfo]
    var_step: Mapping[str, str]  # variable → the step that asks it
    path: str


@dataclass(frozen=True)
class DialogBook:
    """Every dialog, checked against one knowledge version."""

    dialogs: Mapping[str, Dialog]
    kb: KnowledgeBase
    rules: RuleBook
    templates: Templates
    catalogue: Catalogue = field(default_factory=Catalogue)

    def by_command(self, command: str) -> Dialog | None:
        return next((d for d in self.dialogs.values() if d.command == command), None)

    def ordered(self) -> list[Dialog]:
        return sorted(self.dialogs.values(), key=lambda d: (d.menu_order, d.id))
