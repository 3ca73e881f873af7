"""GIFT exported from Moodle ([html], [markdown]) becomes plain text; Aiken is told from GIFT."""
import pytest
from sqlalchemy import select

from app.questions.formats import parse_gift
from app.questions.formats.markup import html_to_text, to_plain
from app.questions.models import QuestionVersion
from app.questions.reading import text_format

# As Moodle 4 exports a question written in its editor: `=`, `{`, `}`, `#`, `:` escaped.
MOODLE_GIFT = r"""// question: 101  name: 追责时效
::追责时效::[html]<p dir\="ltr" style\="text-align\: left;">违法行为在<strong>几年</strong>内未被发现的，不再给予行政处罚？<br></p>{
	~%0%<p dir\="ltr">一年<br></p>
	=<p dir\="ltr">二年<br></p>
	~<p>三年 &amp; 以上</p>
	~<p>&lt;五年&gt;</p>
	####[html]<p>见《行政处罚法》第三十六条：<br>二年。</p><p>涉及公民生命健康的延长至五年。</p>
}

::花括号::[html]<p>下列写法正确的是 \{x\} 与 a\=b？</p>{
	=<p>&nbsp;x&nbsp;\=&nbsp;1 </p>
	~<p>x \# 2</p>
}

::填空::[html]<p>食品经营者应当依法取得&nbsp;{=<span>许可</span>=<b>许可证</b>}&nbsp;。</p>

::判断::[markdown]食品生产经营者**无需**取得许可。{F####[markdown]见 *食品安全法* 第三十五条}

::继承::[html]<p>答案沿用题干的格式</p>{=<em>甲</em> ~[plain]<em>乙</em>}
"""


@pytest.fixture
def parsed():
    result = parse_gift(MOODLE_GIFT, category="basic")
    assert result.errors == []
    return {q.name: q for q in result.questions}


def test_html_stems_options_and_feedback_become_plain_text(parsed):
    q = parsed["追责时效"]
    assert q.stem == "违法行为在几年内未被发现的，不再给予行政处罚？"
    assert q.options == {"A": "一年", "B": "二年", "C": "三年 & 以上", "D": "<五年>"}
    assert q.answer == "B"
    assert q.explanation == "见《行政处罚法》第三十六条：\n二年。\n涉及公民生命健康的延长至五年。"
    assert "[html]" not in q.explanation


def test_escapes_and_entities_are_decoded_after_the_markup_is_read(parsed):
    q = parsed["花括号"]
    assert q.stem == "下列写法正确的是 {x} 与 a=b？"
    assert q.options == {"A": "x = 1", "B": "x # 2"}


def test_the_key_of_a_fill_in_is_compared_after_conversion(parsed):
    q = parsed["填空"]
    assert q.stem == "食品经营者应当依法取得 ____ 。"
    assert q.answer == "许可/许可证"          # no "</span>" slash taken for a separator


def test_markdown_and_an_answers_own_marker(parsed):
    q = parsed["判断"]
    assert (q.stem, q.answer, q.explanation) == ("食品生产经营者无需取得许可。", "错误",
                                                 "见 食品安全法 第三十五条")
    assert parsed["继承"].options == {"A": "甲", "B": "<em>乙</em>"}


def test_the_same_question_in_html_and_plain_is_one_question(runner, db, tmp_path):
    html = tmp_path / "moodle.gift"
    html.write_text("[html]<p>行政处罚的追责时效是<b>几年</b>？</p>{~<p>一年</p> =<p>二年</p>}\n",
                    encoding="utf-8")
    plain = tmp_path / "plain.gift"
    plain.write_text("行政处罚的追责时效是几年？{~一年 =二年}\n", encoding="utf-8")
    first = runner.invoke(args=["import", "questions", str(html), "--category", "basic"])
    assert "新增 1 条" in first.output, first.output
    second = runner.invoke(args=["import", "questions", str(plain), "--category", "basic"])
    assert "新增 0 条, 更新 0 条, 未变 1 条" in second.output, second.output
    stored = db.session.scalar(select(QuestionVersion))
    assert (stored.stem, stored.options) == ("行政处罚的追责时效是几年？", {"A": "一年", "B": "二年"})


@pytest.mark.parametrize(("html", "text"), [
    ("<p>a</p><p>b</p>", "a\nb"),
    ("a<br>b<br/>c", "a\nb\nc"),
    ("<ul><li>甲</li><li>乙</li></ul>", "甲\n乙"),
    ("x &lt;&gt; &quot;y&quot; &#39;z&#39; &#x4E2D;", "x <> \"y\" 'z' 中"),
    ("<p>  多个\n  空白 </p>", "多个 空白"),
    ("<script>alert(1)</script><style>p{}</style>正文", "正文"),
    ('<img src="@@PLUGINFILE@@/a.png" alt="流程图">', "[图片: 流程图]"),
    ("<table><tr><td>甲</td><td>乙</td></tr></table>", "甲 乙"),
])
def test_html_to_text(html, text):
    assert html_to_text(html) == text


def test_plain_and_moodle_formats_are_kept():
    assert to_plain(" <b>原样</b> ", "plain") == "<b>原样</b>"
    assert to_plain("**原样**", "moodle") == "**原样**"


AIKEN = "行政处罚的追责时效是几年？\nA. 一年\nB. 二年\nANSWER: B\n\n下列哪项写法正确 {x}？\nA) a\nB) b\nANSWER: A\n"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_aiken_is_recognised_with_any_line_ending_and_with_braces(newline):
    assert text_format(AIKEN.replace("\n", newline)) == "aiken"


def test_gift_is_still_gift():
    assert text_format(MOODLE_GIFT) == "gift"
    assert text_format("题目？{T}\n") == "gift"
    assert text_format("::名::ANSWER: 写在题干里\n{=甲 ~乙}") == "gift"


def test_an_old_mac_aiken_file_with_braces_imports(runner, db, tmp_path):
    path = tmp_path / "aiken.txt"
    path.write_bytes(AIKEN.replace("\n", "\r").encode("utf-8"))
    result = runner.invoke(args=["import", "questions", str(path), "--category", "basic"])
    assert result.exit_code == 0, result.output
    assert "新增 2 条" in result.output
    stems = set(db.session.scalars(select(QuestionVersion.stem)))
    assert stems == {"行政处罚的追责时效是几年？", "下列哪项写法正确 {x}？"}


def test_an_aiken_file_taken_for_gift_says_to_use_format_aiken(runner, db, tmp_path):
    path = tmp_path / "aiken.txt"
    path.write_text("::不是标题::题目\nA. 甲\nB. 乙\nANSWER: A\n", encoding="utf-8")
    result = runner.invoke(args=["import", "questions", str(path), "--category", "basic"])
    assert result.exit_code != 0
    assert "--format aiken" in result.output
