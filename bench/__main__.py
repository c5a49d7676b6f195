"""`python -m bench` — prints every benchmark table (figures only; nothing here is asserted)."""

from __future__ import annotations

from bench import ask, cluster, process, storage, updates


def main() -> None:
    for table in (ask.run, updates.run, process.run, storage.run, cluster.run):
        for line in table():
            print(line, flush=True)
        print(flush=True)


if __name__ == "__main__":
    main()
