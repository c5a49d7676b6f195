"""A memo bounded in size, for results worked out from what users type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


class BoundedMemo(Generic[_Key, _Value]):
    """Results remembered by key, emptied when full: the keys come from what users type, unbounded."""

    def __init__(self, size: int):
        self._size = size
        self._items: dict[_Key, _Value] = {}

    def get(self, key: _Key, compute: Callable[[], _Value]) -> _Value:
        if key not in self._items:
            if len(self._items) >= self._size:
                self._items.clear()
            self._items[key] = compute()
        return self._items[key]

    def clear(self) -> None:
        self._items.clear()
