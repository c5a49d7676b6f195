"""Generate bot/data/words.txt: jieba's dictionary words common enough to matter (freq ≥ 100),
each with its frequency and part of speech ("word freq pos").

The matcher segments with a small in-memory dictionary (these words plus the knowledge's own
terms), and the part of speech tells a topic (落户, a noun) from the way a question is put
(当成, a verb; 何种, a pronoun). Reading and filtering jieba's 5 MB dict.txt at every start-up cost ~0.4 s, so the
filtered list is generated once. Run `python tools/gen_words.py` after upgrading jieba.
"""

from __future__ import annotations

import os
from pathlib import Path

import jieba

MIN_FREQ = 100


def main() -> None:
    source = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    rows = []
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 3 and int(parts[1]) >= MIN_FREQ:
            rows.append(f"{parts[0]} {parts[1]} {parts[2]}")
    target = Path(__file__).resolve().parent.parent / "bot" / "data" / "words.txt"
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} words to {target}")


if __name__ == "__main__":
    main()
