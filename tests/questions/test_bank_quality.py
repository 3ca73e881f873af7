"""The naive strategies of issue 16 and the bank's figures, on hand-made questions."""
import json

import pytest

from app.questions import bank_quality as quality
from app.questions.formats.model import ParsedQuestion


def single(answer: str, *texts: str) -> ParsedQuestion:
    return ParsedQuestion("single", f"题{answer}{texts}", dict(zip("ABCD", texts, strict=True)),
                          answer,
                          category="food", difficulty=2)


def multiple(answer: str, n: int = 4) -> ParsedQuestion:
    return ParsedQuestion("multiple", f"多{answer}{n}", {c: c * 2 for c in "ABCDE"[:n]},
                          answer, category="food", difficulty=3)


def tf(stem: str, answer: str) -> ParsedQuestion:
    return ParsedQuestion("truefalse", stem, {}, answer, category="food", difficulty=1)


def by_name(questions) -> dict:
    return {s.strategy: s for s in quality.scores(questions)}


def test_the_longest_option_strategy_counts_keys_that_are_the_longest():
    questions = [single("A", "很长很长的选项", "短", "短", "短"),
                 single("B", "短", "短", "最长的一个选项", "短"),
                 single("C", "一", "二", "三三", "四")]
    score = by_name(questions)["单选选最长项"]
    assert (score.correct, score.questions) == (2, 3)
    assert score.chance == pytest.approx(0.25)
    assert score.beats_chance          # 67% > 25% + 10


def test_always_b_at_a_quarter_is_chance_not_a_cue():
    questions = [single(letter, "甲", "乙", "丙", "丁") for letter in "ABCD"]
    score = by_name(questions)["单选全选B"]
    assert score.share == pytest.approx(0.25) and not score.beats_chance
    assert quality.key_shares(questions) == {"A": 0.25, "B": 0.25, "C": 0.25, "D": 0.25}


def test_all_but_last_finds_a_wrong_last_option_and_chance_is_one_subset_of_eleven():
    questions = [multiple("ABC"), multiple("BCD"), multiple("AC")]
    score = by_name(questions)["多选除最后一项全选"]
    assert score.correct == 1
    assert score.chance == pytest.approx(1 / 11)       # 2^4 - 4 - 1 subsets of two or more


def test_five_options_give_a_subset_of_twenty_six():
    assert quality.chance(multiple("AB", 5)) == pytest.approx(1 / 26)


def test_the_absolute_word_cue_and_the_true_share():
    questions = [tf("行政机关一律不得……", "错误"), tf("当事人可以……", "正确"),
                 tf("任何单位可以……", "正确"), tf("应当在七日内……", "错误")]
    score = by_name(questions)["判断除“一律/任何/无需”外全判正确"]
    assert score.correct == 2 and score.chance == 0.5 and not score.beats_chance
    assert quality.true_share(questions) == 0.5


def test_wrong_options_are_counted_where_they_stand():
    places = quality.wrong_option_positions([multiple("ABC"), multiple("AC"), multiple("BCD")])
    assert places["D"] == 2 and places["B"] == 1 and places["A"] == 1
    assert places["只有一个错误项"] == 2
    assert places["3个正确项"] == 2 and places["2个正确项"] == 1


def test_a_key_is_strictly_longest_only_when_no_option_is_as_long():
    questions = [single("A", "很长很长的选项", "短", "短", "短"),
                 single("B", "二二", "二二", "一", "一"),
                 single("C", "一", "二", "三三", "四")]
    assert quality.key_strictly_longest(questions) == pytest.approx(2 / 3)


def test_absolute_words_are_counted_by_answer():
    questions = [tf("行政机关一律不得……", "错误"), tf("所有经营者都应当……", "正确"),
                 tf("任何单位不得……", "正确"), tf("应当在七日内……", "错误")]
    assert quality.absolute_words_by_answer(questions) == {"正确": 2, "错误": 1}


def test_counts_by_type_and_difficulty():
    questions = [single("A", "一", "二", "三", "四"), multiple("AB"), tf("可以", "正确")]
    table = quality.counts(questions)
    assert table["单选"] == {2: 1, "合计": 1}
    assert table["多选"][3] == 1 and table["判断"][1] == 1 and table["填空"]["合计"] == 0
    md = quality.markdown_table(questions, {"food": "食品安全"})
    assert "| 食品安全（food） | 1 | 1 | 1 | 0 | 0 | 1 | 1 | 1 | 0 | 0 |" in md


def test_flask_bank_stats_reads_the_files(runner, tmp_path):
    (tmp_path / "a.yaml").write_text(
        "category: food\nlaw: 中华人民共和国食品安全法\nversion: '2025'\nquestions:\n"
        "  - type: 单选\n    stem: 甲\n    options: {A: 一, B: 二二二, C: 三, D: 四}\n"
        "    answer: B\n    difficulty: 4\n    article: 第三条\n"
        "  - type: 判断\n    stem: 乙\n    answer: 正确\n    difficulty: 5\n    article: 第三条\n",
        encoding="utf-8")
    result = runner.invoke(args=["bank", "stats", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    food = json.loads(result.output)["food"]
    assert food["counts"]["单选"] == {"4": 1, "合计": 1}
    assert food["single_key_shares"]["B"] == 1.0
    longest = next(s for s in food["strategies"] if s["strategy"] == "单选选最长项")
    assert longest["correct"] == 1 and longest["beats_chance"]
    md = runner.invoke(args=["bank", "stats", str(tmp_path), "--format", "md"])
    assert "| 食品安全（food） | 1 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |" in md.output
