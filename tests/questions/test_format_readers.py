"""Each file reader's own rules, hand-written cases (the shared rules are in test_format_rules)."""
from app.questions.formats.aiken import parse_aiken
from app.questions.formats.model import ParseError


def errors(result) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.message) for e in result.errors]


# ---- Aiken ----------------------------------------------------------------------------------

def test_aiken_stem_over_two_lines_full_width_letters_and_a_byte_order_mark():
    result = parse_aiken("\ufeff第一行\n第二行\nＡ．甲\nＢ）乙\nANSWER：Ｂ\n", category="basic")
    assert errors(result) == []
    question = result.questions[0]
    assert (question.stem, question.options, question.answer, question.source_line) == (
        "第一行\n第二行", {"A": "甲", "B": "乙"}, "B", 1)


def test_aiken_a_repeated_option_letter_is_named():
    result = parse_aiken("题干\nA. 甲\nA. 乙\nB. 丙\nANSWER: B\n")
    assert result.questions == []
    assert ParseError(1, "选项A", "选项A重复（题干）") in result.errors


def test_aiken_an_answer_without_a_question():
    result = parse_aiken("ANSWER: A\n")
    assert errors(result) == [(1, "答案", "ANSWER 行前没有题目")]


def test_aiken_a_file_ending_before_the_answer_line():
    result = parse_aiken("一题\nA. 甲\nB. 乙\nANSWER: A\n\n二题\nA. 丙\nB. 丁\n")
    assert [q.stem for q in result.questions] == ["一题"]
    assert errors(result) == [(6, "答案", "题目没有 ANSWER: 行（二题）")]


def test_aiken_options_without_a_stem_at_the_end_of_the_file():
    result = parse_aiken("A. 甲选项\nB. 乙\n")
    assert errors(result) == [(1, "题干", "选项前没有题干（甲选项）")]
