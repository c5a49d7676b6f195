"""Calibrated confidence: the thresholds that make a confident answer right ≥ 99 % of the time.

`calibrated_policy()` reads the thresholds that `qualbot calibrate` (bot.calibrate) fitted
on held-out data and wrote to `bot/data/calibration.json`; without that file the defaults
of ResolvePolicy apply.
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.resolve import ResolvePolicy

CALIBRATION_FILE = Path(__file__).parent / "data" / "calibration.json"


@lru_cache(maxsize=1)
def calibrated_policy() -> ResolvePolicy:
    if not CALIBRATION_FILE.exists():
        return ResolvePolicy()
    data = json.loads(CALIBRATION_FILE.read_text(encoding="utf-8"))
    known = {f.name for f in fields(ResolvePolicy)}
    values: dict[str, Any] = {k: float(v) for k, v in data.get("policy", {}).items() if k in known}
    return ResolvePolicy(**values)
