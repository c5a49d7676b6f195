"""Where a story ends and a question begins, or one question and the next, in text typed
without punctuation.

"评价机构归哪级部门管违规以后会受什么处罚" asks two things with no comma between them:
two plain question words far apart in one comma-less stretch mean two questions. "我们是一家物流
公司想给员工做技能等级认定要到哪一级人社部门申请" tells its story first: a stretch that opens like a
story (我们, 我) and asks late has its question's clause start before the question word. The
break goes where the knowledge's own text most often ends a clause and starts the next (its
phrasings and clauses, split at their punctuation: 监管 often ends one, 机构 often starts one),
near the question word. The counts are learnt from the knowledge, never written by hand, so new
wording in the knowledge teaches new breaks."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import pairwise

from bot.kb.lexicon import Lexicon
from bot.kb.normalise import longest_word_pattern

# A stretch shorter than this holds one question however many question words it has.
MIN_STRETCH_CHARS = 20
MIN_PART_CHARS = 5  # neither question of a break is shorter than this
MIN_GAP_CHARS = 2  # characters between the two question words, at least
MIN_STORY_CHARS = 10  # a story told before a question in the same stretch, at least
MIN_QUESTION_CHARS = 8  # … and the question after it ("每月的生活补助有多少", not "有多少")
REQUEST_OPENER_REACH = 2  # a request said first starts this far into a stretch at most (烦请, 麻烦请)
# A question ends soon after its question word ("见习单位得具备什么条件|申请交上去多久有结果"):
# each character further away costs this much of a break's log odds.
DISTANCE_COST = 0.1
# The knowledge holds about 4 000 clauses; at 100× (160 000 phrasings) learning them all would
# slow the first answer, and this many teach the breaks as well.
MAX_LEARNT_CLAUSES = 6_000
_PUNCTUATION = re.compile(r"[，,：:。！？!?；;…、\s（）()“”\"~～《》〈〉]+")
_STRETCH = re.compile(r"[^，,：:。！？!?；;…、\s（）()“”\"~～]+")


class QuestionBreaks:
    """How often each word ends or starts a clause of the knowledge's text, and the breaks
    they suggest in a message."""

    def __init__(self, texts: Callable[[], Iterable[str]], tokens: Callable[[str], list[str]], lexicon: Lexicon):
        """`texts`: the knowledge's text, learnt from when a message first needs a break (a
        message typed without punctuation is rare; start-up need not wait for it)."""
        self._texts: Callable[[], Iterable[str]] | None = texts
        self._tokens = tokens
        self._lexicon = lexicon
        markers = longest_word_pattern(m for m in lexicon.question_markers if m not in lexicon.weak_question_markers)
        self._markers = re.compile(markers) if markers else None
        hiding = longest_word_pattern(lexicon.not_asking)
        self._not_asking = re.compile(hiding) if hiding else None
        self._ends: Counter[str] = Counter()
        self._starts: Counter[str] = Counter()
        self._seen: Counter[str] = Counter()

    def _learn(self) -> None:
        if self._texts is None:
            return
        texts, self._texts = self._texts, None
        learnt = 0
        for text in texts():
            for clause in _PUNCTUATION.split(text):
                words = self._tokens(clause) if clause else []
                if len(words) < 2:
                    continue
                self._seen.update(words)
                self._starts[words[0]] += 1
                self._ends[words[-1]] += 1
                learnt += 1
            if learnt >= MAX_LEARNT_CLAUSES:
                break

    def _rate(self, counts: Counter[str], word: str) -> float:
        # A word the knowledge never writes ends or starts a clause at no special rate.
        return (counts[word] + 0.2) / (self._seen[word] + 2.0)

    def break_score(self, left: str, right: str) -> float:
        """How likely a clause ends after `left` and the next starts with `right` (log odds)."""
        self._learn()
        return math.log(self._rate(self._ends, left)) + math.log(self._rate(self._starts, right))

    def punctuate(self, text: str) -> str:
        """`text` with a comma between a story and a question, or two questions, typed in one
        stretch without punctuation."""
        return _STRETCH.sub(lambda m: self._split(m.group()), text)

    def question_word_spots(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each plain question word in `text`, in order: weak ones (几, 可以) and
        those inside words that ask nothing (这么, 哪怕) left out."""
        if self._markers is None:
            return []
        hidden = [(m.start(), m.end()) for m in self._not_asking.finditer(text)] if self._not_asking else []
        return [
            (m.start(), m.end())
            for m in self._markers.finditer(text)
            if not any(a < m.end() and m.start() < b for a, b in hidden)
        ]

    def _split(self, stretch: str) -> str:
        if len(stretch) < MIN_STRETCH_CHARS:
            return stretch
        lexicon = self._lexicon
        spots = self.question_word_spots(stretch)
        if (
            spots
            and spots[0][0] <= REQUEST_OPENER_REACH
            and stretch[spots[0][0] : spots[0][1]] in lexicon.request_openers
        ):
            spots = spots[1:]  # "烦请说明…包括哪些": the request asks the question that follows
        if not spots:
            return stretch
        first_start = spots[0][0]
        told_first = stretch.startswith(lexicon.story_openers) and first_start >= MIN_STORY_CHARS
        two_asked = any(b - a >= MIN_GAP_CHARS for (_, a), (b, _) in pairwise(spots))
        if not told_first and not two_asked:  # most messages: nothing to part, nothing to segment
            return stretch
        words = self._tokens(stretch)
        cuts: list[int] = []
        # "我在浙江开了个小机械厂想自己做认定该去哪一级申请": the story told first ends where the
        # question's own clause starts, before its question word.
        if told_first:
            latest = min(first_start, len(stretch) - MIN_QUESTION_CHARS)
            cut = self._best_break(words, first_start, MIN_STORY_CHARS // 2, latest)
            if cut is not None:
                cuts.append(cut)
        start = cuts[-1] if cuts else 0
        for (_, first_end), (second_start, _) in pairwise(spots):
            if first_end < start or second_start - first_end < MIN_GAP_CHARS:
                continue
            cut = self._best_break(words, first_end, max(first_end, start + MIN_PART_CHARS), second_start)
            if cut is not None and len(stretch) - cut >= MIN_PART_CHARS:
                cuts.append(cut)
                start = cut
        if not cuts:
            return stretch
        bounds = [0, *cuts, len(stretch)]
        return "，".join(stretch[a:b] for a, b in pairwise(bounds))

    def _best_break(self, words: list[str], asked_at: int, lo: int, hi: int) -> int | None:
        """The boundary between two of the stretch's `words`, in [lo, hi], where the question
        asked at `asked_at` most likely ends and the next clause starts."""
        best: tuple[float, int] | None = None
        at = 0
        for left, right in pairwise(words):
            at += len(left)
            if lo <= at <= hi:
                score = self.break_score(left, right) - DISTANCE_COST * abs(at - asked_at)
                if best is None or score > best[0]:
                    best = (score, at)
        return best[1] if best else None
