"""Unit tests for the question file parsers in app.questions.formats (no app, no database)."""
import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.questions.formats import (
    ParsedQuestion,
    dump_yaml,
    parse_aiken,
    parse_basis,
    parse_gift,
    parse_rows,
    parse_yaml_path,
    parse_yaml_text,
    rows_for_template,
    validate,
)

SAMPLES = Path("/work/shared/samples")
ROOT = Path(__file__).resolve().parents[2]
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared sample files absent")


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def by_line(result, line: int) -> ParsedQuestion:
    return next(q for q in result.questions if q.source_line == line)


# ---- GIFT: Moodle's own examples.txt ----------------------------------------------------------

@pytest.fixture(scope="module")
def gift_examples():
    return parse_gift(sample("moodle_gift_examples.txt"), category="basic", skip_unsupported=True)


@needs_samples
def test_gift_examples_counts(gift_examples):
    # 43 questions in the file, counted by hand (blank-line separated blocks, comments aside).
    # Unsupported, 11: numerical at lines 16, 70, 72, 74, 76, 85, 175, 202 (8) and
    # matching at lines 55, 61, 177 (3).
    # Supported, 32: 16 single choice (8, 10, 25, 27, 29, 35, 93, 98, 115, 117, 143, 148,
    # 167, 169, 184, 190), 2 multiple answer (130, 136), 5 true/false (12, 49, 51, 113, 171)
    # and 9 short answer read as fill (14, 43, 45, 90, 103, 108, 123, 173, 195).
    assert gift_examples.errors == []
    assert len(gift_examples.questions) == 32
    assert [line for line, _ in gift_examples.skipped] == [16, 55, 61, 70, 72, 74, 76, 85,
                                                          175, 177, 202]
    kinds = [q.type for q in gift_examples.questions]
    assert (kinds.count("single"), kinds.count("multiple"), kinds.count("truefalse"),
            kinds.count("fill")) == (16, 2, 5, 9)


@needs_samples
def test_gift_skipped_reasons_name_type_and_question(gift_examples):
    reasons = dict(gift_examples.skipped)
    assert reasons[16].startswith("题型不支持: 数值题（When was Ulysses")
    assert reasons[55] == "题型不支持: 匹配题（Matching Question.）"
    assert reasons[202] == "题型不支持: 数值题（Numerical example）"


@needs_samples
def test_gift_grants_tomb_multiple_choice(gift_examples):
    q = by_line(gift_examples, 8)
    assert (q.type, q.stem, q.answer) == ("single", "Who's buried in Grant's tomb?", "C")
    assert q.options == {"A": "Grant", "B": "Jefferson", "C": "no one"}
    assert q.category == "basic"


@needs_samples
def test_gift_missing_word_puts_a_blank_in_the_stem(gift_examples):
    q = by_line(gift_examples, 10)
    assert (q.stem, q.answer) == ("Grant is ____ in Grant's tomb.", "B")
    thanksgiving = by_line(gift_examples, 29)
    assert thanksgiving.stem == ("The American holiday of Thanksgiving is celebrated on the "
                                 "____ Thursday of November.")
    assert thanksgiving.answer == "C"


@needs_samples
def test_gift_true_false(gift_examples):
    answers = {q.source_line: q.answer for q in gift_examples.questions if q.type == "truefalse"}
    assert answers == {12: "错误", 49: "错误", 51: "正确", 113: "错误", 171: "错误"}
    assert by_line(gift_examples, 113).options == {}


@needs_samples
def test_gift_short_answer_becomes_fill_with_alternatives(gift_examples):
    assert by_line(gift_examples, 14).answer == "no one/nobody"
    two_plus_two = by_line(gift_examples, 45)
    assert (two_plus_two.stem, two_plus_two.answer) == ("Two plus two equals ____.", "four/4")
    # =%75%Nazereth and =%25%Bethlehem are partial credit: only the full answer is kept.
    assert by_line(gift_examples, 195).answer == "Nazareth"


@needs_samples
def test_gift_weighted_answers(gift_examples):
    # ~%50%Grant ~%50%Grant's wife: several positive weights and no `=` -> multiple.
    for line in (130, 136):
        q = by_line(gift_examples, line)
        assert (q.type, q.answer) == ("multiple", "BC")
        assert q.options["C"] == "Grant's wife"
    # One `=` answer beside a partial-credit one stays single choice.
    assert (by_line(gift_examples, 115).type, by_line(gift_examples, 115).answer) == ("single", "C")
    assert by_line(gift_examples, 117).answer == "D"


@needs_samples
def test_gift_titles_formats_feedback_and_escapes(gift_examples):
    kanji = by_line(gift_examples, 90)
    assert kanji.name == "Kanji Origins"
    assert kanji.stem == "Japanese characters originally\ncame from what country?"
    # [markdown] is stored as the plain text a candidate reads (issue 18).
    assert by_line(gift_examples, 108).stem == "Who's buried in Grant's tomb?"
    assert by_line(gift_examples, 98).options["C"] == "right answer"
    assert by_line(gift_examples, 143).options == {"A": "= 2 + 2", "B": "= 2 + 3",
                                                  "C": "= 2 + 4"}
    control = by_line(gift_examples, 148)
    assert control.name == "GIFT Control Characters"
    assert control.options == {"A": "~", "B": "=", "C": "#", "D": "{", "E": "}", "F": "\\"}
    assert control.answer == "F"


@needs_samples
def test_gift_unsupported_are_errors_unless_skipped():
    result = parse_gift(sample("moodle_gift_examples.txt"), category="basic",
                        skip_unsupported=False)
    assert len(result.questions) == 32
    assert result.skipped == []
    assert [e.line for e in result.errors] == [16, 55, 61, 70, 72, 74, 76, 85, 175, 177, 202]
    assert {e.column for e in result.errors} == {"题型"}
    assert result.errors[1].message.startswith("题型不支持: 匹配题")


def test_gift_essay_description_and_category_lines():
    text = ("$CATEGORY: $course$/top/食品安全\n\n"
            "// a comment\n"
            "写一篇关于食品安全的论文。{}\n\n"
            "只是一段说明文字。\n\n"
            "::标题::[html]<b>食品</b>经营者应当取得许可。{TRUE#反馈}\n")
    result = parse_gift(text, category=None, skip_unsupported=True)
    assert [(line, reason.split("（")[0]) for line, reason in result.skipped] == [
        (4, "题型不支持: 论述题"), (6, "题型不支持: 描述文本")]
    q = result.questions[0]
    assert (q.name, q.stem, q.answer, q.category) == (
        "标题", "食品经营者应当取得许可。", "正确", "食品安全")
    assert parse_gift(text, category="food", skip_unsupported=True).questions[0].category == "food"


def test_gift_general_feedback_becomes_explanation():
    result = parse_gift("1+1=?{~1 =2 ####因为一加一等于二}", category="basic",
                        skip_unsupported=False)
    assert result.questions[0].explanation == "因为一加一等于二"
    assert result.questions[0].answer == "B"


@pytest.mark.parametrize("text, message", [
    ("没有正确答案?{~甲 ~乙}", "没有完全正确的选项"),
    ("两个满分?{=甲 =乙 ~丙}", "有多个完全正确的选项"),
    ("括号不全?{~甲 =乙", "花括号不配对"),
    ("空选项?{=甲 ~}", "选项B内容为空"),
])
def test_gift_bad_questions_are_errors(text, message):
    result = parse_gift(text, category="basic", skip_unsupported=True)
    assert result.questions == []
    assert len(result.errors) == 1
    assert result.errors[0].line == 1
    assert result.errors[0].message.startswith(message)


# ---- Aiken ----------------------------------------------------------------------------------

@needs_samples
def test_aiken_questions_keep_html_verbatim():
    result = parse_aiken(sample("moodle_aiken_questions.txt"), category="basic")
    assert result.errors == []
    first, second = result.questions
    assert (first.type, first.answer, first.options["B"]) == ("single", "B", "Martin Dougiamas")
    assert len(first.options) == 4
    assert second.stem == ('Moodle\'s abilities include handling user input that includes '
                           '<html class="cool"> & images:')
    assert (second.options, second.answer, second.source_line) == (
        {"A": "True", "B": "False"}, "A", 8)


@needs_samples
def test_aiken_errors_name_each_bad_question():
    result = parse_aiken(sample("moodle_aiken_errors.txt"), category="basic")
    found = [(e.line, e.column, e.message) for e in result.errors]
    assert found == [
        (1, "选项", "单选题需要2到8个选项，现有1个（A question with too few answer…）"),
        (5, "题干", "选项前没有题干（Question not started）"),
        (14, "答案", "题目没有 ANSWER: 行（A question started but not fin…）"),
    ]
    good = [(q.source_line, q.stem, q.answer) for q in result.questions]
    assert good == [(9, "A good question", "A"), (18, "A second good question", "B")]
    assert result.questions[1].options == {"A": "Incorrect (No space)",
                                           "B": "Correct (No space)"}


def test_aiken_dot_options_full_width_and_bad_answer_letter():
    text = "题一\nA. 甲\nB.乙\nANSWER: ｂ\n\n题二\nA) 甲\nB) 乙\nANSWER: C\n\nANSWER: A\n"
    result = parse_aiken(text, category=None)
    assert [(q.answer, q.options) for q in result.questions] == [("B", {"A": "甲", "B": "乙"})]
    assert [(e.line, e.message) for e in result.errors] == [
        (6, "答案C不在选项中（题二）"), (11, "ANSWER 行前没有题目")]


# ---- YAML -----------------------------------------------------------------------------------

BANK_FILE = """\
category: basic
law: 中华人民共和国行政处罚法
version: "2021"
tags: [行政处罚]
questions:
  - type: 单选
    stem: 违法行为在几年内未被发现的，不再给予行政处罚？
    options: {A: 一年, B: 二年, C: 三年, D: 五年}
    answer: B
    difficulty: 1
    article: 第三十六条
    tags: [时效]

  - type: 多选
    stem: 下列哪些属于行政处罚？
    options:
      A: 警告
      B: 罚款
      C: 行政拘留
      D: 记过
    answer: A，C，Ｂ
    category: legal_review

  - type: 判断
    stem: 行政处罚的设定应当公开。
    answer: true
    law: 中华人民共和国行政许可法

  - type: 填空
    stem: 当事人应当在____内提出听证要求。
    answer: [["五日", "5日"]]
    version: 2017

  - type: short
    stem: 简述<听证>程序 & 适用范围。
    answer: |
      较大数额罚款等。
      应当告知听证权利。
    scoring_points: [较大数额罚款, 告知听证权利]
"""


def test_yaml_parses_each_type_with_inheritance():
    result = parse_yaml_text(BANK_FILE)
    assert result.errors == []
    single, multiple, truefalse, fill, short = result.questions
    assert [q.source_line for q in result.questions] == [6, 14, 24, 29, 34]
    assert (single.answer, single.difficulty, single.tags) == ("B", 1, ["行政处罚", "时效"])
    assert (single.basis_law, single.basis_version, single.basis_article) == (
        "中华人民共和国行政处罚法", "2021", "第三十六条")
    assert (multiple.answer, multiple.category) == ("ABC", "legal_review")
    # A question citing another law does not take the file's version.
    assert (truefalse.answer, truefalse.basis_law, truefalse.basis_version) == (
        "正确", "中华人民共和国行政许可法", None)
    assert (fill.answer, fill.basis_version, fill.category) == ("五日/5日", "2017", "basic")
    assert short.stem == "简述<听证>程序 & 适用范围。"
    assert short.answer == "较大数额罚款等。\n应当告知听证权利。"
    assert short.scoring_points == ["较大数额罚款", "告知听证权利"]


def test_yaml_errors_point_at_the_key():
    text = ("category: basic\nquestions:\n"
            "  - type: 单选\n    stem: 题\n    options: {A: 甲, C: 丙}\n    anwser: A\n"
            "  - type: 判断\n    stem: 题二\n    answer: 也许\n    difficulty: 难\n"
            "  - type: 简答\n    stem: 题三\n    answer: 答\n    version: 21\n")
    result = parse_yaml_text(text, source="basic/x.yaml")
    found = [(e.line, e.column, e.message) for e in result.errors]
    assert found == [
        (6, "anwser", "basic/x.yaml: 未知的键 anwser（可用: type, name, stem, options, answer, "
                      "scoring_points, difficulty, law, version, article, explanation, tags, "
                      "category）"),
        (5, "options", "basic/x.yaml: 选项字母应从A起连续，现为AC"),
        (3, "answer", "basic/x.yaml: 答案为空"),
        (10, "difficulty", "basic/x.yaml: 难度应为1到5的整数（现为 难）"),
        (9, "answer", "basic/x.yaml: 判断题答案应为正确或错误（现为 也许）"),
        (14, "version", 'basic/x.yaml: 版本应为四位年份，如 "2021"（现为 21）'),
    ]
    assert result.questions == []


@pytest.mark.parametrize("text, line, message", [
    ("questions: [\n", 2, "YAML 语法错误"),
    ("- type: 单选\n", 1, "文件顶层应为映射"),
    ("category: basic\n", 1, "缺少 questions"),
    ("questions:\n  - type: 填空\n    stem: 甲\n    answer: 乙\n", 2, "缺少专业类别"),
    ("category: basic\ncategory: food\nquestions: []\n", 2, "重复的键 category"),
])
def test_yaml_file_level_errors(text, line, message):
    result = parse_yaml_text(text)
    assert result.errors[0].line == line
    assert result.errors[0].message.startswith(message)


def test_yaml_anchors_and_aliases_are_refused_in_chinese():
    """An alias repeats a subtree without its text: a small file could take hours to import."""
    tags = "&t [" + ", ".join(f"标签{i}" for i in range(200)) + "]"
    text = (f"category: basic\ntags: {tags}\nquestions:\n" +
            "".join(f"  - type: 判断\n    stem: 题{i}\n    answer: 正确\n    tags: *t\n"
                    for i in range(300)))
    result = parse_yaml_text(text, source="bomb.yaml")
    assert result.questions == []
    assert [(e.line, e.message) for e in result.errors] == [
        (2, "bomb.yaml: 不支持 YAML 锚点和别名（& 与 *），请把内容直接写出")]
    alias_only = parse_yaml_text("category: basic\nquestions: *nothing\n")
    assert alias_only.errors and alias_only.questions == []


def test_yaml_path_reads_a_folder_sorted_with_relative_names(tmp_path):
    (tmp_path / "food").mkdir()
    (tmp_path / ".hidden").mkdir()
    good = "category: food\nquestions:\n  - {type: 判断, stem: 甲, answer: 对}\n"
    (tmp_path / "food" / "b.yml").write_text(good, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(good.replace("甲", "乙"), encoding="utf-8")
    (tmp_path / ".hidden" / "c.yaml").write_text("nonsense: [", encoding="utf-8")
    (tmp_path / "food" / "bad.yaml").write_text("questions: 1\n", encoding="utf-8")
    result = parse_yaml_path(tmp_path)
    assert [(q.stem, q.source) for q in result.questions] == [("乙", "a.yaml"),
                                                              ("甲", "food/b.yml")]
    assert [str(e) for e in result.errors] == [
        "第1行: questions: food/bad.yaml: questions 应为题目列表"]
    assert parse_yaml_path(tmp_path / "a.yaml").questions[0].stem == "乙"


@pytest.mark.skipif(not (ROOT / "question_bank" / "README.md").exists(), reason="no README")
def test_readme_example_parses():
    readme = (ROOT / "question_bank" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(category:.*?)```", readme, re.S)[1]
    result = parse_yaml_text(example)
    assert result.errors == []
    assert [(q.type, q.answer, q.basis_version) for q in result.questions] == [
        ("single", "B", "2021")]


# ---- Round trips ----------------------------------------------------------------------------

def bank_questions() -> list[ParsedQuestion]:
    return [
        ParsedQuestion("single", "行政处罚的设定和实施，应当遵循什么原则？",
                       {"A": "公正、公开", "B": "公正、公开的原则", "C": "yes", "D": "2021"}, "B",
                       category="basic", difficulty=2, basis_law="中华人民共和国行政处罚法",
                       basis_version="2021", basis_article="第五条", explanation="见第五条。",
                       tags=["原则", "设定"]),
        ParsedQuestion("multiple", "下列哪些 <b>不是</b> 处罚种类？\n（多选）",
                       {"A": "警告", "B": "罚款", "C": "记过"}, "AC", category="food",
                       basis_law="中华人民共和国食品安全法"),
        ParsedQuestion("truefalse", "说法: 正确吗? # 不是注释", answer="错误",
                       category="basic", basis_law="行政处罚法第36条"),
        ParsedQuestion("fill", "期限为____，延长____。", answer="七日/7日|十五日",
                       category="basic", difficulty=5),
        ParsedQuestion("short", "简述听证程序。", answer="第一段。\n第二段：要点。",
                       category="legal_review", scoring_points=["要点一", "要点二"],
                       basis_law="中华人民共和国行政处罚法", basis_article="第六十三条"),
    ]


def test_yaml_round_trip():
    questions = bank_questions()
    result = parse_yaml_text(dump_yaml(questions))
    assert result.errors == []
    assert result.questions == questions


def test_yaml_round_trip_factors_shared_defaults():
    questions = [replace(q, category="basic", basis_law="中华人民共和国行政处罚法",
                         basis_version="2021") for q in bank_questions()]
    text = dump_yaml(questions)
    assert text.startswith("category: basic\nlaw: 中华人民共和国行政处罚法\nversion: '2021'\n")
    assert parse_yaml_text(text).questions == questions


def test_rows_round_trip():
    questions = bank_questions()
    rows = rows_for_template(questions)
    result = parse_rows(enumerate(rows, start=2))
    assert result.errors == []
    assert result.questions == questions
    assert [q.source_line for q in result.questions] == [2, 3, 4, 5, 6]
    assert rows[0]["法律依据"] == "《中华人民共和国行政处罚法》(2021) 第五条"


def test_gift_export_to_yaml_and_rows_round_trips():
    gift = parse_gift("::名::甲是{~乙 =丙}吗", category="basic", skip_unsupported=False)
    assert parse_yaml_text(dump_yaml(gift.questions)).questions == gift.questions
    from_rows = parse_rows(enumerate(rows_for_template(gift.questions), 2)).questions
    assert from_rows == [replace(gift.questions[0], name=None)]


# ---- Template rows --------------------------------------------------------------------------

def row(**cells) -> dict[str, object]:
    return {"题型": "单选", "题干": "题", "选项A": "甲", "选项B": "乙", "答案": "A",
            "专业类别": "basic", **cells}


def test_rows_cell_values_as_excel_gives_them():
    rows = [(2, row(难度=3.0, 选项C=100, 答案="c")),
            (3, row(题型="判断题", 选项A=None, 选项B=None, 答案=True)),
            (4, row(题型="多选", 选项C="丙", 答案="Ａ，ｃ")),
            (5, {"题型": None, "题干": "  "}),
            (6, row(题型="填空", 选项A="", 选项B="", 答案="七日 / 7日 ｜ 十五日",
                    知识点="时效，期限、 听证", 评分要点="x")),
            (7, row(题型="简答", 选项A=None, 选项B=None, 答案="答", 评分要点="一；二\n三;")),
            ]
    result = parse_rows(rows)
    assert [(e.line, e.column, e.message) for e in result.errors] == [
        (6, "评分要点", "只有简答题可以有评分要点")]
    single, truefalse, multiple, short = result.questions
    assert (single.difficulty, single.options["C"], single.answer) == (3, "100", "C")
    assert (truefalse.type, truefalse.answer, truefalse.options) == ("truefalse", "正确", {})
    assert multiple.answer == "AC"
    assert short.scoring_points == ["一；二", "三;"]
    fill = parse_rows([(6, row(题型="填空", 选项A="", 选项B="", 答案="七日 / 7日 ｜ 十五日",
                              知识点="时效，期限、 听证"))]).questions[0]
    assert (fill.answer, fill.tags) == ("七日/7日|十五日", ["时效", "期限", "听证"])


def test_rows_errors_name_row_and_column():
    rows = [(2, row(专业类别="", 难度="很难")),
            (3, row(题型="论述", 题干="")),
            (4, row(选项C="丙", 选项E="戊", 答案="F")),
            (5, row(题型="多选", 答案="A")),
            (6, row(题型="判断", 答案="对")),
            (7, row(题型="填空", 选项A=None, 选项B=None, 答案="甲//乙|")),
            (8, row(选项B="  ", 难度=6))]
    result = parse_rows(rows)
    assert result.questions == []
    assert [str(e) for e in result.errors] == [
        "第2行: 专业类别: 专业类别为必填项",
        "第2行: 难度: 难度应为1到5的整数（现为 很难）",
        "第3行: 题型: 题型无效: 论述（应为单选、多选、判断、填空或简答）",
        "第3行: 题干: 题干为空",
        "第4行: 选项: 选项字母应从A起连续，现为ABCE",
        "第4行: 答案: 答案F不在选项中",
        "第5行: 答案: 多选题至少要有两个正确选项",
        "第6行: 选项: 判断题不应有选项",
        "第7行: 答案: 填空题第1空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）",
        "第7行: 答案: 填空题第2空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）",
        "第8行: 选项: 单选题需要2到8个选项，现有1个",
        "第8行: 难度: 难度应为1到5的整数（现为 6）",
    ]


@pytest.mark.parametrize("text, expected", [
    ("《中华人民共和国行政处罚法》(2021) 第三十六条", ("中华人民共和国行政处罚法", "2021", "第三十六条")),
    ("《中华人民共和国行政处罚法》（2021年修订）第三十六条第一款",
     ("中华人民共和国行政处罚法", "2021", "第三十六条第一款")),
    ("《中华人民共和国计量法》", ("中华人民共和国计量法", None, None)),
    ("《产品质量法》 第四十九条", ("产品质量法", None, "第四十九条")),
    ("行政处罚法第三十六条", ("行政处罚法第三十六条", None, None)),
    ("《行政处罚法》相关规定", ("《行政处罚法》相关规定", None, None)),
    ("", (None, None, None)),
])
def test_parse_basis(text, expected):
    assert parse_basis(text) == expected


# ---- validate -------------------------------------------------------------------------------

@pytest.mark.parametrize("question, messages", [
    (ParsedQuestion("single", "题", {"A": "甲", "B": "乙"}, "A"), []),
    (ParsedQuestion("single", "题", {"A": "甲", "B": "乙"}, "AB"),
     ["单选题答案应为一个选项字母，如 B（现为 AB）"]),
    (ParsedQuestion("multiple", "题", {"A": "甲", "B": "乙"}, "BA"),
     ["多选题答案应为按顺序排列的选项字母，如 ACD（现为 BA）"]),
    (ParsedQuestion("single", "题", dict(zip("ABCDEFGHI", "123456789", strict=True)), "A"),
     ["单选题需要2到8个选项，现有9个"]),
    (ParsedQuestion("truefalse", "题", answer="T"), ["判断题答案应为正确或错误（现为 T）"]),
    (ParsedQuestion("fill", "题", answer=""), ["答案为空"]),
    (ParsedQuestion("short", " ", answer=""), ["题干为空", "简答题需要参考答案"]),
    (ParsedQuestion("", "题"), ["缺少题型"]),
    (ParsedQuestion("short", "题", answer="答", basis_article="第五条", basis_version="2021年"),
     ["有版本或条款但缺少法律名称", "法律版本应为四位年份，如 2021（现为 2021年）"]),
])
def test_validate(question, messages):
    assert validate(question) == messages
