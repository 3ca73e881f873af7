"""The draw's certificate rule on hand-computed cases: a 行政执法证 valid on every day of the
inspection window (2026-06-15 to 2026-06-25 here), never withheld in it; no data, no draw."""
from datetime import date

import pytest

from app.certificates.models import Certificate, CertificateEvent
from app.certificates.queries import window_problem
from app.core.actor import CLI
from app.specialties.models import find
from app.talentpool import draws, eligibility

START, END = date(2026, 6, 15), date(2026, 6, 25)


@pytest.fixture
def real_rule(monkeypatch):
    monkeypatch.undo()   # the rule itself, not the pool fixtures' everyone-certified stand-in


def certificate(db, officer, number, *, status="valid", kind="enforcement",
                issued_on=date(2020, 1, 1), valid_until=date(2099, 1, 1), withheld=()):
    """A certificate with its withholdings: (暂扣 day, 恢复有效 day) pairs as events."""
    c = Certificate(officer=officer, number=number, status=status, kind=kind,
                    issued_on=issued_on, valid_until=valid_until, approved=True)
    for suspended, restored in withheld:
        c.events.append(CertificateEvent(action="suspend", from_status="valid",
                                         to_status="suspended", effective_on=suspended,
                                         actor_name="t"))
        c.events.append(CertificateEvent(action="restore", from_status="suspended",
                                         to_status="valid", effective_on=restored,
                                         actor_name="t"))
    db.session.add(c)
    return c


@pytest.fixture
def cases(db, real_rule, province, make_officer, make_member):
    """One officer per case in county 360702, each a food member of the pool."""
    unit = province["360702"]
    made = {}

    def case(name, *certificates):
        officer = make_officer(unit, name, on_post=True)
        make_member(officer)
        for n, kw in enumerate(certificates):
            certificate(db, officer, f"{name}{n}", **kw)
        made[name] = officer
    case("全程有效", {})
    case("期中到期", {"valid_until": date(2026, 6, 20)})
    case("末日到期", {"valid_until": END})                       # valid on the last day: covers
    case("期中发证", {"issued_on": date(2026, 6, 16)})
    case("开始日发证", {"issued_on": START})                     # covers
    case("现暂扣", {"status": "suspended"})
    case("期中曾暂扣", {"withheld": [(date(2026, 6, 10), date(2026, 6, 16))]})
    case("开始日恢复", {"withheld": [(date(2026, 6, 1), START)]})  # valid again on day one
    case("期后暂扣", {"withheld": [(date(2026, 6, 26), date(2026, 6, 27))]})
    case("期内暂扣又恢复", {"withheld": [(date(2026, 6, 20), date(2026, 6, 22))]})
    case("仅监督证", {"kind": "supervision"})
    case("仅特种设备证", {"kind": "special_equipment"})
    case("无证")
    case("缺发证日期", {"issued_on": None})
    case("无期限", {"valid_until": None})                        # a certificate without a term
    case("收回", {"status": "revoked"})
    db.session.commit()
    return made


COVERED = {"全程有效", "末日到期", "开始日发证", "开始日恢复", "期后暂扣", "无期限"}


def test_only_a_certificate_valid_over_the_whole_window_counts(db, cases):
    got = eligibility.certified_ids([o.id for o in cases.values()], START, END)
    assert {o.name for o in cases.values() if o.id in got} == COVERED
    # The start date alone (the old rule) would have let these through:
    on_start = eligibility.certified_ids([o.id for o in cases.values()], START)
    assert {o.name for o in cases.values() if o.id in on_start} - COVERED == {
        "期中到期", "期内暂扣又恢复"}


def test_the_draw_takes_only_officers_covered_over_the_window(db, cases, province):
    task = draws.create_task(CLI, draws.TaskData("交叉检查", province["360102"],
                                                 starts_on=START, ends_on=END))
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.task_data(task)), 2, seed=5)
    assert outcome.candidates.count == len(COVERED)
    assert {cases[n].id for n in COVERED} == {row[0] for row in outcome.candidates.rows}
    assert outcome.candidates.excluded["uncertified"] == len(cases) - len(COVERED)
    with pytest.raises(draws.DrawError, match="无覆盖检查期间的有效行政执法证10名"):
        draws.compute(draws.terms_for(CLI, find("food"), draws.task_data(task)), 7, seed=5)


def test_each_reason_reads_plainly(db, cases):
    def why(name):
        return window_problem(cases[name], START, END)
    span = "行政执法证在2026-06-15至2026-06-25期间不是全程有效"
    assert why("全程有效") is None
    assert why("期中到期") == f"{span}（有效期至2026-06-20）"
    assert why("期中发证") == f"{span}（2026-06-16才发证）"
    assert why("现暂扣") == f"{span}（证件状态为暂扣）"
    assert why("收回") == f"{span}（证件状态为收回）"
    assert why("期中曾暂扣") == f"{span}（期间曾被暂扣）"
    assert why("缺发证日期") == f"{span}（缺少发证日期，无法确认）"
    assert why("无证") == "无行政执法证记录，不得参加抽取"
    assert why("仅监督证") == "无行政执法证记录，不得参加抽取"


def test_the_member_page_shows_the_reason(auth, db, cases, make_user, province):
    auth.login(make_user("legal", province["top"]).username)
    page = auth.client.get(f"/talent/officers/{cases['仅监督证'].id}").get_data(as_text=True)
    assert "无行政执法证记录，不得参加抽取" in page and "无覆盖检查期间的有效行政执法证" in page
    good = auth.client.get(f"/talent/officers/{cases['全程有效'].id}").get_data(as_text=True)
    assert "无覆盖检查期间的有效行政执法证" not in good
