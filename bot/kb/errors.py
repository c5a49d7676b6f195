"""Error type shared by every knowledge check: always `file:line: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class KbError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class KbLoadFailed(Exception):
    """Raised when knowledge cannot be loaded; carries every error found, not just the first."""

    def __init__(self, errors: list[KbError]):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(e) for e in self.errors[:50]))
