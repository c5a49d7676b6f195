"""`knowledge/lexicon/profile.yaml`: who may ask (audiences) and which regions there are, with labels.

The profile question offers these roles and regions, the main menu names the user's role, the
scope notes and near-miss replies name a region by its label (浙江省, 某市（文件未写明城市名）),
`kb check` renders every answer for every audience and region listed here, and `qualbot ask
--audience` accepts these ids. Data, so staff add a region or reword a label without Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from pydantic import Field

from bot.kb.errors import KbError
from bot.kb.schema import Audience, IsoDate, Slug, Strict, Text
from bot.kb.validate import display_path, read_validated

FILE = Path("lexicon") / "profile.yaml"
UNSET = "未设置"


class AudienceSpec(Strict):
    id: Audience
    label: Text


class RegionSpec(Strict):
    name: Text
    label: Text | None = None  # how replies name it (浙江省); default: the name
    scope_label: Text | None = None  # how a scope note names it; default: the label
    offered: bool = False  # a choice of the profile question


class ProfileSpec(Strict):
    id: Slug
    last_reviewed: IsoDate
    audiences: list[AudienceSpec] = Field(min_length=1)
    regions: list[RegionSpec] = Field(min_length=1)


@dataclass(frozen=True)
class ProfileWords:
    """Audiences (id → label, in order) and regions (in order) with their labels."""

    audiences: Mapping[str, str] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    offered_regions: tuple[str, ...] = ()
    labels: Mapping[str, str] = field(default_factory=dict)
    scope_labels: Mapping[str, str] = field(default_factory=dict)

    def audience_label(self, audience: str | None) -> str:
        return self.audiences.get(audience or "", UNSET)

    def region_label(self, region: str) -> str:
        return self.labels.get(region, region)

    def scope_label(self, region: str) -> str:
        return self.scope_labels.get(region, self.region_label(region))


def read_profile_words(root: Path, errors: list[KbError]) -> ProfileWords:
    """The vocabulary in `root`; an absent file means none (problems are appended to `errors`)."""
    path = Path(root) / FILE
    if not path.exists():
        return ProfileWords()
    display = display_path(Path(root), path)
    result = read_validated(path, display, ProfileSpec, errors)
    if result is None:
        return ProfileWords()
    loaded, spec = result
    for key, names in (("audiences", [a.id for a in spec.audiences]), ("regions", [r.name for r in spec.regions])):
        for index, name in enumerate(names):
            if name in names[:index]:
                errors.append(KbError(display, loaded.line_of((key, index)), f"'{name}' is listed twice"))
    labels = {r.name: r.label or r.name for r in spec.regions}
    return ProfileWords(
        audiences=MappingProxyType({a.id: a.label for a in spec.audiences}),
        regions=tuple(dict.fromkeys(r.name for r in spec.regions)),
        offered_regions=tuple(dict.fromkeys(r.name for r in spec.regions if r.offered)),
        labels=MappingProxyType(labels),
        scope_labels=MappingProxyType({r.name: r.scope_label or labels[r.name] for r in spec.regions}),
    )
