"""`python -m bench` — prints every benchmark table."""

from __future__ import annotations

from bench import ask


def main() -> None:
    for line in ask.run():
        print(line, flush=True)


if __name__ == "__main__":
    main()
