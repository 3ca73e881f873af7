"""Each file reader's own rules, hand-written cases (the shared rules are in test_format_rules)."""
from app.questions.formats.aiken import parse_aiken
from app.questions.formats.gift import parse_gift
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
