"""The law library's rules with hand-computed cases: article numbers, the file format, which
version is in force on a day, and how an old article fares in a new version."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.core.actor import CLI
from app.extensions import db as _db
from app.laws import files, numbers, queries, services
from app.laws.models import Article, CitationReview, Law, LawVersion
from tests.laws.conftest import law_file

HEAD = "---\nlaw: 某法\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-01-01\n"


# ---- article numbers ------------------------------------------------------------------------

@pytest.mark.parametrize("n, text", [
    (0, "零"), (9, "九"), (15, "十五"), (19, "十九"), (21, "二十一"), (99, "九十九"),
    (101, "一百零一"), (120, "一百二十"), (305, "三百零五"), (1001, "一千零一"),
    (1010, "一千零一十"), (1100, "一千一百"), (1234, "一千二百三十四"), (2000, "二千"),
    (9999, "九千九百九十九")])
def test_numbers_written_in_chinese(n, text):
    assert numbers.to_chinese(n) == text
    assert numbers.to_int(text) == n


def test_plain_digits_read_as_they_are():
    assert numbers.to_int("36") == 36
    assert numbers.to_int("一十二") == 12      # 一十 is read as 十


@given(st.integers(min_value=1, max_value=9999))
def test_every_number_reads_back(n):
    assert numbers.to_int(numbers.to_chinese(n)) == n


def test_label_and_references():
    assert numbers.label(5) == "第五条"
    assert numbers.label(110) == "第一百一十条"
    assert numbers.parse_ref("  第三十六条第二款 ") == (36, 2)
    assert numbers.parse_ref("第36条第2款") == (36, 2)
    assert numbers.parse_ref("第十条第十款") == (10, 10)
    assert numbers.parse_ref("第三十六条之一") == (36, None)
    assert numbers.parse_ref(None) is None
    assert numbers.parse_ref("") is None
    assert numbers.parse_ref("本法第三条") is None
    assert numbers.STEM_NUMBER.findall("依照第六条和第12条") == ["第六条", "第12条"]


# ---- law files ------------------------------------------------------------------------------

def test_files_in_takes_md_and_txt_but_no_readme_or_hidden_folder(tmp_path):
    for name in ("b.md", "a.txt", "c.pdf", "README.md", "sub/d.md", ".git/e.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = files.files_in(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.txt", "b.md", "sub/d.md"]
    assert files.files_in(tmp_path / "c.pdf") == [tmp_path / "c.pdf"]


def test_a_file_with_everything_in_it():
    text = ("\ufeff---\nlaw: 《某法》\nversion: \"2021\"\nlabel: 2021年修订\n"
            "promulgated: 2021-03-01\neffective: 2021-06-01\nrepealed: 2021-06-02\n"
            "partial: 是\nsource: 某处\n---\n前言不算条文。\n# 第一章\n<!-- 注释 -->\n"
            "第一条\u3000\u3000为了……\n第二条\n\n  第一款。\n（一）项；\n第一百零二条 最后。\n")
    parsed = files.parse(text, "x.md")
    assert (parsed.law, parsed.year, parsed.label, parsed.filename) == (
        "某法", "2021", "2021年修订", "x.md")
    assert (parsed.promulgated, parsed.effective, parsed.repealed) == (
        date(2021, 3, 1), date(2021, 6, 1), date(2021, 6, 2))
    assert parsed.partial is True and parsed.source == "某处"
    assert [(a.number, a.paragraphs, a.line) for a in parsed.articles] == [
        (1, ["为了……"], 14), (2, ["第一款。", "（一）项；"], 15), (102, ["最后。"], 19)]
    assert parsed.articles[1].text == "第一款。\n（一）项；"


def test_defaults_of_a_short_file():
    parsed = files.parse(HEAD + "repealed:\n---\n第一条 甲。\n## 第二章\n<!-- 注 -->\n第二条 乙。\n")
    assert (parsed.label, parsed.repealed, parsed.partial, parsed.source, parsed.filename) == (
        "2020年版", None, False, "", "")
    assert [a.paragraphs for a in parsed.articles] == [["甲。"], ["乙。"]]


@pytest.mark.parametrize("value, partial", [("true", True), ("True", True), ("yes", True),
                                            ("是", True), ("false", False), ("no", False)])
def test_partial_is_yes_or_no(value, partial):
    assert files.parse(HEAD + f"partial: {value}\n---\n第一条 甲。\n").partial is partial


def _error(text: str) -> files.LawFileError:
    with pytest.raises(files.LawFileError) as caught:
        files.parse(text)
    return caught.value


@pytest.mark.parametrize("text, line, column, reason", [
    ("", 1, "文件头", "文件应以 --- 开头"),
    ("---\nlaw: 某法\n第一条 甲。\n", 1, "文件头", "文件头没有以 --- 结束"),
    ("---\nlaw: [某法\n---\n第一条 甲。\n", 2, "文件头", "不是有效的 YAML"),
    ("---\n- 某法\n---\n第一条 甲。\n", 2, "文件头", "「键: 值」"),
    ("---\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n第一条 甲。",
     1, "law", "缺少法律名称"),
    ("---\nlaw: 《》\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n"
     "第一条 甲。", 1, "law", "缺少法律名称"),
    ("---\nlaw: 某法\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n第一条 甲。",
     1, "version", "现为 空"),
    ("---\nlaw: 某法\nversion: 二〇二〇\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n"
     "第一条 甲。", 1, "version", "四位年份"),
    ("---\nlaw: 某法\nversion: '20201'\npromulgated: 2020-01-01\neffective: 2020-01-01\n---\n"
     "第一条 甲。", 1, "version", "四位年份"),
    ("---\nlaw: 某法\nversion: '2020'\neffective: 2020-01-01\n---\n第一条 甲。",
     1, "effective", "缺少公布日期或施行日期"),
    ("---\nlaw: 某法\nversion: '2020'\npromulgated: 2020-01-01\n---\n第一条 甲。",
     1, "effective", "缺少公布日期或施行日期"),
    ("---\nlaw: 某法\nversion: '2020'\npromulgated: 2020-01-01\neffective: 2020-01-01\n"
     "repealed: 2020-01-01\n---\n第一条 甲。", 1, "repealed", "废止日期应晚于施行日期"),
    ("---\nlaw: 某法\nversion: '2020'\npromulgated: 1.1.2020\neffective: 2020-01-01\n---\n"
     "第一条 甲。", 1, "promulgated", "现为 1.1.2020"),
    (HEAD + "author: x\nz: y\n---\n第一条 甲。", 1, "文件头", "未知的键: author、z"),
    (HEAD + "---\n# 第一章\n前言。\n", 7, "条文", "没有找到任何"),
    (HEAD + "---\n第一条 甲。\n第二条\n\n第三条 丙。\n", 8, "条文", "第二条没有内容"),
    (HEAD + "---\n第二条 甲。\n第二条 乙。\n", 8, "条文", "第二条出现在第二条之后"),
])
def test_a_bad_file_names_line_field_and_reason(text, line, column, reason):
    error = _error(text)
    assert (error.line, error.column) == (line, column)
    assert reason in error.reason and reason in str(error)
    assert str(error).startswith(f"第{line}行: {column}: ")


@pytest.mark.parametrize("text, reason", [
    ("", "文件应以 --- 开头的文件头（law、version、promulgated、effective）"),
    ("X---\nlaw: 某法\n---\n第一条 甲。", "文件应以 --- 开头的文件头（law、version、promulgated、effective）"),
    ("---\nlaw: 某法\n第一条 甲。\n", "文件头没有以 --- 结束"),
    ("---\n- 某法\n---\n第一条 甲。\n", "文件头应为「键: 值」的形式"),
    ("---\n---\n第一条 甲。\n", "缺少法律名称"),
    ("---\nlaw: 某法\nversion: '2020'\neffective: 2020-01-01\n---\n第一条 甲。", "缺少公布日期或施行日期"),
    (HEAD + "repealed: 2019-01-01\n---\n第一条 甲。", "废止日期应晚于施行日期"),
    (HEAD + "---\n# 第一章\n", "没有找到任何以「第X条」开头的条文"),
])
def test_the_reasons_in_full(text, reason):
    assert _error(text).reason == reason


def test_repealed_a_day_after_taking_effect_is_fine():
    parsed = files.parse(HEAD + "repealed: 2020-01-02\n---\n第一条 甲。\n")
    assert parsed.repealed == date(2020, 1, 2)


# ---- versions in force, 款 ------------------------------------------------------------------

def test_a_version_is_in_force_from_its_first_day_until_the_day_before_it_ends():
    version = LawVersion(effective=date(2020, 1, 1), ends_on=date(2021, 1, 1))
    assert [version.in_force_on(d) for d in (date(2019, 12, 31), date(2020, 1, 1),
                                             date(2020, 12, 31), date(2021, 1, 1))] == [
        False, True, True, False]
    open_ended = LawVersion(effective=date(2020, 1, 1), ends_on=None)
    assert open_ended.in_force_on(date(2099, 1, 1)) and not open_ended.in_force_on(
        date(2019, 12, 31))


def test_clauses_join_numbered_items_only():
    article = Article(text="（一）开头的款；\n第一款：\n（十）甲；\n（注）另一款。\n第三款。")
    assert article.clauses == ["（一）开头的款；", "第一款：\n（十）甲；", "（注）另一款。",
                               "第三款。"]


def test_a_review_is_open_until_decided_and_names_its_kind():
    review = CitationReview(kind="renumbered", decision=None)
    assert review.open and review.kind_label == "条文相同、条号变化"
    review.decision = "follow"
    assert not review.open
    version = LawVersion(label="2020年版", law=Law(name="某法"))
    assert version.title == "《某法》（2020年版）"


def _load(write_law, year: str, effective: str, **meta):
    report = services.run_import(write_law(f"{year}.md", "某法", year, effective,
                                           {1: f"{year}年的第一条。"}, **meta), CLI)
    assert report.ok, report.errors
    _db.session.commit()


def _ends() -> dict[str, date | None]:
    return dict(_db.session.execute(select(LawVersion.year, LawVersion.ends_on)).all())


def test_each_version_ends_at_its_repeal_or_when_the_next_takes_effect(db, write_law):
    # Loaded newest first: the order of loading does not matter.
    _load(write_law, "2020", "2020-01-01")
    _load(write_law, "2015", "2015-06-01", repealed="2018-01-01")
    _load(write_law, "2010", "2010-01-01", repealed="2016-01-01")
    assert _ends() == {"2010": date(2015, 6, 1), "2015": date(2018, 1, 1), "2020": None}
    _load(write_law, "2022", "2022-01-01", repealed="2030-01-01")
    assert _ends()["2020"] == date(2022, 1, 1) and _ends()["2022"] == date(2030, 1, 1)
    versions = {v.year: v for v in _db.session.scalars(select(LawVersion))}
    assert services.replaced_by(versions["2020"]).year == "2015"
    assert services.replaced_by(versions["2015"]).year == "2010"
    assert services.replaced_by(versions["2010"]) is None

    def in_force(day):
        return set(_db.session.scalars(select(LawVersion.year).where(
            queries.in_force(LawVersion, day))))
    assert in_force(date(2009, 12, 31)) == set()
    assert in_force(date(2015, 5, 31)) == {"2010"}
    assert in_force(date(2015, 6, 1)) == {"2015"}
    assert in_force(date(2017, 12, 31)) == {"2015"}
    assert in_force(date(2018, 1, 1)) == set()          # repealed, the next not yet in force
    assert in_force(date(2021, 12, 31)) == {"2020"}
    assert in_force(date(2030, 1, 1)) == set()
    assert in_force(date(2029, 12, 31)) == {"2022"}


# ---- how an old article fares in the new version ------------------------------------------

def _article(number: int, text: str) -> Article:
    return Article(number=number, text=text)


def test_same_text_under_the_same_number_is_unchanged_whitespace_aside():
    old = _article(2, "经营者应当 如实\n标价。")
    new = [_article(1, "经营者应当如实标价。"), _article(2, "经营者应当如实 标价。")]
    assert services.counterpart(old, new) == (None, new[1])


def test_same_text_under_another_number_is_renumbered():
    old = _article(2, "经营者应当如实标价。")
    new = [_article(1, "别的。"), _article(3, "经营者应当如实标价。"),
           _article(5, "经营者应当如实标价。")]
    assert services.counterpart(old, new) == ("renumbered", new[1])


def test_a_text_at_least_sixty_percent_alike_is_changed_to_the_most_similar():
    old = _article(4, "一二三四五")
    # SequenceMatcher ratio = 2 * matching / total length: 6/10 = 0.6, 8/10 = 0.8, 4/10 = 0.4.
    at_the_bar = [_article(1, "一二六七八"), _article(2, "一二三六七")]
    assert services.counterpart(old, at_the_bar) == ("changed", at_the_bar[1])
    closer = [_article(1, "一二三六七"), _article(2, "一二三四七"), _article(3, "一二三四八")]
    assert services.counterpart(old, closer) == ("changed", closer[1])   # the first of equals


def test_a_text_less_alike_is_deleted_unless_the_version_holds_only_some_articles():
    old = _article(4, "一二三四五")
    new = [_article(1, "一二六七八"), _article(2, "九八七六五")]
    assert services.counterpart(old, new) == ("deleted", None)
    assert services.counterpart(old, new, partial=True) == ("changed", None)
    assert services.counterpart(old, []) == ("deleted", None)


def test_a_long_article_reworded_in_each_item_is_changed_not_deleted():
    """Similarity counts every character, however often it recurs: ten items each reworded
    a little are 85 % alike (difflib's autojunk would drop the recurring characters of a
    text of 200 or more and find 29 %)."""
    items = "一二三四五六七八九十"
    old = _article(4, "".join(f"（{d}）违反本法规定，由市场监督管理部门责令改正，处罚款；"
                              for d in items))
    new = [_article(1, "为了规范市场秩序，制定本法。"),
           _article(5, "".join(f"（{d}）违反本法有关规定，由所在地的市场监督管理部门责令其改正，"
                               f"依法处以罚款；" for d in items))]
    assert len(old.text) >= 200 and services.counterpart(old, new) == ("changed", new[1])


def test_a_decided_review_or_an_unknown_decision_is_refused(cited, write_law, db):
    from tests.laws.conftest import LAW, NEW

    report = services.run_import(write_law("new.md", LAW, "2030", "2030-01-01", NEW), CLI)
    assert report.ok, report.errors
    review = queries.open_reviews()[0]
    with pytest.raises(services.LawError, match="^未知的审核结论$"):
        services.decide(CLI, review, "keep")
    assert review.open
    services.decide(CLI, review, "retire")
    assert review.decision == "retire" and review.decided_at is not None
    with pytest.raises(services.LawError, match="^该题目已审核过$"):
        services.decide(CLI, review, "retire")
    assert services.open_reviews(review.question_id) is False
    other = queries.open_reviews()[0]
    assert services.open_reviews(other.question_id) is True


def test_law_file_helper_writes_a_parsable_file():
    parsed = files.parse(law_file("某法", "2020", "2020-01-01", {3: "丙。"}))
    assert [a.number for a in parsed.articles] == [3]


# ---- reads of the library -------------------------------------------------------------------

def _candidates(day: date) -> set[int]:
    from app.questions import queries as bank
    from app.specialties.models import find

    return {v.question_id for v in bank.candidates(find("basic").id, "truefalse", on=day)}


def test_a_question_citing_no_law_is_drawn_on_any_day(cited, make_question, db):
    plain = make_question("没有法律依据的判断题。", type="truefalse")
    assert plain.id in _candidates(date(2019, 1, 1))
    assert plain.id in _candidates(date(2040, 1, 1))
    assert cited[1].id not in _candidates(date(2019, 12, 31))     # its law not yet in force


def test_laws_are_listed_in_name_order_whatever_the_order_they_were_loaded(db, write_law):
    names = ["甲法", "乙法", "丙法"]
    for name in sorted(names, reverse=True):          # loaded last-name first
        report = services.run_import(write_law(f"{name}.md", name, "2020", "2020-01-01",
                                               {1: f"{name}的第一条。"}), CLI)
        assert report.ok, report.errors
    assert [law.name for law in queries.laws()] == sorted(names)


def test_named_reads_of_laws_versions_articles_and_reviews(cited, write_law, db):
    from tests.laws.conftest import LAW, NEW, OLD

    assert queries.open_review_count() == 0
    _load(write_law, "2021", "2021-01-01")                         # a second law, 某法
    report = services.run_import(write_law("new.md", LAW, "2030", "2030-01-01", NEW), CLI)
    assert report.ok, report.errors
    names = [law.name for law in queries.laws()]
    assert names == sorted(names) and set(names) == {LAW, "某法"}
    old, new = queries.version_by(LAW, "2020"), queries.version_by(LAW, "2030")
    assert (old.year, new.year, queries.version(old.id).year) == ("2020", "2030", "2020")
    assert queries.version_by(LAW, "2021") is None and queries.version_by("某法", "2020") is None
    assert queries.article(old.id, 2).text == OLD[2] and queries.article(new.id, 2).text == NEW[2]
    assert queries.article(old.id, 9) is None
    reviews = queries.open_reviews()
    assert queries.open_review_count() == len(reviews) == 3
    assert [r.id for r in reviews] == sorted(r.id for r in reviews)
    services.decide(CLI, reviews[0], "retire")
    assert queries.open_review_count() == 2


def test_a_review_page_shows_the_cited_article_and_its_clause(cited, make_question, db):
    """What a candidate reviewing the paper sees of the law: the cited article's title and
    款, and which 款 the question cites; nothing for a citation the library lacks."""
    from app.laws.citations import cited_article
    from app.questions import services as bank_services
    from app.questions.formats import ParsedQuestion
    from app.specialties.models import find
    from tests.laws.conftest import LAW, OLD

    assert cited_article(cited[2].current) == (f"《{LAW}》（2020年版）第二条", [OLD[2]], None)
    with_clause = bank_services.create_question(CLI, find("basic"), ParsedQuestion(
        type="truefalse", stem="关于第二条第一款的判断题。", answer="正确",
        basis_law=LAW, basis_version="2020", basis_article="第二条第一款"))
    assert cited_article(with_clause.current) == (f"《{LAW}》（2020年版）第二条", [OLD[2]], 1)
    plain = make_question("没有法律依据的判断题。", type="truefalse")
    assert cited_article(plain.current) == ("", [], None)


def test_the_library_list_counts_the_active_questions_citing_each_version_now(
        cited, write_law, db):
    """`flask laws list`: laws by name, each law's versions oldest first, and how many active
    questions cite each version in their current text (not a retired one, not an old text)."""
    from app.laws.checks import listing
    from tests.laws.conftest import LAW, NEW

    _load(write_law, "2021", "2021-01-01")       # 某法, loaded newest first
    _load(write_law, "2015", "2015-01-01", repealed="2018-01-01", partial="true")
    report = services.run_import(write_law("new.md", LAW, "2030", "2030-01-01", NEW), CLI)
    assert report.ok, report.errors
    # Question 1 followed the unchanged article to 2030; 2 to 4 wait for review on 2020.
    services.decide(CLI, next(r for r in queries.open_reviews()
                              if r.question_id == cited[4].id), "retire")
    rows = listing(date(2026, 12, 6))
    assert [(r["law"], r["version"], r["questions_citing"]) for r in rows] == [
        (LAW, "2020", 2), (LAW, "2030", 1), ("某法", "2015", 0), ("某法", "2021", 0)]
    assert [r["in_force_today"] for r in rows] == [True, False, False, True]
    assert rows[2] == {"law": "某法", "version": "2015", "label": "2015年版",
                       "promulgated": "2015-01-01", "effective": "2015-01-01",
                       "repealed": "2018-01-01", "ends_on": "2018-01-01",
                       "in_force_today": False, "articles": 1, "partial": True,
                       "questions_citing": 0}
    assert (rows[3]["repealed"], rows[3]["ends_on"], rows[3]["partial"]) == (None, None, False)
    assert rows[0]["articles"] == 4


def test_the_check_warns_of_active_stems_that_still_write_an_article_number(make_question, db):
    """Only the current text of an active question counts; 条 without a number is no warning."""
    from app.laws.checks import stems_with_numbers
    from app.questions import services as bank_services
    from app.questions.formats import ParsedQuestion
    from app.specialties.models import find

    revised = make_question("下列哪项属于行政处罚的种类？", type="truefalse")
    numbered = make_question("依照第六条和第12条，下列说法正确的是：", type="truefalse")
    make_question("下列哪些条件属于行政许可的条件？", type="truefalse")
    retired = make_question("依照第九条，下列说法正确的是：", type="truefalse")
    bank_services.retire_question(CLI, retired)
    old_text = make_question("依照第七条，下列哪项正确？", type="truefalse")
    bank_services.revise_question(CLI, old_text, find("basic"), ParsedQuestion(
        type="truefalse", stem="下列哪项正确？", answer="正确"))
    # Revised after the others, its current text is the newest row: listed by question still.
    bank_services.revise_question(CLI, revised, find("basic"), ParsedQuestion(
        type="truefalse", stem="依照第八条，下列哪项属于行政处罚的种类？", answer="正确"))
    assert stems_with_numbers() == [
        {"question_id": revised.id, "stem": "依照第八条，下列哪项属于行政处罚的种类？",
         "numbers": ["第八条"]},
        {"question_id": numbered.id, "stem": "依照第六条和第12条，下列说法正确的是：",
         "numbers": ["第六条", "第12条"]}]
