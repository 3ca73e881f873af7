"""Whether a bank can be passed without knowing the law, and what it holds (issue 16).

Read from the bank's files (question_bank/), the source the legal section reviews, not from
the database. The naive strategies are those measured on the starter bank: the longest
单选 option, every 多选 option but the last, 判断 正确 unless the stem has an absolute word,
always B and always 正确. A category passes when no strategy beats chance by more than
`MARGIN` points on its questions.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.questions.formats.model import (
    FALSE_ANSWER,
    MULTIPLE,
    SINGLE,
    TRUE_ANSWER,
    TRUEFALSE,
    TYPE_LABELS,
    TYPES,
    ParsedQuestion,
)

CUE_WORDS = ("一律", "任何", "无需")                  # the measured strategy's words
ABSOLUTE_WORDS = CUE_WORDS + ("均", "都", "必须", "一切", "所有", "不得", "只能")
MARGIN = 0.10
KEY_SHARE = (0.20, 0.30)          # each 单选 key letter, of the 单选 with four options
TRUE_SHARE = (0.40, 0.60)         # 判断 answered 正确


@dataclass(frozen=True)
class Strategy:
    name: str
    qtype: str
    answer: Callable[[ParsedQuestion], str]


def longest_option(q: ParsedQuestion) -> str:
    return max(q.options, key=lambda letter: (len(q.options[letter]), -ord(letter)))


def all_but_last(q: ParsedQuestion) -> str:
    return "".join(sorted(q.options)[:-1])


def true_unless(words: tuple[str, ...]) -> Callable[[ParsedQuestion], str]:
    return lambda q: FALSE_ANSWER if has_any(q.stem, words) else TRUE_ANSWER


def has_any(stem: str, words: tuple[str, ...]) -> bool:
    return any(word in stem for word in words)


STRATEGIES = (
    Strategy("单选选最长项", SINGLE, longest_option),
    Strategy("单选全选B", SINGLE, lambda q: "B"),
    Strategy("多选除最后一项全选", MULTIPLE, all_but_last),
    Strategy("判断除“一律/任何/无需”外全判正确", TRUEFALSE, true_unless(CUE_WORDS)),
    Strategy("判断含绝对词判错误", TRUEFALSE, true_unless(ABSOLUTE_WORDS)),
    Strategy("判断全判正确", TRUEFALSE, lambda q: TRUE_ANSWER),
    Strategy("判断全判错误", TRUEFALSE, lambda q: FALSE_ANSWER),
)


def chance(q: ParsedQuestion) -> float:
    """A blind guess's chance: one option of n; one subset of two or more of n; one of two."""
    n = len(q.options)
    if q.type == SINGLE:
        return 1 / n
    if q.type == MULTIPLE:
        return 1 / (2 ** n - n - 1)
    return 0.5


@dataclass(frozen=True)
class Score:
    strategy: str
    questions: int
    correct: int
    chance: float

    @property
    def share(self) -> float:
        return self.correct / self.questions if self.questions else 0.0

    @property
    def beats_chance(self) -> bool:
        return self.questions > 0 and self.share > self.chance + MARGIN


def score(strategy: Strategy, questions: Iterable[ParsedQuestion]) -> Score:
    mine = [q for q in questions if q.type == strategy.qtype]
    correct = sum(strategy.answer(q) == q.answer for q in mine)
    expected = sum(chance(q) for q in mine) / len(mine) if mine else 0.0
    return Score(strategy.name, len(mine), correct, expected)


def scores(questions: list[ParsedQuestion]) -> list[Score]:
    return [score(strategy, questions) for strategy in STRATEGIES]


def key_shares(questions: Iterable[ParsedQuestion]) -> dict[str, float]:
    """Of the four-option 单选, the share keyed on each letter."""
    keys = [q.answer for q in questions if q.type == SINGLE and len(q.options) == 4]
    counts = Counter(keys)
    return {letter: counts[letter] / len(keys) for letter in "ABCD"} if keys else {}


def key_strictly_longest(questions: Iterable[ParsedQuestion]) -> float | None:
    """Of the 单选, the share whose key is longer than every other option."""
    singles = [q for q in questions if q.type == SINGLE]
    if not singles:
        return None
    return sum(_strictly_longest(q) for q in singles) / len(singles)


def _strictly_longest(q: ParsedQuestion) -> bool:
    key = len(q.options[q.answer])
    return all(len(text) < key for letter, text in q.options.items() if letter != q.answer)


def absolute_words_by_answer(questions: Iterable[ParsedQuestion]) -> dict[str, int]:
    """How many 正确 and 错误 判断 stems hold an absolute word: a cue when they lean one way."""
    marked = [q.answer for q in questions
              if q.type == TRUEFALSE and has_any(q.stem, ABSOLUTE_WORDS)]
    return {TRUE_ANSWER: marked.count(TRUE_ANSWER), FALSE_ANSWER: marked.count(FALSE_ANSWER)}


def true_share(questions: Iterable[ParsedQuestion]) -> float | None:
    answers = [q.answer for q in questions if q.type == TRUEFALSE]
    return answers.count(TRUE_ANSWER) / len(answers) if answers else None


def wrong_option_positions(questions: Iterable[ParsedQuestion]) -> Counter:
    """Where the 多选's wrong options stand (letters), and how many have only one."""
    places: Counter = Counter()
    for q in questions:
        if q.type == MULTIPLE:
            wrong = [letter for letter in q.options if letter not in q.answer]
            places.update(wrong)
            places["只有一个错误项"] += len(wrong) == 1
            places[f"{len(q.answer)}个正确项"] += 1
    return places


def by_category(questions: Iterable[ParsedQuestion]) -> dict[str, list[ParsedQuestion]]:
    groups: dict[str, list[ParsedQuestion]] = defaultdict(list)
    for q in questions:
        groups[q.category or ""].append(q)
    return dict(sorted(groups.items()))


def counts(questions: Iterable[ParsedQuestion]) -> dict[str, Counter]:
    """Per type label: how many at each difficulty (0 = not given) and in all ('合计')."""
    table: dict[str, Counter] = {TYPE_LABELS[t]: Counter() for t in TYPES}
    for q in questions:
        row = table[TYPE_LABELS[q.type]]
        row[q.difficulty or 0] += 1
        row["合计"] += 1
    return table


def markdown_table(questions: list[ParsedQuestion], names: dict[str, str]) -> str:
    """Per category: counts by type and by difficulty, as the README shows them."""
    lines = ["| 专业类别 | 单选 | 多选 | 判断 | 填空 | 简答 | 难度1 | 难度2 | 难度3 | 难度4 | 难度5 |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for code, mine in by_category(questions).items():
        table = counts(mine)
        levels = Counter(q.difficulty or 0 for q in mine)
        cells = [str(table[TYPE_LABELS[t]]["合计"]) for t in TYPES]
        cells += [str(levels[level]) for level in range(1, 6)]
        lines.append(f"| {names.get(code, code)}（{code}） | " + " | ".join(cells) + " |")
    return "\n".join(lines)
