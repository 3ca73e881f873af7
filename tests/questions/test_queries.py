"""Searching the bank and drawing from it (the API exams use)."""
from werkzeug.datastructures import MultiDict

from app.core.actor import CLI
from app.core.pagination import paginate
from app.questions import queries, services
from app.questions.formats import ParsedQuestion
from app.specialties.models import find


def found(**args) -> list[str]:
    f = queries.QuestionFilter.from_args(MultiDict(args))
    return [q.current.stem for q in paginate(queries.search(f), 1, 50).items]


def test_search_looks_in_stem_options_and_explanation(db, make_question):
    make_question("关于行政处罚追责时效的说法，正确的是：", explanation="依据第三十六条")
    make_question("食品经营许可的有效期为几年？", options={"A": "三年", "B": "六年"},
                  category="food")
    make_question("特种设备使用登记。", type="truefalse", answer="正确",
                  category="special_equipment")
    assert found(q="追责时效") == ["关于行政处罚追责时效的说法，正确的是："]
    assert found(q="三十六条") == ["关于行政处罚追责时效的说法，正确的是："]
    assert found(q="六年") == ["食品经营许可的有效期为几年？"]
    assert found(q="行政处罚 正确") == ["关于行政处罚追责时效的说法，正确的是："]
    assert found(q="100%") == []


def test_filters(db, make_question):
    make_question("甲？", difficulty=2, tags=["时效"], basis_law="行政处罚法")
    make_question("乙？", type="multiple", answer="AB", difficulty=4)
    make_question("丙。", type="truefalse", answer="错误", category="food", tags=["许可"])
    food = find("food").id
    assert found(type="multiple") == ["乙？"]
    assert found(difficulty="2") == ["甲？"]
    assert found(tag="许可") == ["丙。"]
    assert found(law="行政处罚法") == ["甲？"]
    assert found(specialty=str(food)) == ["丙。"]
    assert found(type="nonsense", difficulty="9") == ["甲？", "乙？", "丙。"]
    assert queries.tag_names() == ["时效", "许可"]
    assert queries.law_names() == ["行政处罚法"]


def test_retired_questions_are_listed_only_when_asked(db, make_question):
    question = make_question("甲？")
    make_question("乙？")
    services.retire_question(CLI, question)
    db.session.commit()
    assert found() == ["乙？"]
    assert found(status="retired") == ["甲？"]
    assert found(status="") == ["甲？", "乙？"]


def test_candidates_are_current_versions_of_active_questions(db, make_question):
    basic = find("basic").id
    edited = make_question("甲？", difficulty=1)
    services.revise_question(CLI, edited, find("basic"), ParsedQuestion(
        type="single", stem="甲？", options={"A": "一", "B": "二"}, answer="A", difficulty=2,
        tags=["时效"]))
    retired = make_question("乙？")
    services.retire_question(CLI, retired)
    other = make_question("丙？")
    make_question("丁。", type="truefalse", answer="正确")
    make_question("戊？", category="food")
    db.session.commit()
    drawn = queries.candidates(basic, "single")
    assert [(v.stem, v.number) for v in drawn] == [("甲？", 2), ("丙？", 1)]
    assert [v.stem for v in queries.candidates(basic, "single", difficulty=2)] == ["甲？"]
    assert [v.stem for v in queries.candidates(basic, "single", tags=["时效"])] == ["甲？"]
    assert [v.stem for v in queries.candidates(basic, "single",
                                               exclude_ids=[edited.id])] == ["丙？"]
    assert queries.count_candidates(basic, "single") == 2
    assert queries.version(drawn[1].id).question_id == other.id
