"""Closed schema of a dialog file (`dialogs/<name>.yaml`).

Structure only: conditions are parsed and checked by `conditions.py` (so their errors can
name the exact operator), templates by `templates.py`, the graph by `graph.py`.
Staff guide with an example: dialogs/README.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bot.kb.schema import CiteRef, Slug, Text

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=24)]
StepId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=20)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=30)]
Condition = dict[str, Any]  # checked by bot.engine.conditions


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Transition(Closed):
    when: Condition | None = None  # the last transition has no `when`: it is the default
    goto: StepId


class ChoiceSpec(Closed):
    value: Slug
    label: ShortText
    goto: StepId | None = None  # overrides the step's `next`
    unknown: bool = False  # "不确定": the answer is recorded as unknown (❔), not as a value


class ChoicesFromTable(Closed):
    """Buttons built from a rules table: one per row key, labelled by a text column."""

    table: Slug
    label: Slug


class InputSpec(Closed):
    type: Literal["integer", "number", "date", "text"]
    min: int | float | str | None = None  # dates: "YYYY-MM-DD"
    max: int | float | str | None = None
    hint: Text  # said when a typed answer does not fit, before the question is asked again
    unit: Text | None = None
    unknown_label: ShortText | None = None  # a button recording "don't know" (❔)


class Item(Closed):
    text: Text  # template
    when: Condition | None = None


ItemOrText = Item | Text


class CheckRef(Closed):
    id: Slug
    when: Condition | None = None


class StepSpec(Closed):
    id: StepId
    # question steps
    title: ShortText | None = None  # short name in the 修改 list
    ask: Text | None = None  # template
    var: Name | None = None
    choices: list[ChoiceSpec] = Field(default_factory=list)
    choices_from: ChoicesFromTable | None = None
    input: InputSpec | None = None
    next: StepId | list[Transition] | None = None
    depends_on: list[Name] = Field(default_factory=list)  # changing these clears this answer
    # outcome steps
    end: bool = False
    headline: Text | None = None  # template
    checks: list[Slug | CheckRef] = Field(default_factory=list)
    verdict: list[ItemOrText] = Field(default_factory=list)
    may: list[ItemOrText] = Field(default_factory=list)
    may_not: list[ItemOrText] = Field(default_factory=list)
    next_steps: list[ItemOrText] = Field(default_factory=list)
    notes: list[ItemOrText] = Field(default_factory=list)
    cites: list[CiteRef] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)  # FAQ entry ids offered as buttons
    show_rules: bool = False  # list every rule value used, with its citation and dates


class LookupSpec(Closed):
    """A named value read from a rules table: row `key` (a variable's value or a fixed key)."""

    name: Name
    table: Slug
    column: (
        Slug | Literal["valid_from", "valid_until"]
    )  # a declared column, or valid_from / valid_until (the row's dates, whatever today is)
    key: Name | None = None  # variable holding the row key
    row: Slug | None = None  # …or a fixed row key
    dated_by: Name | None = None  # date variable choosing the dated row; default: today
    cited: bool = True  # false for lookups that only name things (labels), so the footer lists rules only


class ComputeSpec(Closed):
    """A named calculator in bot/engine/calculators.py; inputs map its parameters to variables."""

    calculator: Slug
    inputs: dict[Name, Name]
    outputs: list[Name] = Field(min_length=1)


class ConditionSpec(Closed):
    id: Slug
    label: Text  # template: the condition as the user should read it
    test: Condition
    cite: CiteRef  # the clause that states the condition
    cite_from: Name | None = None  # a lookup: cite the rule row it read instead (more precise), if any
    ask: StepId | None = None  # the step to (re)ask when it is unknown; default: its variable's step
    faq: Slug | None = None  # an FAQ entry explaining the condition, offered when it is unknown


class DialogSpec(Closed):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]*$", max_length=12)]
    command: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)]
    title: ShortText
    menu_order: int
    summary: Text
    region: Text | None = None
    lookups: list[LookupSpec] = Field(default_factory=list)
    compute: list[ComputeSpec] = Field(default_factory=list)
    conditions: list[ConditionSpec] = Field(default_factory=list)
    steps: list[StepSpec] = Field(min_length=2)
