"""The paper-drawing rules that need no database (app/exams/drawing.py)."""
import random
from types import SimpleNamespace

import pytest

from app.exams.drawing import _allocate, _pick


@pytest.mark.parametrize(("count", "available", "mix"), [
    (4, {}, {}),
    (4, {"1": 5, "2": 5}, {"1": 2, "2": 2}),
    (5, {"1": 1, "2": 9}, {"1": 1, "2": 4}),                 # equal remainders: first wins
    (5, {"1": 2, "2": 1, "3": 7}, {"1": 1, "2": 1, "3": 3}),  # largest remainder first
    (2, {"1": 10, "2": 1}, {"1": 2}),                         # a level with none is left out
    (3, {"1": 1, "2": 1}, {"1": 1, "2": 1}),                  # never more than the bank has
    (6, {"1": 3, "2": 3}, {"1": 3, "2": 3}),
    (3, {"1": 1}, {"1": 1}),                                  # a bank of one question
])
def test_difficulty_mix_is_proportional_by_largest_remainder(count, available, mix):
    assert _allocate(count, available) == mix


def versions(*ids):
    return [SimpleNamespace(question_id=i) for i in ids]


def test_unseen_questions_come_first_and_seen_ones_fill_up():
    pool = versions(1, 2, 3, 4, 5)
    for seed in range(20):
        picked = {v.question_id for v in _pick(pool, 3, random.Random(seed), {1, 2})}
        assert picked == {3, 4, 5}
        picked = [v.question_id for v in _pick(pool, 4, random.Random(seed), {1, 2, 3})]
        assert len(picked) == len(set(picked)) == 4 and {4, 5} <= set(picked)
    assert len(_pick(pool, 9, random.Random(0), {1})) == 5


def test_shuffling_keeps_each_line_together_and_the_lines_in_order():
    from app.exams.drawing import _shuffle_within_sections

    base = [(2, "b1"), (1, "a1"), (2, "b2"), (1, "a2"), (3, "c1"), (1, "a3"), (2, "b3")]
    orders = set()
    for seed in range(10):
        out = _shuffle_within_sections(list(base), random.Random(seed))
        assert [line for line, _ in out] == [1, 1, 1, 2, 2, 2, 3]
        assert sorted(out) == sorted(base)
        orders.add(tuple(out))
    assert len(orders) > 1                    # within a line the order does change


def test_draw_all_writes_a_paper_for_each_candidate_still_without_one(db, make_exam,
                                                                      make_officer,
                                                                      province_bank):
    from collections import Counter

    from sqlalchemy import select

    from app.exams import drawing
    from app.exams.models import ExamCandidate, PaperItem
    from app.questions.models import Question

    officers = [make_officer(province_bank["360102"]) for _ in range(3)]
    exam = make_exam(officers=officers)
    candidates = list(db.session.scalars(select(ExamCandidate).where(
        ExamCandidate.exam_id == exam.id).order_by(ExamCandidate.id)))
    assert drawing.draw_paper(exam, candidates[0]) == 9          # 3 + 2 + 2 + 1 + 1
    assert drawing.draw_paper(exam, candidates[0]) == 0
    assert drawing.draw_all(exam, candidates) == 2
    assert drawing.draw_all(exam, candidates) == 0
    written = Counter(db.session.scalars(select(PaperItem.candidate_id).where(
        PaperItem.exam_id == exam.id)))
    assert written == {c.id: 9 for c in candidates}
    used = db.session.scalars(select(Question.use_count).where(Question.use_count > 0)).all()
    assert used and set(used) == {1}                              # once per exam
    available = drawing.available(exam)
    assert set(available) == {s.id for s in exam.sections}
    assert available[next(s.id for s in exam.sections if s.qtype == "single")] == 6


def test_the_fixed_paper_is_the_exams_own_drawn_once_from_position_one(db, make_exam,
                                                                       make_officer,
                                                                       province_bank):
    from sqlalchemy import select

    from app.exams import drawing
    from app.exams.models import ExamCandidate

    officer = make_officer(province_bank["360102"])
    first = make_exam(mode="fixed", officers=[officer])
    second = make_exam(mode="fixed", name="第二场")
    second.seed = first.seed
    paper = drawing.fixed_paper(first)
    candidate = db.session.scalar(select(ExamCandidate).where(ExamCandidate.exam_id == first.id))
    drawing.draw_paper(first, candidate)              # the candidate's copy, in its own order
    assert [i.position for i in paper] == list(range(1, 10))
    assert all(i.exam_id == first.id and i.candidate_id is None for i in paper)
    assert all(i.option_order == sorted((i.version.options or {}).keys()) for i in paper)
    assert any(i.option_order for i in paper)
    again = drawing.fixed_paper(first)
    assert [(i.id, i.position) for i in again] == [(i.id, i.position) for i in paper]
    other = drawing.fixed_paper(second)
    assert not {i.id for i in other} & {i.id for i in paper}
    assert [i.version_id for i in other] == [i.version_id for i in paper]   # same seed, same draw


def test_seen_questions_are_the_officers_own_from_exactly_a_year_before_until_now(
        db, make_exam, make_officer, province_bank):
    from datetime import timedelta
    from decimal import Decimal

    from sqlalchemy import select

    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.exams import services, taking
    from app.exams.drawing import AVOID_WINDOW, seen_questions
    from app.exams.models import PaperItem

    def sat(exam, who, at):
        attempt = taking.start(CLI, exam, who, at)
        db.session.flush()
        return set(db.session.scalars(select(PaperItem.version_id).where(
            PaperItem.candidate_id == attempt.candidate_id)))

    def question_ids(version_ids):
        from app.questions.models import QuestionVersion
        return set(db.session.scalars(select(QuestionVersion.question_id).where(
            QuestionVersion.id.in_(version_ids))))

    officer, other = (make_officer(province_bank["360102"]) for _ in range(2))
    opens = utcnow() - timedelta(minutes=5)
    line = services.SectionData
    current = make_exam(officers=[officer], name="本季度", opens=opens,
                        sections=[line("fill", 1, Decimal(30))])
    seen = set()
    for name, back, qtype in (("一年整", AVOID_WINDOW, "truefalse"),
                              ("同时", timedelta(0), "single")):
        exam = make_exam(name=name, opens=opens - back, closes=opens - back + timedelta(hours=3),
                         sections=[line(qtype, 2, Decimal(20))])
        services.add_candidates(CLI, exam, [officer, other], opens - back)
        seen |= question_ids(sat(exam, officer, opens - back + timedelta(minutes=1)))
    too_old = make_exam(name="一年零一秒", opens=opens - AVOID_WINDOW - timedelta(seconds=1),
                        closes=opens - AVOID_WINDOW + timedelta(hours=3),
                        sections=[line("multiple", 2, Decimal(20))])
    services.add_candidates(CLI, too_old, [officer], opens - AVOID_WINDOW - timedelta(seconds=1))
    sat(too_old, officer, opens - AVOID_WINDOW)
    later = make_exam(name="晚一秒", opens=opens + timedelta(seconds=1),
                      sections=[line("multiple", 2, Decimal(20))])
    services.add_candidates(CLI, later, [officer], opens)
    sat(later, officer, opens + timedelta(minutes=1))     # opens after this one: not before it
    only_other = make_exam(name="别人的", opens=opens, sections=[line("short", 1, Decimal(30))])
    services.add_candidates(CLI, only_other, [other], opens)
    sat(only_other, other, opens + timedelta(minutes=1))
    sat(current, officer, opens + timedelta(minutes=1))
    assert seen and seen_questions(officer.id, current) == seen


# ---- the rules against a seeded bank: which questions a line may take, in what mix ------------

def _line(qtype, count, **narrow):
    from decimal import Decimal

    from app.exams.services import SectionData
    return SectionData(qtype, count, Decimal(20), **narrow)


def _papers(db, exam) -> dict[int, list]:
    """Every candidate's paper, drawn at once: candidate id -> its items by position."""
    from sqlalchemy import select

    from app.exams import drawing
    from app.exams.models import ExamCandidate, PaperItem

    candidates = list(db.session.scalars(select(ExamCandidate).where(
        ExamCandidate.exam_id == exam.id).order_by(ExamCandidate.id)))
    drawing.draw_all(exam, candidates)
    papers: dict[int, list] = {c.id: [] for c in candidates}
    for item in db.session.scalars(select(PaperItem).where(
            PaperItem.exam_id == exam.id, PaperItem.candidate_id.is_not(None))
            .order_by(PaperItem.candidate_id, PaperItem.position)):
        papers[item.candidate_id].append(item)
    return papers


def _levels(items, qtype="single"):
    from collections import Counter
    return Counter(i.version.difficulty for i in items if i.version.type == qtype)


def _retire(questions):
    for q in questions:
        q.status = "retired"


def _officers(make_officer, unit, n):
    return [make_officer(unit) for _ in range(n)]


def test_every_paper_has_the_lines_difficulty_mix_in_proportion_to_the_bank(
        db, make_exam, make_officer, province_bank):
    from tests.exams.conftest import seed_bank

    seed_bank("food", single=8, multiple=0, truefalse=0, fill=0, short=0, difficulty=2)
    seed_bank("food", single=2, multiple=0, truefalse=0, fill=0, short=0, difficulty=4)
    seed_bank("food", single=2, multiple=0, truefalse=0, fill=0, short=0, difficulty=None)
    seed_bank("food", single=0, multiple=0, truefalse=3, fill=0, short=0, difficulty=3)
    exam = make_exam(specialty="food", officers=_officers(make_officer, province_bank["360102"], 6),
                     sections=[_line("truefalse", 1, difficulty=3), _line("single", 6)])
    papers = _papers(db, exam)
    for items in papers.values():
        # 6 of 12 singles: 8 at level 2, 2 at 4 and 2 without a level give 4, 1 and 1.
        assert _levels(items) == {2: 4, 4: 1, None: 1}
        assert _levels(items, "truefalse") == {3: 1}
    assert len({tuple(i.version_id for i in p) for p in papers.values()}) > 1


def test_a_mix_once_fixed_is_kept_when_the_bank_grows(db, make_exam, make_officer,
                                                      province_bank):
    from tests.exams.conftest import seed_bank

    seed_bank("food", single=4, multiple=0, truefalse=0, fill=0, short=0, difficulty=2)
    seed_bank("food", single=4, multiple=0, truefalse=0, fill=0, short=0, difficulty=4)
    seed_bank("food", single=0, multiple=0, truefalse=6, fill=0, short=0, difficulty=1)
    seed_bank("food", single=0, multiple=0, truefalse=2, fill=0, short=0, difficulty=5)
    seed_bank("food", single=0, multiple=2, truefalse=0, fill=0, short=0, difficulty=5)
    exam = make_exam(specialty="food", officers=_officers(make_officer, province_bank["360102"], 6),
                     sections=[_line("multiple", 1, difficulty=5), _line("single", 4),
                               _line("truefalse", 4)])
    # After scheduling (which fixed the mixes) the bank gains singles of a third level, and
    # the last line has no mix yet (as a line whose mix was never fixed).
    seed_bank("food", single=8, multiple=0, truefalse=0, fill=0, short=0, difficulty=3)
    exam.sections[2].mix = None
    for items in _papers(db, exam).values():
        assert _levels(items) == {2: 2, 4: 2}
        assert _levels(items, "truefalse") == {1: 3, 5: 1}


def test_a_line_the_bank_has_lost_a_level_of_is_filled_from_the_others(db, make_exam,
                                                                        make_officer,
                                                                        province_bank):
    from tests.exams.conftest import seed_bank

    seed_bank("food", single=4, multiple=0, truefalse=0, fill=0, short=0, difficulty=2)
    level4 = seed_bank("food", single=4, multiple=0, truefalse=0, fill=0, short=0,
                       difficulty=4)["single"]
    exam = make_exam(specialty="food", officers=_officers(make_officer, province_bank["360102"], 4),
                     sections=[_line("single", 4)])          # mix fixed: 2 and 2
    _retire(level4[1:])
    for items in _papers(db, exam).values():
        assert len({i.version.question_id for i in items}) == len(items) == 4
        assert all(i.version.question.status == "active" for i in items)
        assert _levels(items) == {2: 3, 4: 1}


def test_a_line_with_a_difficulty_takes_no_other_level(db, make_exam, make_officer,
                                                       province_bank):
    from sqlalchemy import select

    from app.exams import drawing
    from app.exams.models import ExamCandidate
    from tests.exams.conftest import seed_bank

    level3 = seed_bank("food", single=3, multiple=0, truefalse=0, fill=0, short=0,
                       difficulty=3)["single"]
    seed_bank("food", single=6, multiple=0, truefalse=0, fill=0, short=0, difficulty=2)
    exam = make_exam(specialty="food", officers=_officers(make_officer, province_bank["360102"], 1),
                     sections=[_line("single", 3, difficulty=3)])
    assert list(drawing.available(exam).values()) == [3]
    _retire(level3[:1])                 # the bank lost one after the exam was scheduled
    assert drawing.shortages(exam) == ["第1行：题库中符合条件的题目只有 2 道，少于需要的 3 道"]
    candidate = db.session.scalar(select(ExamCandidate).where(ExamCandidate.exam_id == exam.id))
    with pytest.raises(drawing.BlueprintError, match="^第1行：题库中符合条件的题目不足 3 道$"):
        drawing.draw_paper(exam, candidate)


def test_a_line_with_tags_takes_only_questions_carrying_one(db, make_exam, make_officer,
                                                            province_bank):
    from app.exams import drawing
    from app.questions.models import Tag
    from tests.exams.conftest import seed_bank

    singles = seed_bank("food", single=8, multiple=0, truefalse=0, fill=0, short=0)["single"]
    fine, seizure = Tag(name="罚款"), Tag(name="查封扣押")
    singles[0].versions[0].tags.append(fine)
    singles[3].versions[0].tags.extend([fine, seizure])
    singles[6].versions[0].tags.append(seizure)
    singles[7].versions[0].tags.append(Tag(name="其他"))
    tagged = {singles[i].id for i in (0, 3, 6)}
    exam = make_exam(specialty="food", officers=_officers(make_officer, province_bank["360102"], 4),
                     sections=[_line("single", 2, tags=["罚款", "查封扣押"])])
    assert list(drawing.available(exam).values()) == [3]
    papers = _papers(db, exam)
    assert all({i.version.question_id for i in p} <= tagged for p in papers.values())
    wider = make_exam(specialty="food", schedule=False, name="第二场",
                      sections=[_line("single", 4, tags=["罚款", "查封扣押"])])
    assert drawing.shortages(wider) == ["第1行：题库中符合条件的题目只有 3 道，少于需要的 4 道"]


def test_a_question_citing_a_law_not_yet_in_force_on_exam_day_is_not_drawn(
        db, make_exam, make_officer, province_bank):
    from datetime import date

    from app.exams import drawing
    from app.laws.models import Law, LawVersion
    from tests.exams.conftest import seed_bank

    singles = seed_bank("food", single=4, multiple=0, truefalse=0, fill=0, short=0)["single"]
    future = LawVersion(law=Law(name="某某法"), year="2099", label="2099年修订",
                        promulgated=date(2098, 6, 1), effective=date(2099, 1, 1))
    db.session.add(future)
    db.session.flush()
    for q in singles[:2]:
        q.versions[0].law_version_id = future.id
    exam = make_exam(specialty="food", officers=_officers(make_officer, province_bank["360102"], 4),
                     sections=[_line("single", 2)])
    assert list(drawing.available(exam).values()) == [2]
    in_force = {q.id for q in singles[2:]}
    for items in _papers(db, exam).values():
        assert {i.version.question_id for i in items} == in_force
    wider = make_exam(specialty="food", schedule=False, name="第二场",
                      sections=[_line("single", 3)])
    assert drawing.shortages(wider) == ["第1行：题库中符合条件的题目只有 2 道，少于需要的 3 道"]


def test_an_empty_blueprint_cannot_be_scheduled(db, province_bank):
    from datetime import timedelta
    from decimal import Decimal

    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.exams import services
    from app.specialties.models import find

    now = utcnow()
    exam = services.create_exam(CLI, services.ExamData(
        name="空试卷", specialty=find("basic"), unit=province_bank["top"], year=2026, quarter=4,
        opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=1, hours=2),
        pass_mark=Decimal(0), sections=[]))
    with pytest.raises(services.ExamError, match="^试卷结构为空：请至少设置一类题目$"):
        services.schedule(CLI, exam, now)


def test_papers_run_from_one_and_only_a_shuffled_exam_shuffles_options(db, make_exam,
                                                                        make_officer,
                                                                        province_bank):
    officers = _officers(make_officer, province_bank["360102"], 4)
    plain = make_exam(officers=officers, shuffle=False, name="不打乱")
    shuffled = make_exam(officers=officers, name="打乱")
    for items in _papers(db, plain).values():
        assert [i.position for i in items] == list(range(1, 10))
        assert [i.section_position for i in items] == [1, 1, 1, 2, 2, 3, 3, 4, 5]
        assert all(i.option_order == sorted((i.version.options or {}).keys()) for i in items)
    orders = [i for items in _papers(db, shuffled).values() for i in items]
    choice = [i for i in orders if i.version.type in ("single", "multiple")]
    assert any(i.option_order != sorted(i.version.options) for i in choice)
    assert all(sorted(i.option_order) == sorted(i.version.options) for i in choice)
    assert all(i.option_order == [] for i in orders if i not in choice)


def test_the_same_exam_seed_gives_an_officer_the_same_paper(db, make_exam, make_officer,
                                                            province_bank):
    officers = _officers(make_officer, province_bank["360102"], 2)
    first = make_exam(officers=officers, name="第一场")
    second = make_exam(officers=officers, name="第二场")
    second.seed = first.seed

    def drawn(exam):
        return [[(i.version_id, i.option_order) for i in items]
                for items in _papers(db, exam).values()]

    one, two = drawn(first), drawn(second)
    assert one == two                     # nobody sat the first, so nothing is avoided
    assert one[0] != one[1]


def test_without_avoiding_seen_questions_an_officer_may_meet_them_again(db, make_exam,
                                                                        make_officer,
                                                                        province_bank):
    from sqlalchemy import select

    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.exams import taking
    from app.exams.models import ExamCandidate

    officers = _officers(make_officer, province_bank["360102"], 4)
    line = [_line("single", 3)]                 # of the bank's 6
    first = make_exam(officers=officers, sections=line, name="上一场")

    def questions(items):
        return {i.version.question_id for i in items}

    seen = {}
    for officer in officers:
        attempt = taking.start(CLI, first, officer, utcnow())
        db.session.flush()
        seen[officer.id] = questions(i for i in _papers(db, first)[attempt.candidate_id])
    again = make_exam(officers=officers, sections=line, avoid_seen=False, name="本场")
    officer_of = dict(db.session.execute(select(ExamCandidate.id, ExamCandidate.officer_id)
                                         .where(ExamCandidate.exam_id == again.id)).all())
    papers = _papers(db, again)
    assert any(questions(items) & seen[officer_of[c]] for c, items in papers.items())


def test_a_fixed_paper_is_read_in_its_order_whatever_order_its_rows_are_stored_in(
        db, make_exam, make_officer, province_bank):
    from sqlalchemy import delete, select

    from app.exams import drawing
    from app.exams.models import PaperItem

    exam = make_exam(mode="fixed", shuffle=False,
                     officers=_officers(make_officer, province_bank["360102"], 1))
    rows = [dict(exam_id=i.exam_id, candidate_id=None, position=i.position,
                 section_position=i.section_position, version_id=i.version_id,
                 points=i.points, option_order=i.option_order)
            for i in drawing.fixed_paper(exam)]
    db.session.execute(delete(PaperItem).where(PaperItem.exam_id == exam.id))
    for row in reversed(rows):
        db.session.add(PaperItem(**row))
        db.session.flush()
    db.session.expire_all()
    assert [i.position for i in drawing.fixed_paper(exam)] == list(range(1, 10))
    (items,) = _papers(db, exam).values()
    assert [i.version_id for i in items] == [r["version_id"] for r in rows]
    assert db.session.scalar(select(PaperItem.position).where(
        PaperItem.candidate_id.is_(None)).order_by(PaperItem.id)) == 9


def test_the_use_count_is_the_number_of_exams_a_question_was_on(db, make_exam, make_officer,
                                                                 province_bank):
    from collections import Counter

    from sqlalchemy import select

    from app.exams.models import PaperItem
    from app.questions.models import Question, QuestionVersion

    officers = _officers(make_officer, province_bank["360102"], 3)
    exams = [make_exam(officers=officers, name="第一场"), make_exam(officers=officers[:1],
                                                                  name="第二场")]
    on_exams = Counter()
    for exam in exams:
        _papers(db, exam)
        on_exams.update(set(db.session.scalars(
            select(QuestionVersion.question_id).join(PaperItem).where(
                PaperItem.exam_id == exam.id))))
    counts = dict(db.session.execute(select(Question.id, Question.use_count)).all())
    assert {q: counts[q] for q in on_exams} == dict(on_exams)
    assert 2 in on_exams.values()
    assert all(n == 0 for q, n in counts.items() if q not in on_exams)


def test_a_big_exam_gets_every_paper_in_full(db, make_exam, make_officer, province_bank):
    """More paper rows than one insert writes (5000): none lost, none twice."""
    from collections import Counter

    from tests.exams.conftest import seed_bank

    seed_bank("food", single=100, multiple=0, truefalse=0, fill=0, short=0)
    officers = _officers(make_officer, province_bank["360102"], 51)
    exam = make_exam(specialty="food", officers=officers, sections=[_line("single", 100)])
    papers = _papers(db, exam)
    assert Counter(len({i.version_id for i in items}) for items in papers.values()) == {100: 51}
