"""question_bank/ cannot be passed without knowing the law, category by category (issue 16),
and every category spans the five difficulty levels.

Each category's objective questions are answered by the naive strategies of
app/questions/bank_quality.py; none may beat a blind guess by more than ten points, and the
shapes that give them away (key letters, the longest option, a lone wrong 多选 option, the
share of true statements, absolute words) stay within the bounds the issue sets.
"""
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from app.laws.files import files_in
from app.laws.files import parse as parse_law
from app.questions import bank_quality as quality
from app.questions.formats import parse_yaml_path
from app.questions.formats.model import FILL, MULTIPLE, SHORT, SINGLE, TRUEFALSE

BANK = Path(__file__).resolve().parents[2] / "question_bank"
LIBRARY = BANK.parent / "law_library"
CATEGORIES = quality.by_category(parse_yaml_path(BANK).questions)


@pytest.fixture(params=sorted(CATEGORIES), ids=str)
def category(request):
    return CATEGORIES[request.param]


def test_no_naive_strategy_beats_chance_by_ten_points(category):
    assert [s for s in quality.scores(category) if s.beats_chance] == []


def test_single_choice_keys_spread_over_the_letters(category):
    low, high = quality.KEY_SHARE
    shares = quality.key_shares(category)
    assert shares and all(low <= share <= high for share in shares.values()), shares


def test_the_key_is_seldom_the_longest_option(category):
    assert quality.key_strictly_longest(category) <= 0.30


def test_multiple_choice_has_two_to_five_keys_and_mostly_two_wrong_options(category):
    multiples = [q for q in category if q.type == MULTIPLE]
    assert all(2 <= len(q.answer) <= 5 for q in multiples)
    lone_wrong = [q.stem for q in multiples if len(q.options) - len(q.answer) == 1]
    assert len(lone_wrong) * 2 < len(multiples), lone_wrong


def test_the_wrong_options_stand_in_no_fixed_place(category):
    multiples = [q for q in category if q.type == MULTIPLE]
    last_wrong = sum(max(q.options) not in q.answer for q in multiples)
    assert last_wrong * 2 <= len(multiples)
    places = quality.wrong_option_positions(multiples)
    assert len({letter for letter in "ABCDEFGH" if places[letter]}) >= 3


def test_true_false_is_balanced_and_absolute_words_are_no_cue(category):
    low, high = quality.TRUE_SHARE
    assert low <= quality.true_share(category) <= high
    marked = quality.absolute_words_by_answer(category)
    assert min(marked.values()) >= 1, marked


def test_every_objective_type_is_present(category):
    assert {SINGLE, MULTIPLE, TRUEFALSE} <= {q.type for q in category}


def test_every_difficulty_level_is_present(category):
    assert {q.difficulty for q in category} >= {1, 2, 3, 4, 5}




# Four default papers (20 单选 + 10 多选 + 15 判断) without repeating a question; basic twice that.
# Counted on the first exam day of 2027 among the questions whose cited text is then in force
# (a question on 商标法 2019 is no longer drawn once 商标法 2026 takes effect).
DEPTH = {SINGLE: 80, MULTIPLE: 40, TRUEFALSE: 60}
YEAR_START = date(2027, 1, 1)


def in_force_texts(day: date) -> set[tuple[str, str]]:
    by_law = defaultdict(list)
    for path in files_in(LIBRARY):
        text = parse_law(path.read_text(encoding="utf-8"), path.name)
        by_law[text.law].append(text)
    current = set()
    for law, texts in by_law.items():
        started = sorted((t for t in texts if t.effective <= day), key=lambda t: t.effective)
        if started and not (started[-1].repealed and started[-1].repealed <= day):
            current.add((law, started[-1].year))
    return current


IN_FORCE = in_force_texts(YEAR_START)


def test_every_category_holds_four_papers_and_subjective_questions(category):
    drawable = [q for q in category
                if not q.basis_law or (q.basis_law, q.basis_version) in IN_FORCE]
    have = Counter(q.type for q in drawable)
    factor = 2 if category[0].category == "basic" else 1
    short = {t: (have[t], n * factor) for t, n in DEPTH.items() if have[t] < n * factor}
    assert short == {}
    assert have[FILL] >= 1 and have[SHORT] >= 1
