"""Generate bot/data/words.txt: jieba's dictionary words common enough to matter (freq ≥ 100),
each with its frequency and part of speech ("word freq pos").

The matcher segments with a small in-memory dictionary (these words plus the knowledge's own
terms), and the part of speech tells a topic (落户, a noun) from the way a question is put
(当成, a verb; 何种, a pronoun). Reading and filtering jieba's 5 MB dict.txt at every start-up cost ~0.4 s, so the
filtered list is generated once. Run `python tools/gen_words.py` after upgrading jieba.

It also writes bot/data/rare_words.txt: the short words (2–4 characters) less common than that
but still real (freq ≥ 20), one per line. They are not used to segment; they only keep the
homophone-typo correction (bot.text) from "correcting" a real word (启事, 幼师).
"""

from __future__ import annotations

import os
from pathlib import Path

import jieba

MIN_FREQ = 100
MIN_RARE_FREQ = 20


def main() -> None:
    source = Path(os.path.dirname(jieba.__file__)) / "dict.txt"
    rows, rare = [], []
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 3 and int(parts[1]) >= MIN_FREQ:
            rows.append(f"{parts[0]} {parts[1]} {parts[2]}")
        elif len(parts) >= 3 and int(parts[1]) >= MIN_RARE_FREQ and 2 <= len(parts[0]) <= 4:
            rare.append(parts[0])
    data = Path(__file__).resolve().parent.parent / "bot" / "data"
    (data / "words.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (data / "rare_words.txt").write_text("\n".join(rare) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} words and {len(rare)} rare words to {data}")


if __name__ == "__main__":
    main()
