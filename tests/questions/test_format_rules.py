"""The rules shared by every question format: answers, legal basis, types, validation."""
import pytest

from app.questions.formats.answers import (
    format_basis,
    join_fill,
    normalize_answer,
    normalize_letters,
    normalize_truefalse,
    snippet,
    split_fill,
    split_list,
)
from app.questions.formats.model import ParsedQuestion, ParseError, ParseResult, parse_type
from app.questions.formats.validation import problems

Q = ParsedQuestion
AB = {"A": "甲", "B": "乙"}


@pytest.mark.parametrize(("qtype", "raw", "expected"), [
    ("single", " ｂ ", "B"), ("multiple", "C，a", "AC"), ("multiple", "ＡＣ", "AC"),
    ("multiple", "c a;b/a|d、e", "ABCDE"), ("multiple", "A和C", "A和C"), ("multiple", "A1", "A1"),
    ("truefalse", " √ ", "正确"), ("truefalse", "F", "错误"), ("truefalse", "是", "是"),
    ("fill", " 七日 / 7日 ｜十五日 ", "七日/7日|十五日"), ("fill", "  ", ""),
    ("short", "  参考答案 ", "参考答案"),
])
def test_answers_are_normalised_per_type(qtype, raw, expected):
    assert normalize_answer(qtype, raw) == expected


def test_true_and_false_words():
    for word in ("正确", "对", "t", "TRUE", "√", "✓", "✔"):
        assert normalize_truefalse(word) == "正确"
    for word in ("错误", "错", "f", "False", "×", "✗", "✘"):
        assert normalize_truefalse(word) == "错误"
    assert normalize_truefalse("也许") == "也许"
    assert normalize_letters("") == ""


def test_fill_answers_split_and_join_back():
    assert split_fill("七日/7日|十五日") == [["七日", "7日"], ["十五日"]]
    assert split_fill("甲／乙｜丙") == [["甲", "乙"], ["丙"]]
    assert join_fill([["七日", "7日"], ["十五日"]]) == "七日/7日|十五日"


@pytest.mark.parametrize(("parts", "text"), [
    (("法", "2021", "第三条"), "《法》(2021) 第三条"), (("法", "2021", None), "《法》(2021)"),
    (("法", None, "第三条"), "《法》 第三条"), (("法", None, None), "法"), ((None, "2021", None), ""),
    (("", None, None), ""),
])
def test_format_basis(parts, text):
    assert format_basis(*parts) == text


def test_lists_and_snippets():
    assert split_list(" 甲；乙;;丙 ", ";；") == ["甲", "乙", "丙"]
    assert split_list("a.b", ".") == ["a", "b"]
    assert snippet("一二三\n四五", 6) == "一二三 四五"
    assert snippet("一二三\n四五", 5) == "一二三 四…"
    assert snippet("一二三四五六", 5) == "一二三四五…"
    assert snippet("x" * 30) == "x" * 30 and snippet("x" * 31) == "x" * 30 + "…"


@pytest.mark.parametrize(("text", "code"), [
    ("单选", "single"), ("单选题", "single"), (" Single ", "single"), ("多项选择题", "multiple"),
    ("多项选择", "multiple"), ("单项选择", "single"), ("判断题", "truefalse"), ("填空", "fill"),
    ("简答题", "short"), ("问答", None),
])
def test_type_names(text, code):
    assert parse_type(text) == code


def test_parse_results_merge_and_errors_print_their_place():
    first = ParseResult(questions=[Q("short", "甲", answer="a")])
    second = ParseResult(errors=[ParseError(3, "题干", "题干为空")], skipped=[(4, "x")])
    first.merge(second)
    assert (len(first.questions), first.errors, first.skipped) == (
        1, second.errors, [(4, "x")])
    assert not first.ok and second.errors[0].__str__() == "第3行: 题干: 题干为空"
    assert ParseResult().ok


@pytest.mark.parametrize(("question", "found"), [
    (Q("single", "题", AB, "A"), []),
    (Q("single", "题", AB, ""), [("答案", "答案为空")]),
    (Q("single", "题", AB, "C"), [("答案", "答案C不在选项中")]),
    (Q("single", "题", AB, "a"), [("答案", "单选题答案应为一个选项字母，如 B（现为 a）")]),
    (Q("single", "题", {"A": "甲"}, "A"), [("选项", "单选题需要2到8个选项，现有1个")]),
    (Q("single", "题", dict(zip("ABCDEFGH", "12345678", strict=True)), "H"), []),
    (Q("single", "题", {"A": "甲", "C": "丙"}, "A"), [("选项", "选项字母应从A起连续，现为AC")]),
    (Q("single", "题", {"A": "甲", "B": " "}, "A"), [("选项B", "选项B内容为空")]),
    (Q("multiple", "题", AB, "AB"), []),
    (Q("multiple", "题", AB, ""), [("答案", "答案为空")]),
    (Q("multiple", "题", AB, "A"), [("答案", "多选题至少要有两个正确选项")]),
    (Q("multiple", "题", AB, "AA"),
     [("答案", "多选题答案应为按顺序排列的选项字母，如 ACD（现为 AA）")]),
    (Q("multiple", "题", AB, "a"), [("答案", "多选题答案应为按顺序排列的选项字母，如 ACD（现为 a）")]),
    (Q("multiple", "题", AB, "ACD"), [("答案", "答案中的CD不在选项中")]),
    (Q("multiple", "题", {"A": "甲"}, "AB"), [("选项", "多选题需要2到8个选项，现有1个"),
                                             ("答案", "答案中的B不在选项中")]),
    (Q("truefalse", "题", answer="错误"), []),
    (Q("truefalse", "题", AB, ""), [("选项", "判断题不应有选项"), ("答案", "答案为空")]),
    (Q("truefalse", "题", AB, "x"), [("选项", "判断题不应有选项"),
                                      ("答案", "判断题答案应为正确或错误（现为 x）")]),
    (Q("truefalse", "题", AB, "正确"), [("选项", "判断题不应有选项")]),
    (Q("fill", "题", answer=" "), [("答案", "答案为空")]),
    (Q("fill", "题", AB, "甲|"), [("选项", "填空题不应有选项"), ("答案", (
        "填空题第2空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）"))]),
    (Q("fill", "题", answer="/甲|乙|丙/"), [
        ("答案", "填空题第1空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）"),
        ("答案", "填空题第3空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）")]),
    (Q("short", "题", AB, "答"), [("选项", "简答题不应有选项")]),
    (Q("short", "题", answer=" "), [("答案", "简答题需要参考答案")]),
    (Q("bogus", " "), [("题型", "题型无效: bogus（应为单选、多选、判断、填空或简答）"),
                       ("题干", "题干为空")]),
    (Q("short", "题", answer="答", difficulty=0), [("难度", "难度应为1到5的整数（现为 0）")]),
    (Q("short", "题", answer="答", difficulty=6), [("难度", "难度应为1到5的整数（现为 6）")]),
    (Q("short", "题", answer="答", difficulty=1), []),
    (Q("short", "题", answer="答", difficulty=5), []),
    (Q("short", "题", answer="答", basis_law="法", basis_version="2021"), []),
    (Q("short", "题", answer="答", basis_version="2021"), [("法律依据", "有版本或条款但缺少法律名称")]),
    (Q("short", "题", answer="答", basis_law="法", basis_version="21"),
     [("法律依据", "法律版本应为四位年份，如 2021（现为 21）")]),
    (Q("short", "题", answer="答", scoring_points=["要点"]), []),
    (Q("fill", "题", answer="甲", scoring_points=["要点"]), [("评分要点", "只有简答题可以有评分要点")]),
])
def test_each_rule_names_its_column(question, found):
    assert problems(question) == found
