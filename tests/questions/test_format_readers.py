"""Each file reader's own rules, hand-written cases (the shared rules are in test_format_rules)."""
import pytest

from app.core.imports import MERGED_CELL
from app.core.tables import MERGED
from app.questions.formats.aiken import parse_aiken
from app.questions.formats.gift import parse_gift
from app.questions.formats.markup import html_to_text
from app.questions.formats.model import ParsedQuestion, ParseError
from app.questions.formats.rows import HEADERS, cell_text, parse_rows, rows_for_template
from app.questions.formats.yaml_bank import dump_yaml, parse_yaml_path, parse_yaml_text


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


# ---- GIFT -----------------------------------------------------------------------------------

def gift(text: str, **kwargs):
    result = parse_gift(text, **kwargs)
    return [(q.type, q.stem, q.options, q.answer) for q in result.questions], errors(result)


def test_gift_errors_name_their_column_and_question():
    cases = {
        "题干 {=甲 ~}": (1, "选项B", "选项B内容为空（题干）"),
        "一个 数值题{#3}": (1, "题型", "题型不支持: 数值题（一个 数值题）"),
        "::没有结尾 {T}": (1, "题干", "题目名称缺少结尾的 ::（::没有结尾）"),
        "问 {X =甲 ~乙}": (1, "答案", "无法识别的答案: X（问）"),
        "问 {=甲 =乙 ~丙}": (1, "答案", "有多个完全正确的选项，无法判断是单选还是多选（问）"),
        "问 {~甲 ~乙}": (1, "答案", "没有完全正确的选项（问）"),
        "问 {~%50%甲 ~乙}": (1, "答案", "没有完全正确的选项（问）"),
        "问 {=%50%甲}": (1, "答案", "没有完全正确的答案（问）"),
        "问 {=七日/7日}": (1, "答案", "填空答案不能包含 / 或 |（它们用来分隔备选答案和空）（问）"),
        "问 {=七日|十五日}": (1, "答案", "填空答案不能包含 / 或 |（它们用来分隔备选答案和空）（问）"),
        "题干 {=甲": (1, "答案", "花括号不配对（题干）"),
        "题干 }": (1, "答案", "花括号不配对（题干 }）"),
        "{=甲 没有结尾": (1, "答案", "花括号不配对（）"),
    }
    for text, error in cases.items():
        assert gift(text) == ([], [error]), text


def test_gift_unsupported_types_are_errors_unless_skipped():
    assert gift("数值 {#3}")[1] == [(1, "题型", "题型不支持: 数值题（数值）")]
    result = parse_gift("数值 {#3}\n\n问 {T}", skip_unsupported=True)
    assert result.skipped == [(1, "题型不支持: 数值题（数值）")] and len(result.questions) == 1


def test_gift_braces_may_open_the_text_and_only_the_first_pair_is_the_answer():
    assert gift("{=七日}内") == ([("fill", "____内", {}, "七日")], [])
    assert gift("含有右括号}的题干{T}") == ([("truefalse", "含有右括号}的题干", {}, "正确")], [])
    assert gift("A {=甲} B {=乙}") == ([("fill", "A ____ B {=乙}", {}, "甲")], [])


def test_gift_feedback_after_the_first_hash_is_dropped():
    assert gift("问 {=甲#对 #再说一句 ~乙#错}") == (
        [("single", "问", {"A": "甲", "B": "乙"}, "A")], [])
    assert gift("问 {TRUE#答错时#答对时}") == ([("truefalse", "问", {}, "正确")], [])


def test_gift_small_positive_weights_make_a_multiple_choice():
    assert gift("选 {~%1%甲 ~%1%乙 ~丙}") == (
        [("multiple", "选", {"A": "甲", "B": "乙", "C": "丙"}, "AB")], [])


def test_gift_lines_escapes_bom_and_categories():
    assert gift("\ufeff第一行\n第二行 {T}") == ([("truefalse", "第一行\n第二行", {}, "正确")], [])
    assert gift("第一行\\n第二行 {F}") == ([("truefalse", "第一行\n第二行", {}, "错误")], [])
    result = parse_gift("$CATEGORY: 食品安全\n\n一 {T}\n\n$CATEGORY: $course$/top/特种设备\n二 {F}\n")
    assert [q.category for q in result.questions] == ["食品安全", "特种设备"]


def test_gift_titles():
    result = parse_gift("  ::标题:: 题干 a::b {T}\n\n::::无题 {F}")
    assert [(q.name, q.stem) for q in result.questions] == [("标题", "题干 a::b"), (None, "无题")]


def test_gift_html_reaches_the_explanation_and_an_empty_tail_adds_no_blank():
    result = parse_gift("[html]<p>题干</p>{T####<b>解析</b>}<br>")
    question = result.questions[0]
    assert (question.stem, question.explanation) == ("题干", "解析")


def test_a_stem_may_start_with_a_latin_x():
    assert parse_aiken("X射线机\nA. 甲\nB. 乙\nANSWER: A").questions[0].stem == "X射线机"
    assert parse_gift("X射线机 {T}").questions[0].stem == "X射线机"


# ---- HTML as plain text ---------------------------------------------------------------------

def test_html_pre_keeps_its_line_breaks_and_only_its_own():
    assert html_to_text("<pre>a\nb</pre>c\nd") == "a\nb\nc d"
    assert html_to_text("<pre>a<pre>b</pre>c\nd</pre>e\nf") == "a\nb\nc\nd\ne f"
    assert html_to_text("</pre>c\nd") == "c d"


def test_html_head_title_and_self_closed_skipped_tags_show_nothing():
    assert html_to_text("<head><title>标题</title>头</head>正文") == "正文"
    assert html_to_text("<script/>正文") == "正文"


def test_html_images_show_their_alt_text():
    assert html_to_text('<img src="a.png" alt=" 流程图 "/>') == "[图片: 流程图]"
    assert html_to_text('<img src="a.png">') == "[图片]"
    assert html_to_text('<img src="a.png" alt="  ">') == "[图片]"


# ---- spreadsheet rows -----------------------------------------------------------------------

ROW = {"题型": "单选", "题干": "题干", "选项A": "甲", "选项B": "乙", "答案": "A",
       "专业类别": "basic"}


def test_cells_read_as_shown():
    assert [cell_text(v) for v in (None, True, False, 3.0, 2.5, " 甲\r\n乙 ")] == [
        "", "TRUE", "FALSE", "3", "2.5", "甲\n乙"]
    assert [cell_text(v) for v in ("'=SUM(A1)", "'+1", "'-1", "'@x", "'甲", "a=b", "'")] == [
        "=SUM(A1)", "+1", "-1", "@x", "'甲", "a=b", "'"]


def test_a_merged_cell_names_its_row_and_column_and_the_row_is_not_read():
    result = parse_rows([(3, dict(ROW, **{" 题干 ": MERGED}))])
    assert result.questions == []
    assert errors(result) == [(3, "题干", MERGED_CELL)]


def test_a_row_lists_the_optional_columns_it_left_blank():
    result = parse_rows([(2, dict(ROW, 难度="3", 知识点="甲、乙"))])
    question = result.questions[0]
    assert question.blank == frozenset({"basis", "explanation", "scoring_points"})
    assert (question.difficulty, question.tags) == (3, ["甲", "乙"])
    plain = parse_rows([(2, ROW)]).questions[0]
    assert (plain.basis_law, plain.tags, plain.explanation) == (None, [], None)


def test_a_row_without_the_type_and_answer_columns_is_refused_by_column():
    result = parse_rows([(4, {"题干": "题干", "专业类别": "basic"})])
    assert errors(result) == [(4, "题型", "缺少题型")]
    no_answer = parse_rows([(5, {k: v for k, v in ROW.items() if k != "答案"})])
    assert errors(no_answer) == [(5, "答案", "答案为空")]
    no_stem = parse_rows([(6, {k: v for k, v in ROW.items() if k != "题干"})])
    assert [(e.line, e.column) for e in no_stem.errors] == [(6, "题干")]


def test_template_rows_have_every_header_in_order():
    question = parse_rows([(2, ROW)]).questions[0]
    row = rows_for_template([question])[0]
    assert list(row) == list(HEADERS)
    assert (row["题型"], row["选项C"], row["难度"], row["专业类别"]) == ("单选", "", "", "basic")
    question.type, question.difficulty, question.category = "other", 0, None
    row = rows_for_template([question])[0]
    assert (row["题型"], row["难度"], row["专业类别"]) == ("other", 0, "")


def test_a_single_answer_z_is_a_letter_not_among_the_options():
    result = parse_rows([(2, dict(ROW, 答案="Z"))])
    assert errors(result) == [(2, "答案", "答案Z不在选项中")]


# ---- question_bank YAML ---------------------------------------------------------------------

def yaml_read(body: str, head: str = "category: basic\n"):
    result = parse_yaml_text(head + "questions:\n" + body, source="t.yaml")
    return ([(q.type, q.stem, q.options, q.answer, q.basis_law, q.difficulty, q.tags)
             for q in result.questions], errors(result))


def test_yaml_errors_name_line_key_and_file():
    assert yaml_read("  - 只是文本\n") == (
        [], [(3, "questions", "t.yaml: 每道题应为一个映射（type、stem、answer …）")])
    assert yaml_read("  - type: 判断\n    stem: 题\n    answer: 正确\n", head="") == (
        [], [(2, "category", "t.yaml: 缺少专业类别（在文件或题目中给出 category）")])
    assert yaml_read("  - type: 单选\n    stem: 题\n    options: [甲, 乙]\n    answer: A\n")[1][0] == (
        5, "options", "t.yaml: 应为字母到选项内容的映射，如 {A: ..., B: ...}")
    assert yaml_read("  - type: 单选\n    stem: 题\n    options: {A: 甲, a: 乙}\n    answer: A\n"
                     )[1][0] == (5, "options", "t.yaml: 选项A重复")
    assert yaml_read("  - stem: 题\n    answer: 正确\n") == ([], [(3, "type", "t.yaml: 缺少题型")])
    assert yaml_read("  - type: 判断\n    answer: 正确\n") == ([], [(3, "stem", "t.yaml: 题干为空")])
    assert yaml_read("  - type: 判断\n    stem: 题\n    answer: 正确\n    difficulty: 9\n") == (
        [], [(6, "difficulty", "t.yaml: 难度应为1到5的整数（现为 9）")])


def test_yaml_empty_values():
    assert yaml_read("  - type: 单选\n    stem: 题\n    options: {A: , B: 乙}\n    answer:\n") == (
        [], [(5, "options", "t.yaml: 选项A内容为空"), (6, "answer", "t.yaml: 答案为空")])
    assert yaml_read("  - type: 单选\n    stem: 题\n    options: {Ａ: 甲, B: 乙, '': 丙}\n"
                     "    answer: A\n")[1] == [(5, "options", "t.yaml: 选项字母应从A起连续，现为AB")]
    assert yaml_read("  - type: 判断\n    stem: 题\n    answer: 正确\n    difficulty:\n"
                     "    law:\n    tags: 甲\n") == (
        [("truefalse", "题", {}, "正确", None, None, ["甲"])], [])


def test_yaml_fill_answers_and_law_names():
    assert yaml_read("  - type: 填空\n    stem: 期限为____，____\n"
                     "    answer: [[七日, 7日], 十五日]\n    law: 《某法》\n") == (
        [("fill", "期限为____，____", {}, "七日/7日|十五日", "某法", None, [])], [])
    assert yaml_read("  - type: 填空\n    stem: 期限为____\n    answer: [[七日, '']]\n") == (
        [], [(5, "answer", "t.yaml: 填空题第1空有空的备选答案（空之间用|分隔，备选答案之间用/分隔）")])


def test_yaml_paths(tmp_path):
    (tmp_path / "a.yaml").write_text("category: basic\nquestions:\n  - type: 判断\n"
                                     "    stem: 题\n    answer: 正确\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_bytes("category: 基本\n".encode("gbk"))
    assert parse_yaml_path(tmp_path / "a.yaml").questions[0].source == "a.yaml"
    assert parse_yaml_path(tmp_path / "a.yaml", "上传.yaml").questions[0].source == "上传.yaml"
    assert errors(parse_yaml_path(tmp_path / "b.yaml")) == [(1, "", "b.yaml: 文件不是 UTF-8 编码")]
    with pytest.raises(FileNotFoundError, match="找不到文件或目录"):
        parse_yaml_path(tmp_path / "c.yaml")


DUMPED = """category: basic
law: 某法
questions:
  - type: 单选
    stem: |-
      第一行
      第二行
    options:
      A: 甲
      B: 乙
    answer: A
    version: '2021'
    article: 第三条
    tags: [甲, 乙]
  - type: 填空
    stem: 期限为____{long}
    answer: [[七日, 7日], [十五日]]
    difficulty: 2
    version: '2019'
"""


def test_yaml_written_with_shared_keys_once_blocks_and_inline_lists():
    first = ParsedQuestion(type="single", stem="第一行\n第二行", options={"A": "甲", "B": "乙"},
                           answer="A", category="basic", basis_law="某法", basis_version="2021",
                           basis_article="第三条", tags=["甲", "乙"])
    long = "长" * 90
    second = ParsedQuestion(type="fill", stem="期限为____" + long, answer="七日/7日|十五日",
                            category="basic", basis_law="某法", basis_version="2019",
                            difficulty=2)
    assert dump_yaml([first, second]) == DUMPED.replace("{long}", long)
    other = ParsedQuestion(type="other", stem="题", answer="x", category="other",
                           basis_law="某法", basis_version="2021")
    text = dump_yaml([first, other])
    assert text.startswith("law: 某法\nversion: '2021'\nquestions:\n")
    assert "  - type: other\n" in text and "    category: other\n" in text
    assert "    category: basic\n" in text and "    version:" not in text
