"""Golden questions: real phrasings keep reaching the right entry, and the eval sets keep their scores."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import yaml

from bot.evaluation import judge
from bot.settings import PROJECT_ROOT
from tests.support import TODAY

GOLDEN = PROJECT_ROOT / "tests" / "golden"
SHARED_DEV = PROJECT_ROOT.parent / "shared" / "eval" / "questions.dev.jsonl"


def _phrasings() -> list[dict]:
    return yaml.safe_load((GOLDEN / "phrasings.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("row", _phrasings(), ids=lambda row: row["q"])
def test_golden_phrasing_reaches_its_entry_or_is_declined(assistant, row):
    reply = assistant.ask(row["q"])
    if row["entry"] == "none":
        assert reply.outcome == "declined", (reply.entry_id, reply.score)
    else:
        assert (reply.outcome, reply.entry_id) == ("answered", row["entry"])


def _score(assistant, path: Path, out_of_scope_never_answered: bool = False) -> tuple[float, list[str]]:
    """As `qualbot eval` scores: a line with "after" is asked in the same conversation."""
    from bot.evaluation import conversations

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    failures = []
    for conversation in conversations(records):
        session: dict = {}
        for record in conversation:
            reply = assistant.ask(record["q"], assistant.context(audience=record.get("audience")), session)
            verdict = judge(record, reply.plain_text)
            if not verdict.passed:
                failures.append(f"{record['id']} {record['q']}: {verdict.why}")
            if out_of_scope_never_answered and not record["answerable"]:
                assert reply.outcome != "answered", f"out-of-scope {record['id']} was answered with {reply.entry_id}"
    return 100.0 * (len(records) - len(failures)) / len(records), failures


@pytest.mark.skipif(not SHARED_DEV.exists(), reason="../shared/eval is not beside the checkout")
def test_the_development_set_scores_at_least_95_percent(assistant):
    score, failures = _score(assistant, SHARED_DEV, out_of_scope_never_answered=True)
    assert score >= 95.0, failures


def test_the_independent_held_out_set_does_not_regress(assistant):
    score, failures = _score(assistant, GOLDEN / "heldout.jsonl", out_of_scope_never_answered=True)
    assert score >= 85.0, failures


SHARED_REALISTIC = PROJECT_ROOT.parent / "shared" / "eval" / "questions.realistic.dev.jsonl"


@pytest.mark.skipif(not SHARED_REALISTIC.exists(), reason="../shared/eval is not beside the checkout")
def test_the_realistic_development_set_does_not_regress(assistant):
    score, failures = _score(assistant, SHARED_REALISTIC)
    assert score >= 90.0, failures


# Each set's floor (per cent): a floor, not a target.
BLIND_FLOORS = [
    ("realistic_heldout2", 75.0),
    ("realistic_heldout6", 75.0),
    ("realistic_heldout7", 75.0),
    ("realistic_heldout8", 75.0),
    ("realistic_heldout9", 75.0),
    ("realistic_heldout10", 70.0),  # employers and older workers: 73.8 % at its first run
    ("realistic_heldout11", 75.0),
    ("realistic_heldout12", 75.0),
    ("realistic_heldout13", 75.0),
    ("realistic_heldout14", 75.0),  # new on 2026-12-01: 87.5 % at its first run
    ("realistic_heldout15", 75.0),  # voice-typed messages: 80.0 % at its first run
    ("realistic_heldout16", 75.0),  # 92.5 % at its first run
    ("realistic_heldout17", 75.0),  # sets 17–20 (60 each): 83.3, 81.7, 80.0, 86.7 % at their first runs
    ("realistic_heldout18", 75.0),
    ("realistic_heldout19", 75.0),
    ("realistic_heldout20", 75.0),
    ("realistic_heldout21", 75.0),  # sets 21–24 (60 each): 81.7, 85.0, 83.3, 90.0 % at their first runs
    ("realistic_heldout22", 75.0),
    ("realistic_heldout23", 75.0),
    ("realistic_heldout24", 75.0),
    ("realistic_heldout25", 75.0),  # sets 25–28 (60 each): 80.0, 80.0, 81.7, 86.7 % at their first runs
    ("realistic_heldout26", 75.0),
    ("realistic_heldout27", 75.0),
    ("realistic_heldout28", 75.0),
    ("realistic_heldout29", 75.0),  # sets 29–32 (60 each): 86.7, 75.0, 78.3, 86.7 % at their first runs
    ("realistic_heldout30", 70.0),
    ("realistic_heldout31", 70.0),
    ("realistic_heldout32", 75.0),
    ("realistic_heldout33", 75.0),  # sets 33–36 (60 each): 86.7, 90.0, 83.3, 93.3 % at their first runs
    ("realistic_heldout34", 75.0),
    ("realistic_heldout35", 75.0),
    ("realistic_heldout36", 75.0),
    ("realistic_heldout37", 75.0),  # sets 37–40 (60 each): 90.0, 83.3, 90.0, 91.7 % at their first runs
    ("realistic_heldout38", 75.0),
    ("realistic_heldout39", 75.0),
    ("realistic_heldout40", 75.0),
    ("realistic_heldout41", 75.0),  # sets 41–44 (60 each): 95.0, 88.3, 86.7, 88.3 % at their first runs
    ("realistic_heldout42", 75.0),
    ("realistic_heldout43", 75.0),
    ("realistic_heldout44", 75.0),
    ("realistic_heldout45", 75.0),  # sets 45–48 (60 each): 86.7, 93.3, 73.3, 70.0 % at their first runs
    ("realistic_heldout46", 75.0),
    ("realistic_heldout47", 70.0),
    ("realistic_heldout48", 65.0),  # blind
    ("realistic_heldout49", 75.0),  # sets 49–54 (60 each): 85.0, 86.7, 91.7, 93.3, 75.0, 90.0 % at their first runs
    ("realistic_heldout50", 75.0),
    ("realistic_heldout51", 80.0),
    ("realistic_heldout52", 80.0),  # blind
    ("realistic_heldout53", 65.0),
    ("realistic_heldout54", 80.0),
    ("realistic_heldout55", 75.0),  # sets 55–57 (60 each): 83.3, 88.3, 88.3 % at their first runs
    ("realistic_heldout56", 80.0),
    ("realistic_heldout57", 75.0),  # blind
    ("realistic_heldout58", 80.0),  # sets 58–60 (60 each): 86.7, 85.0, 85.0 % at their first runs
    ("realistic_heldout59", 75.0),
    ("realistic_heldout60", 75.0),  # blind
    ("realistic_heldout61", 80.0),  # sets 61–63 (60 each): 85.0, 83.3, 86.7 % at their first runs
    ("realistic_heldout62", 80.0),
    ("realistic_heldout63", 80.0),  # blind
    ("realistic_heldout64", 80.0),  # blind; sets 64–65 (60 each): 86.7, 90.0 % at their first runs
    ("realistic_heldout65", 80.0),  # blind
    ("realistic_heldout66", 85.0),  # sets 66–69 (60 each): 93.3, 90.0, 95.0, 93.3 % at their first runs
    ("realistic_heldout67", 85.0),
    ("realistic_heldout68", 85.0),  # blind
    ("realistic_heldout69", 85.0),  # blind
    ("realistic_heldout70", 85.0),  # sets 70–73 (60 each): 90.0, 86.7, 90.0, 95.0 % at their first runs
    ("realistic_heldout71", 80.0),
    ("realistic_heldout72", 85.0),  # blind
    ("realistic_heldout73", 85.0),  # blind
    ("realistic_heldout74", 85.0),  # sets 74–77 (60 each): 95.0, 93.3, 96.7, 81.7 % at their first runs
    ("realistic_heldout75", 85.0),
    ("realistic_heldout76", 85.0),  # blind
    ("realistic_heldout77", 75.0),  # blind
    ("realistic_heldout78", 75.0),  # sets 78–79 (60 each): 81.7, 95.0 % at their first runs
    ("realistic_heldout79", 85.0),
    ("realistic_heldout80", 85.0),  # sets 80–81 (60 each): 96.7, 78.3 % at their first runs
    ("realistic_heldout81", 70.0),
    ("realistic_heldout82", 85.0),  # blind; sets 82–83 (60 each): 96.7, 90.0 % with the session's final code
    ("realistic_heldout83", 80.0),  # blind
    ("realistic_heldout84", 85.0),  # sets 84–89 (60 each): 96.7, 90.0, 96.7, 91.7, 90.0, 91.7 % with the
    ("realistic_heldout85", 80.0),  # fourteenth session's starting code
    ("realistic_heldout86", 85.0),  # blind
    ("realistic_heldout87", 80.0),  # blind
    ("realistic_heldout88", 80.0),
    ("realistic_heldout89", 80.0),
    ("realistic_heldout90", 85.0),  # blind; sets 90–91 (60 each): 96.7, 96.7 % with the session's starting code
    ("realistic_heldout91", 85.0),  # blind
    ("realistic_heldout92", 85.0),  # sets 92–95 (60 each): 96.7, 86.7, 93.3, 91.7 % with the fifteenth
    ("realistic_heldout93", 80.0),  # session's starting code
    ("realistic_heldout94", 85.0),  # blind
    ("realistic_heldout95", 85.0),  # blind
    ("realistic_heldout96", 85.0),  # blind; sets 96–97 (60 each): 96.7, 91.7 % with the session's starting code
    ("realistic_heldout97", 85.0),  # blind
    ("realistic_heldout98", 85.0),  # sets 98–101 (60 each): 91.7, 91.7, 95.0, 95.0 % with the sixteenth
    ("realistic_heldout99", 85.0),  # session's starting code
    ("realistic_heldout100", 85.0),  # blind
    ("realistic_heldout101", 85.0),  # blind
    ("realistic_heldout102", 85.0),  # sets 102–105 (60 each): 98.3, 88.3, 95.0, 90.0 % with the sixteenth
    ("realistic_heldout103", 85.0),  # session's starting code
    ("realistic_heldout104", 85.0),  # blind
    ("realistic_heldout105", 85.0),  # blind
    ("realistic_heldout106", 85.0),  # sets 106–107 (60 each): 90.0, 91.7 % with the sixteenth session's
    ("realistic_heldout107", 85.0),  # starting code
    ("realistic_heldout108", 80.0),  # sets 108–111 (60 each): 85.0, 88.3, 96.7, 95.0 % with the seventeenth
    ("realistic_heldout109", 85.0),  # session's starting code
    ("realistic_heldout110", 85.0),  # blind
    ("realistic_heldout111", 85.0),  # blind
    ("realistic_heldout112", 85.0),  # blind; sets 112–115 (60 each): 98.3, 98.3, 81.7, 93.3 % with the
    ("realistic_heldout113", 85.0),  # blind; seventeenth session's starting code
    ("realistic_heldout114", 75.0),
    ("realistic_heldout115", 85.0),
    ("realistic_heldout116", 85.0),  # blind; sets 116–117 (60 each): 98.3, 86.7 % with the seventeenth
    ("realistic_heldout117", 80.0),  # blind; session's final code (and its starting code)
    ("realistic_heldout118", 85.0),  # sets 118–121 (60 each): 93.3, 86.7, 96.7, 91.7 % with the eighteenth
    ("realistic_heldout119", 85.0),  # session's starting code
    ("realistic_heldout120", 85.0),  # blind
    ("realistic_heldout121", 85.0),  # blind
    ("realistic_heldout122", 80.0),  # blind; sets 122–123 (60 each): 86.7, 86.7 % with the eighteenth
    ("realistic_heldout123", 80.0),  # blind; session's final code (and its starting code)
    ("realistic_heldout124", 85.0),  # sets 124–127 (60 each): 93.3, 91.7, 98.3, 93.3 % with the nineteenth
    ("realistic_heldout125", 85.0),  # session's starting code
    ("realistic_heldout126", 90.0),  # blind
    ("realistic_heldout127", 85.0),  # blind
    ("realistic_heldout128", 85.0),  # sets 128–131 (60 each): 93.3, 96.7, 95.0, 95.0 % with the twentieth
    ("realistic_heldout129", 90.0),  # session's starting code
    ("realistic_heldout130", 85.0),  # blind
    ("realistic_heldout131", 85.0),  # blind
    ("realistic_heldout132", 85.0),  # blind; sets 132–133 (60 each): 91.7, 93.3 % with the twentieth
    ("realistic_heldout133", 85.0),  # blind; session's starting code (and its final code)
    ("realistic_heldout134", 90.0),  # sets 134–137 (60 each): 98.3, 91.7, 95.0, 93.3 % with the twenty-first
    ("realistic_heldout135", 85.0),  # session's starting code
    ("realistic_heldout136", 85.0),  # blind
    ("realistic_heldout137", 85.0),  # blind
    ("realistic_heldout138", 90.0),  # blind; sets 138–139 (60 each): 96.7, 90.0 % with the twenty-first
    ("realistic_heldout139", 85.0),  # blind; session's starting code (and its code at dd4c259)
    ("realistic_heldout140", 85.0),  # sets 140–143 (60 each): 93.3, 86.7, 93.3, 88.3 % with the twenty-second
    ("realistic_heldout141", 80.0),  # session's starting code
    ("realistic_heldout142", 85.0),  # blind
    ("realistic_heldout143", 80.0),  # blind
    ("realistic_heldout144", 90.0),  # sets 144–147 (60 each): 96.7, 93.3, 96.7, 81.7 % with the twenty-second
    ("realistic_heldout145", 85.0),  # session's starting code
    ("realistic_heldout146", 90.0),  # blind
    ("realistic_heldout147", 75.0),  # blind
    ("realistic_heldout148", 90.0),  # sets 148–149 (60 each): 98.3, 88.3 % with the twenty-second
    ("realistic_heldout149", 80.0),  # session's starting code
    ("realistic_heldout150", 85.0),  # sets 150–155 (60 each): 90.0, 95.0, 93.3, 83.3, 86.7, 83.3 % with the
    ("realistic_heldout151", 90.0),  # blind; twenty-third session's starting code
    ("realistic_heldout152", 85.0),
    ("realistic_heldout153", 75.0),  # blind
    ("realistic_heldout154", 80.0),
    ("realistic_heldout155", 75.0),  # blind
    ("realistic_heldout156", 75.0),  # sets 156–161 (60 each): 83.3, 88.3, 91.7, 90.0, 76.7, 93.3 % with the
    ("realistic_heldout157", 80.0),  # blind; twenty-fourth session's starting code
    ("realistic_heldout158", 85.0),
    ("realistic_heldout159", 85.0),  # blind
    ("realistic_heldout160", 70.0),
    ("realistic_heldout161", 85.0),  # blind
    ("realistic_heldout162", 85.0),  # sets 162–169 (60 each): 90.0, 90.0, 95.0, 85.0, 98.3, 85.0, 88.3, 98.3 %
    ("realistic_heldout163", 80.0),  # blind; with the twenty-fifth session's starting code
    ("realistic_heldout164", 85.0),
    ("realistic_heldout165", 75.0),  # blind
    ("realistic_heldout166", 90.0),
    ("realistic_heldout167", 75.0),  # blind
    ("realistic_heldout168", 80.0),
    ("realistic_heldout169", 85.0),  # blind
    ("realistic_heldout170", 85.0),  # sets 170–171 (60 each): 93.3, 93.3 % with the twenty-fifth
    ("realistic_heldout171", 85.0),  # session's starting code; both blind
    ("realistic_heldout172", 90.0),  # sets 172–175 (60 each): 96.7, 93.3, 96.7, 91.7 % with the
    ("realistic_heldout173", 85.0),  # blind; twenty-sixth session's starting code
    ("realistic_heldout174", 90.0),
    ("realistic_heldout175", 85.0),  # blind
    ("realistic_heldout176", 90.0),  # sets 176–179 (60 each): 96.7, 100.0, 88.3, 95.0 % with the
    ("realistic_heldout177", 95.0),  # blind; twenty-seventh session's starting code
    ("realistic_heldout178", 85.0),
    ("realistic_heldout179", 90.0),
    ("realistic_heldout180", 90.0),  # sets 180–183 (60 each): 95.0, 91.7, 95.0, 96.7 % with the
    ("realistic_heldout181", 85.0),  # blind; twenty-seventh session's starting code (written mid-session:
    ("realistic_heldout182", 90.0),  # the code of then scored the same)
    ("realistic_heldout183", 90.0),  # blind
    ("realistic_heldout184", 90.0),  # sets 184–187 (60 each): 93.3, 96.7, 93.3, 90.0 % with the
    ("realistic_heldout185", 90.0),  # twenty-eighth session's starting code; 184 and 186 blind
    ("realistic_heldout186", 85.0),  # blind
    ("realistic_heldout187", 85.0),
    ("realistic_heldout188", 90.0),  # sets 188–191 (60 each): 96.7, 96.7, 95.0, 96.7 % with the
    ("realistic_heldout189", 90.0),  # twenty-eighth session's starting code (written mid-session:
    ("realistic_heldout190", 90.0),  # the code of then scored the same); 188 and 189 blind
    ("realistic_heldout191", 90.0),
    ("realistic_heldout192", 90.0),  # sets 192, 193 (60 each, two thirds follow-up pairs): 96.7, 98.3 %
    ("realistic_heldout193", 90.0),  # with the twenty-eighth session's starting code and its end alike
    ("realistic_heldout194", 90.0),  # sets 194–197 (60 each): 96.7, 96.7, 91.7, 98.3 % with the
    ("realistic_heldout195", 90.0),  # twenty-ninth session's starting code; 194 and 196 blind
    ("realistic_heldout196", 85.0),  # blind (two thirds follow-up pairs)
    ("realistic_heldout197", 90.0),
    ("realistic_heldout198", 90.0),  # sets 198–201 (60 each): 98.3, 96.7, 93.3, 98.3 % with the
    ("realistic_heldout199", 90.0),  # twenty-ninth session's starting code (written mid-session);
    ("realistic_heldout200", 85.0),  # blind; 198 and 200 blind
    ("realistic_heldout201", 90.0),
    ("realistic_heldout202", 85.0),  # sets 202–205 (60 each): 93.3, 98.3, 98.3, 95.0 % with the
    ("realistic_heldout203", 90.0),  # thirtieth session's starting code; 202 and 204 blind
    ("realistic_heldout204", 90.0),
    ("realistic_heldout205", 90.0),
    ("realistic_heldout206", 90.0),  # sets 206–209 (60 each): 95.0, 90.0, 91.7, 93.3 % with the
    ("realistic_heldout207", 85.0),  # thirtieth session's starting code (written mid-session);
    ("realistic_heldout208", 85.0),  # 206 and 208 blind
    ("realistic_heldout209", 85.0),
    ("realistic_heldout210", 90.0),  # sets 210–213 (60 each): 100, 96.7, 100, 90.0 % with the
    ("realistic_heldout211", 90.0),  # thirty-first session's starting code; 210 and 212 blind
    ("realistic_heldout212", 90.0),
    ("realistic_heldout213", 85.0),
    ("realistic_heldout214", 85.0),  # sets 214–217 (60 each): 93.3, 96.7, 100, 91.7 % with the
    ("realistic_heldout215", 90.0),  # thirty-first session's code of then (written mid-session);
    ("realistic_heldout216", 90.0),  # 214 and 216 blind
    ("realistic_heldout217", 85.0),
    ("realistic_heldout218", 90.0),  # sets 218–221 (60 each): 96.7, 96.7, 100, 100 % with the
    ("realistic_heldout219", 90.0),  # thirty-second session's starting code; 218 and 220 blind
    ("realistic_heldout220", 90.0),
    ("realistic_heldout221", 90.0),
    ("realistic_heldout222", 90.0),  # sets 222–225 (60 each): 98.3, 93.3, 93.3, 90.0 % with the
    ("realistic_heldout223", 85.0),  # thirty-second session's code of then (written mid-session);
    ("realistic_heldout224", 85.0),  # 222 and 224 blind
    ("realistic_heldout225", 85.0),
    ("realistic_heldout226", 90.0),  # sets 226–229 (60 each): 96.7, 98.3, 91.7, 91.7 % with the
    ("realistic_heldout227", 90.0),  # thirty-second session's code of then (written mid-session);
    ("realistic_heldout228", 85.0),  # 226 and 228 blind
    ("realistic_heldout229", 85.0),
    ("realistic_heldout230", 90.0),  # sets 230–233 (60 each): 96.7, 98.3, 93.3, 96.7 % with the
    ("realistic_heldout231", 90.0),  # thirty-third session's starting code; 230 and 232 blind
    ("realistic_heldout232", 85.0),
    ("realistic_heldout233", 90.0),
    ("realistic_heldout234", 85.0),  # sets 234–237 (60 each): 90.0, 98.3, 91.7, 93.3 % with the
    ("realistic_heldout235", 90.0),  # thirty-third session's code of then (written mid-session);
    ("realistic_heldout236", 85.0),  # 234 and 236 blind
    ("realistic_heldout237", 85.0),
    ("realistic_heldout238", 85.0),  # sets 238–241 (60 each): 91.7, 100, 96.7, 90.0 % with the
    ("realistic_heldout239", 90.0),  # thirty-third session's code of then (written later in it);
    ("realistic_heldout240", 90.0),  # 238 and 240 blind
    ("realistic_heldout241", 85.0),
    ("realistic_heldout242", 90.0),  # sets 242–245 (60 each): 95.0, 91.7, 96.7, 100 % with the
    ("realistic_heldout243", 85.0),  # thirty-third session's code of then (written late in it);
    ("realistic_heldout244", 90.0),  # 242 and 244 blind
    ("realistic_heldout245", 90.0),
    ("realistic_heldout246", 85.0),  # sets 246–249 (60 each): 91.7, 98.3, 95.0, 95.0 % with the
    ("realistic_heldout247", 90.0),  # thirty-third session's code of then (written late in it);
    ("realistic_heldout248", 90.0),  # 246 and 248 blind
    ("realistic_heldout249", 90.0),
    ("realistic_heldout250", 90.0),  # sets 250–253 (60 each): 96.7, 90.0, 98.3, 96.7 % with the
    ("realistic_heldout251", 85.0),  # thirty-third session's code of then (written at its end);
    ("realistic_heldout252", 90.0),  # 250 and 252 blind
    ("realistic_heldout253", 90.0),
    ("realistic_heldout254", 90.0),  # sets 254–257 (60 each): 98.3 % each with the thirty-fourth
    ("realistic_heldout255", 90.0),  # session's starting code (14bdb7d); 254 and 256 blind
    ("realistic_heldout256", 90.0),
    ("realistic_heldout257", 90.0),
    ("realistic_heldout258", 85.0),  # sets 258–261 (60 each): 88.3, 95.0, 90.0, 95.0 % with the
    ("realistic_heldout259", 90.0),  # thirty-fourth session's code of then (3549240); 258 and 260
    ("realistic_heldout260", 85.0),  # blind
    ("realistic_heldout261", 90.0),
    ("realistic_heldout262", 90.0),  # sets 262–265 (60 each): 95.0, 93.3, 96.7, 96.7 % with the
    ("realistic_heldout263", 90.0),  # thirty-fourth session's code of then (a327e80); 262 and 264
    ("realistic_heldout264", 90.0),  # blind
    ("realistic_heldout265", 90.0),
    ("realistic_heldout266", 90.0),  # sets 266–269 (60 each): 100.0, 96.7, 96.7, 93.3 % with the
    ("realistic_heldout267", 90.0),  # thirty-fourth session's code of then (14a54de); 266 and 268
    ("realistic_heldout268", 90.0),  # blind
    ("realistic_heldout269", 90.0),
    ("realistic_heldout270", 90.0),  # sets 270–273 (60 each): 96.7, 90.0, 96.7, 100.0 % with the
    ("realistic_heldout271", 85.0),  # thirty-fifth session's starting code (634863a); 270 and 272
    ("realistic_heldout272", 90.0),  # blind
    ("realistic_heldout273", 90.0),
    ("realistic_heldout274", 90.0),  # sets 274, 275 (60 each; weighted to two-part messages and follow-ups,
    ("realistic_heldout275", 80.0),  # and to everyday words): 96.7 and 88.3 % with the code of then (7e71724)
    ("realistic_heldout276", 90.0),  # sets 276–279 (60 each): 96.7, 91.7, 95.0, 98.3 % with the code of
    ("realistic_heldout277", 85.0),  # then (c7a7875; 278 with dccdbf3); 277 and 279 blind
    ("realistic_heldout278", 90.0),
    ("realistic_heldout279", 90.0),
    ("realistic_heldout280", 85.0),  # sets 280–289 (60 each): 90.0, 81.7, 88.3, 93.3, 91.7, 100.0, 93.3,
    ("realistic_heldout281", 90.0),  # 90.0, 98.3, 95.0 % with the thirty-sixth session's starting code
    ("realistic_heldout282", 80.0),  # (1c147a2); 281 (exam dates beside a rule) 95.0 % once both parts
    ("realistic_heldout283", 90.0),  # are answered (e9809e8); 280, 282, 284 and 288 blind
    ("realistic_heldout284", 85.0),
    ("realistic_heldout285", 90.0),
    ("realistic_heldout286", 90.0),
    ("realistic_heldout287", 85.0),
    ("realistic_heldout288", 90.0),
    ("realistic_heldout289", 90.0),
    ("realistic_heldout290", 90.0),  # sets 290–301 (60 each): 100.0, 86.7, 85.0, 98.3, 98.3, 95.0, 88.3,
    ("realistic_heldout291", 80.0),  # 98.3, 86.7, 96.7, 95.0, 95.0 % with the thirty-seventh session's
    ("realistic_heldout292", 80.0),  # starting code (b9bb47e); 290, 292, 294 and 296 blind
    ("realistic_heldout293", 90.0),
    ("realistic_heldout294", 90.0),
    ("realistic_heldout295", 90.0),
    ("realistic_heldout296", 80.0),
    ("realistic_heldout297", 90.0),
    ("realistic_heldout298", 80.0),
    ("realistic_heldout299", 90.0),
    ("realistic_heldout300", 90.0),
    ("realistic_heldout301", 90.0),
    ("realistic_heldout302", 90.0),  # sets 302–309 (60 each): 96.7, 93.3, 96.7, 96.7, 93.3, 96.7, 95.0,
    ("realistic_heldout303", 85.0),  # 88.3 % with the thirty-eighth session's starting code (9304059);
    ("realistic_heldout304", 90.0),  # 302, 304, 306 and 308 blind
    ("realistic_heldout305", 90.0),
    ("realistic_heldout306", 85.0),
    ("realistic_heldout307", 90.0),
    ("realistic_heldout308", 90.0),
    ("realistic_heldout309", 80.0),
    ("realistic_heldout310", 90.0),  # sets 310–317 (60 each): 95.0, 91.7, 91.7, 86.7, 100.0, 96.7, 93.3,
    ("realistic_heldout311", 85.0),  # 91.7 % with the thirty-ninth session's starting code (c72d005);
    ("realistic_heldout312", 85.0),  # 310, 312, 314 and 316 blind
    ("realistic_heldout313", 80.0),
    ("realistic_heldout314", 90.0),
    ("realistic_heldout315", 90.0),
    ("realistic_heldout316", 85.0),
    ("realistic_heldout317", 85.0),
    ("realistic_heldout318", 90.0),  # sets 318–325 (60 each): 95.0, 96.7, 95.0, 90.0, 91.7, 98.3, 100.0,
    ("realistic_heldout319", 90.0),  # 96.7 % with the fortieth session's starting code (67e836d);
    ("realistic_heldout320", 90.0),  # 318, 320, 322 and 324 blind
    ("realistic_heldout321", 85.0),
    ("realistic_heldout322", 85.0),
    ("realistic_heldout323", 90.0),
    ("realistic_heldout324", 90.0),
    ("realistic_heldout325", 90.0),
    ("realistic_heldout326", 90.0),  # sets 326–333 (60 each): 96.7, 96.7, 91.7, 93.3, 95.0, 96.7, 96.7,
    ("realistic_heldout327", 90.0),  # 76.7 % with the forty-first session's starting code (41c7639);
    ("realistic_heldout328", 85.0),  # 326, 328, 330 and 332 blind
    ("realistic_heldout329", 85.0),
    ("realistic_heldout330", 90.0),
    ("realistic_heldout331", 90.0),
    ("realistic_heldout332", 90.0),
    ("realistic_heldout333", 70.0),
    ("realistic_heldout334", 85.0),  # sets 334–341 (60 each): 91.7, 100.0, 96.7, 95.0, 96.7, 91.7, 96.7,
    ("realistic_heldout335", 90.0),  # 91.7 % with the forty-second session's starting code (aafeb1f);
    ("realistic_heldout336", 90.0),  # 334, 336, 338 and 340 blind
    ("realistic_heldout337", 90.0),
    ("realistic_heldout338", 90.0),
    ("realistic_heldout339", 85.0),
    ("realistic_heldout340", 90.0),
    ("realistic_heldout341", 85.0),
    ("realistic_heldout342", 85.0),  # sets 342–349 (60 each): 93.3, 90.0, 98.3, 90.0, 93.3, 88.3, 98.3,
    ("realistic_heldout343", 85.0),  # 96.7 % with the forty-third session's starting code (b847dba);
    ("realistic_heldout344", 90.0),  # 342, 344, 346 and 348 blind
    ("realistic_heldout345", 85.0),
    ("realistic_heldout346", 85.0),
    ("realistic_heldout347", 80.0),
    ("realistic_heldout348", 90.0),
    ("realistic_heldout349", 90.0),
]


def _set_scores(names: list[str], data_dir: str) -> dict[str, tuple[float, list[str]]]:
    """The sets' scores from the assistant `qualbot eval` asks (bot.assembly): with the exam
    calendar, the catalogue's categories and the dialogs beside the knowledge — a set asking exam
    dates is scored as users would be answered."""
    from bot.assembly import build_assistant
    from bot.settings import Settings

    assistant = build_assistant(Settings(today=TODAY, data_dir=Path(data_dir)))
    return {name: _score(assistant, GOLDEN / f"{name}.jsonl") for name in names}


@pytest.fixture(scope="module")
def blind_set_scores(request, tmp_path_factory) -> dict[str, tuple[float, list[str]]]:
    """The selected sets scored once, split over the machine's cores (each process with an
    assistant of its own): some 21 000 questions are a quarter of the whole suite's time on one core."""
    names = [
        item.callspec.params["name"]
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_the_blind_held_out_sets_do_not_regress"
    ]
    workers = max(1, min(2, os.cpu_count() or 1, len(names)))
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing forked mid-state
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        parts = [
            pool.submit(_set_scores, names[i::workers], str(tmp_path_factory.mktemp("data"))) for i in range(workers)
        ]
        return {name: scored for part in parts for name, scored in part.result().items()}


@pytest.mark.parametrize(("name", "floor"), BLIND_FLOORS)
def test_the_blind_held_out_sets_do_not_regress(blind_set_scores, name, floor):
    """Written blind from the sources (sets 6, 7, 9, 10, 13, 15, 17–47, 49–51, 53–56, 58, 59, 61,
    62, 66, 67, 70, 71, 74, 75, 78–81, 84, 85, 88, 89, 92, 93, 98, 99, 102, 103, 106–109, 114, 115, 118, 119, 124, 125, 128, 129, 134, 135, 140, 141, 144, 145, 148, 149, 150, 152, 154, 156, 158, 160, 162, 164, 166, 168, 172, 174, 178, 179, 180, 182, 185, 187, 190–193, 195, 197, 199, 201, 203, 205, 207, 209, 211, 213, 215, 217, 219, 221, 223, 225, 227, 229, 231, 233, 235, 237, 239, 241, 243, 245, 247, 249, 251, 253, 255, 257, 259, 261, 263, 265, 267, 269, 271, 273, 274, 275, 276, 278, 281, 283, 285–287, 289, 291, 293, 295, 297–301, 303, 305, 307, 309, 311, 313, 315, 317, 319, 321, 323, 325, 327, 329, 331, 333, 335, 337, 339, 341, 343, 345, 347 and 349 have since been read for
    failure classes; 2, 8, 11, 12, 14, 16, 48, 52, 57, 60, 63–65, 68, 69, 72, 73, 76, 77, 82, 83, 86, 87, 90, 91,
    94–97, 100, 101, 104, 105, 110–113, 116, 117, 120–123, 126, 127, 130–133, 136–139, 142, 143, 146, 147, 151, 153, 155, 157, 159, 161, 163, 165, 167, 169–171, 173, 175–177, 181, 183, 184, 186, 188, 189, 194, 196, 198, 200, 202, 204, 206, 208, 210, 212, 214, 216, 218, 220, 222, 224, 226, 228, 230, 232, 234, 236, 238, 240, 242, 244, 246, 248, 250, 252, 254, 256, 258, 260, 262, 264, 266, 268, 270, 272, 277, 279, 280, 282, 284, 288, 290, 292, 294, 296, 302, 304, 306, 308, 310, 312, 314, 316, 318, 320, 322, 324, 326, 328, 330, 332, 334, 336, 338, 340, 342, 344, 346 and 348 never): a floor, not a target."""
    score, failures = blind_set_scores[name]
    assert score >= floor, failures


READ_SETS = (
    "realistic_heldout",
    "realistic_heldout3",
    "realistic_heldout5",
    "realistic_heldout6",
    "realistic_heldout7",
)
LONG = 45  # characters


def test_long_messages_typed_without_punctuation_are_mostly_still_understood(assistant, tmp_path):
    """The 68 long answerable messages of five read sets, every punctuation mark and space taken
    out (as a voice-typed message comes): with their punctuation they score 91 %, without it 34 %
    before run-on messages were cut into clauses, 57 % with the cuts and 75 % since a story and
    two questions are also parted where the knowledge ends its clauses; a floor, not a target."""
    unpunctuated = tmp_path / "unpunctuated.jsonl"
    with unpunctuated.open("w", encoding="utf-8") as out:
        for name in READ_SETS:
            for line in (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
                record = json.loads(line) if line.strip() else None
                if record and record["answerable"] and not record.get("after") and len(record["q"]) >= LONG:
                    record["q"] = re.sub(r"[，,。！？!?；;：:\s、…~～]+", "", record["q"])
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    score, failures = _score(assistant, unpunctuated)
    assert score >= 65.0, failures
