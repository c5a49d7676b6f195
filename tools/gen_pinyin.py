"""Generate bot/data/pinyin.tsv from pypinyin: one CJK character and its commonest reading (no tone).

Run `python tools/gen_pinyin.py` after upgrading pypinyin. The table is generated once rather
than importing pypinyin at run time because its import costs ~0.4 s of the bot's start-up.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pypinyin.pinyin_dict import pinyin_dict


def toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ü", "v")


def main() -> None:
    rows = []
    for code in range(0x4E00, 0xA000):
        readings = pinyin_dict.get(code)
        if readings:
            rows.append(f"{chr(code)}\t{toneless(readings.split(',')[0])}")
    target = Path(__file__).resolve().parent.parent / "bot" / "data" / "pinyin.tsv"
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} characters to {target}")


if __name__ == "__main__":
    main()
