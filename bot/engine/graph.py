"""Graph checks of a dialog: every step reachable from the first, an outcome reachable from every step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def closure(start: Iterable[str], edges: Mapping[str, Iterable[str]]) -> set[str]:
    """Every node reachable from `start` (inclusive) along `edges`."""
    seen = set(start)
    todo = list(seen)
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def unreachable(first: str, edges: Mapping[str, list[str]]) -> list[str]:
    reached = closure([first], edges)
    return [node for node in edges if node not in reached]


def dead_ends(ends: list[str], edges: Mapping[str, list[str]]) -> list[str]:
    """Steps from which no outcome can be reached (a loop with no way out, or a missing end)."""
    reverse: dict[str, list[str]] = {node: [] for node in edges}
    for node, targets in edges.items():
        for target in targets:
            reverse.setdefault(target, []).append(node)
    finishing = closure(ends, reverse)
    return [node for node in edges if node not in finishing]
