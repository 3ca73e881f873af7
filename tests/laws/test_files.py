"""Law files and article numbers: read as written, refused with the line that is wrong."""
from datetime import date

import pytest

from app.laws import files, numbers
from tests.laws.conftest import law_file


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"),
                                     (102, "一百零二"), (110, "一百一十"), (154, "一百五十四"),
                                     (100, "一百"), (1000, "一千")])
def test_chinese_numbers_both_ways(n, text):
    assert numbers.to_chinese(n) == text
    assert numbers.to_int(text) == n


def test_a_reference_gives_article_and_clause():
    assert numbers.parse_ref("第三十六条第一款") == (36, 1)
    assert numbers.parse_ref("第一百零二条") == (102, None)
    assert numbers.parse_ref("三十六条") is None


def test_a_file_reads_into_articles_with_their_clauses():
    text = law_file("《某法》", "2020", "2020-05-01", {
        1: "第一款。\n\n（一）项一；\n\n（二）项二。\n\n第二款。", 3: "第三条的话。"})
    parsed = files.parse(text)
    assert (parsed.law, parsed.year, parsed.effective) == ("某法", "2020", date(2020, 5, 1))
    assert [a.number for a in parsed.articles] == [1, 3]
    assert parsed.articles[0].paragraphs == ["第一款。", "（一）项一；", "（二）项二。", "第二款。"]


def test_clauses_keep_enumerated_items_with_their_paragraph():
    from app.laws.models import Article

    article = Article(text="第一款：\n（一）甲；\n（十一）乙。\n第二款。")
    assert article.clauses == ["第一款：\n（一）甲；\n（十一）乙。", "第二款。"]


@pytest.mark.parametrize("text, where", [
    ("law: 某法\n", "文件应以 --- 开头"),
    ("---\nlaw: 某法\nversion: 20\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n第一条 甲。",
     "版本应为四位年份"),
    ("---\nlaw: 某法\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-13-01\n---\n第一条 甲。",
     "日期应写作 YYYY-MM-DD"),
    ("---\nlaw: 某法\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n第二条 甲。\n第一条 乙。",
     "条号应递增"),
    ("---\nlaw: 某法\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-01-01\nauthor: x\n---\n第一条 甲。",
     "未知的键"),
])
def test_a_bad_file_says_why_in_chinese(text, where):
    with pytest.raises(files.LawFileError) as caught:
        files.parse(text)
    assert where in str(caught.value)
