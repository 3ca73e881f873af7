"""The daily expiry job, 持证上岗 (valid_holder_ids, the draws), and the expiry warnings."""
from datetime import date

import pytest
from sqlalchemy import select

from app.certificates.models import Certificate, CertificateEvent
from app.certificates.queries import uncertified_ids, valid_holder_ids
from app.notifications.models import Notification


@pytest.fixture
def people(province, make_officer):
    unit = province["360102"]
    return {name: make_officer(unit, name, on_post=True)
            for name in ("有效", "昨日到期", "今日到期", "暂扣过期", "暂扣", "注销", "未发证", "未来发证")}


@pytest.fixture
def certificates(people, make_certificate):
    return {
        "有效": make_certificate(people["有效"], "valid", valid_until=date(2027, 1, 1)),
        "昨日到期": make_certificate(people["昨日到期"], "valid", valid_until=date(2026, 6, 14)),
        "今日到期": make_certificate(people["今日到期"], "valid", valid_until=date(2026, 6, 15)),
        "暂扣过期": make_certificate(people["暂扣过期"], "suspended", valid_until=date(2026, 3, 1)),
        "暂扣": make_certificate(people["暂扣"], "suspended"),
        "注销": make_certificate(people["注销"], "cancelled", valid_until=date(2020, 1, 1),
                               issued_on=date(2015, 1, 1)),
        "未来发证": make_certificate(people["未来发证"], "valid", issued_on=date(2026, 7, 1)),
    }


def ids(people, *names):
    return {people[n].id for n in names}


def test_valid_holders_exclude_past_dates_even_before_the_job(people, certificates):
    assert valid_holder_ids() == ids(people, "有效", "今日到期")
    assert valid_holder_ids([p.id for p in people.values()], on=date(2026, 6, 16)) == ids(
        people, "有效")
    assert valid_holder_ids(on=date(2026, 7, 1)) == ids(people, "有效", "未来发证")
    assert uncertified_ids(people.values()) == ids(
        people, "昨日到期", "暂扣过期", "暂扣", "注销", "未发证", "未来发证")


def test_the_expiry_job_expires_what_is_due_once(runner, db, people, certificates):
    result = runner.invoke(args=["jobs", "run", "certificates-expire"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    statuses = {name: db.session.get(Certificate, c.id).status for name, c in certificates.items()}
    assert statuses == {"有效": "valid", "昨日到期": "expired", "今日到期": "valid",
                        "暂扣过期": "expired", "暂扣": "suspended", "注销": "cancelled",
                        "未来发证": "valid"}
    events = db.session.scalars(select(CertificateEvent).where(
        CertificateEvent.action == "expire").order_by(CertificateEvent.id)).all()
    assert [(e.from_status, e.actor_name, e.reason) for e in events] == [
        ("valid", "scheduler", "有效期至 2026-06-14 已届满"),
        ("suspended", "scheduler", "有效期至 2026-03-01 已届满")]
    runner.invoke(args=["jobs", "run", "certificates-expire"])
    assert db.session.query(CertificateEvent).filter_by(action="expire").count() == 2


def test_expiring_within_90_days_is_flagged_to_hr_and_the_holder_once(
        runner, db, province, make_officer, make_user, make_certificate):
    county = province["360102"]
    soon = make_officer(county, "将到期", on_post=True)
    later = make_officer(county, "不急", on_post=True)
    make_certificate(soon, "valid", number="赣C0001", valid_until=date(2026, 9, 13))   # day 90
    make_certificate(later, "valid", number="赣C0002", valid_until=date(2026, 9, 14))  # day 91
    county_hr, city_hr = make_user("hr", county), make_user("hr", province["360100"])
    other_hr = make_user("hr", province["360702"])
    holder = make_user("officer", county, officer=soon)
    for _ in range(2):
        assert runner.invoke(args=["jobs", "run", "certificates-expiring"]).exit_code == 0
    rows = db.session.scalars(select(Notification).order_by(Notification.user_id)).all()
    assert sorted(n.user_id for n in rows) == sorted([county_hr.id, city_hr.id, holder.id])
    assert other_hr.id not in {n.user_id for n in rows}
    assert rows[0].text == "执法证 赣C0001（将到期）将于 2026-09-13 到期，请及时办理换证"


def test_draws_never_take_an_officer_without_a_valid_certificate(db, people, certificates):
    eligibility = pytest.importorskip("app.talentpool.eligibility")
    officer_ids = [p.id for p in people.values()]
    assert eligibility.certified_ids(officer_ids, date(2026, 6, 15)) == ids(people, "有效",
                                                                             "今日到期")
    from app.specialties.models import find
    from app.talentpool.models import TalentMember

    members = []
    for officer in people.values():
        member = TalentMember(officer=officer, specialty=find("food"), level="backbone",
                              state="approved")
        db.session.add(member)
        members.append(member)
    db.session.commit()
    problems = eligibility.problems_for(members, date(2026, 6, 15))
    drawable = {m.officer.name for m in members if not problems[m.id]}
    assert drawable == {"有效", "今日到期"}
    assert problems[members[1].id] == ["无覆盖检查期间的有效行政执法证"]
