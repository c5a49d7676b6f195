"""The benchmarks still run (tiny sizes, figures not asserted): `make bench` must not rot unseen."""

from __future__ import annotations

from bench import updates

TINY = (("no network: one update at a time", 0.0, 4, 1, "one at a time"), ("closed loop", 0.0, 4, 2, "closed"))


def test_the_update_scenarios_and_the_echo_comparison_run_on_a_tiny_feeding():
    lines = updates.run(count=6, rounds=1, scenarios=TINY)
    assert any("updates/s" in line for line in lines), lines
    assert any("×" in line for line in lines), lines
