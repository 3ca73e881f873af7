"""The grade proposal on hand-computed cases (app/assessment/rules.py)."""
from decimal import Decimal as D

import pytest

from app.assessment.rules import Grade, Measure, propose
from app.assessment.scheme import default_scheme

GRADES = [Grade("优秀", D(90)), Grade("合格", D(70)), Grade("基本合格", D(60)),
          Grade("不合格", D(0))]
DEFAULT = default_scheme(2026).measures   # hours 40 cap 基本合格, political 10 cap 合格,
# exams_sat 15, exams_passed 20, certificate 15 cap 基本合格
MANUAL = Measure("manual_1", "工作实绩", D(20), "合格", manual=True)


def values(**kw):
    base = {"hours": 1.0, "political": 1.0, "exams_sat": 1.0, "exams_passed": 1.0,
            "certificate": 1.0}
    return base | kw


@pytest.mark.parametrize("given, score, grade, capped", [
    # everything met: 100 -> 优秀
    (values(), D("100.0"), "优秀", ()),
    # political not required (None): left out of both sums -> still 100
    (values(political=None), D("100.0"), "优秀", ()),
    # passed 1 of 2 exams, political not required: (40 + 15 + 10 + 15) / 90 = 88.9 -> 合格
    (values(political=None, exams_passed=0.5), D("88.9"), "合格", ()),
    # political done, passed 1 of 2: (40 + 10 + 15 + 10 + 15) / 100 = 90 -> 优秀
    (values(exams_passed=0.5), D("90.0"), "优秀", ()),
    # political not done: score 90 would be 优秀, the cap makes it 合格
    (values(political=0.0), D("90.0"), "合格", ("政治理论学时完成",)),
    # missed the 60 hours: 60 -> 基本合格 (also the cap)
    (values(hours=0.0), D("60.0"), "基本合格", ("培训学时达标",)),
    # missed the hours and sat no exam: 60 - 15 - 20 = 25 -> 不合格, below the cap already
    (values(hours=0.0, exams_sat=0.0, exams_passed=0.0), D("25.0"), "不合格",
     ("培训学时达标",)),
    # no exam seat at all (None): (40 + 10 + 15) / 65 = 100
    (values(exams_sat=None, exams_passed=None), D("100.0"), "优秀", ()),
])
def test_default_scheme_hand_cases(given, score, grade, capped):
    p = propose(GRADES, DEFAULT, given)
    assert (p.score, p.grade, p.capped_by) == (score, grade, capped)


def test_a_heavy_score_still_meets_the_cap():
    # hours weight 5: missing them leaves 95 points, yet the hard condition caps at 基本合格
    measures = [Measure("hours", "学时", D(5), "基本合格"), Measure("exams_sat", "参考", D(95))]
    p = propose(GRADES, measures, {"hours": 0.0, "exams_sat": 1.0})
    assert (p.score, p.grade) == (D("95.0"), "基本合格")


def test_hand_scores_count_out_of_100_and_cap_below_60():
    measures = [*DEFAULT, MANUAL]
    # manual 80: (100 + 20 x 0.8) / 120 = 96.7 -> 优秀
    assert propose(GRADES, measures, values(manual_1=D(80))).score == D("96.7")
    # manual 50 (below 60, missed): (100 + 10) / 120 = 91.7, capped at 合格
    p = propose(GRADES, measures, values(manual_1=D(50)))
    assert (p.score, p.grade, p.capped_by) == (D("91.7"), "合格", ("工作实绩",))
    # not scored yet: left out, and said so
    p = propose(GRADES, measures, values())
    assert (p.score, p.grade, p.pending) == (D("100.0"), "优秀", ("工作实绩",))


def test_nothing_applies_no_proposal():
    assert propose(GRADES, DEFAULT, {}).grade is None


def test_just_below_a_lowest_score_is_the_next_grade():
    measures = [Measure("exams_passed", "合格", D(100))]
    assert propose(GRADES, measures, {"exams_passed": 0.899}).grade == "合格"   # 89.9
    assert propose(GRADES, measures, {"exams_passed": 0.9}).grade == "优秀"
    assert propose(GRADES, measures, {"exams_passed": 0.59}).grade == "不合格"
