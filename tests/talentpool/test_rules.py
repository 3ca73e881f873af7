"""Each draw rule has a test that fails when the rule is dropped."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.specialties.models import find
from app.talentpool import drawing, draws
from app.talentpool.models import Draw, DrawMember, DrawRound, TalentMember


def new_task(unit, **options):
    return draws.create_task(CLI, draws.TaskData("交叉检查", unit, **options))


def team_of(record) -> set[str]:
    return {m.officer.name for m in record.team}


def names(officers) -> set[str]:
    return {o.name for o in officers}


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_nobody_comes_from_the_inspected_unit_or_below_it(db, pool, province):
    # The city 360100 is inspected: its counties 360102 and 360103 must sit out.
    allowed = names(pool["360702"] + pool["360703"])
    for seed in range(20):
        outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.TaskData(
            "x", province["360100"])), 6, seed=seed)
        assert {db.session.get(type(pool["360702"][0]), i).name for i in outcome.picked} == allowed
    assert outcome.candidates.excluded["avoidance"] == 6


def test_avoiding_the_city_keeps_out_the_sister_county_too(db, pool, province):
    task = new_task(province["360102"], avoid_city=True)
    record = draws.draw(CLI, task, find("food"), 6, seed=3)
    assert team_of(record) == names(pool["360702"] + pool["360703"])
    with pytest.raises(draws.DrawError):
        draws.draw(CLI, new_task(province["360102"], avoid_city=True), find("food"), 7, seed=3)


def test_only_approved_unpaused_members_on_post_and_at_work_are_candidates(
        db, province, make_officer, make_member):
    unit = province["360702"]
    good = [make_officer(unit, f"合格{i}") for i in range(2)]
    for officer in good:
        make_member(officer)
    make_member(make_officer(unit, "待审核"), state="nominated")
    make_member(make_officer(unit, "未通过"), state="rejected")
    make_member(make_officer(unit, "暂停"), paused_from=clock.today() - timedelta(days=1),
                paused_until=clock.today() + timedelta(days=30))
    make_member(make_officer(unit, "非执法岗", on_post=False))
    make_member(make_officer(unit, "已退休", status="retired"))
    make_member(make_officer(unit, "别的专业"), "drugs")
    make_member(make_officer(unit, "暂停已结束"), paused_from=date(2020, 1, 1),
                paused_until=date(2020, 2, 1))
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 3, seed=1)
    assert team_of(record) == {"合格0", "合格1", "暂停已结束"}
    assert record.first_round.eligible_count == 3
    assert record.first_round.excluded["paused"] == 1


def test_a_pause_that_overlaps_the_task_dates_keeps_the_member_out(
        db, province, make_officer, make_member):
    unit, start = province["360702"], clock.today() + timedelta(days=10)
    for i in range(2):
        make_member(make_officer(unit, f"在{i}"))
    make_member(make_officer(unit, "任务中途休假"), paused_from=start + timedelta(days=2),
                paused_until=start + timedelta(days=4))
    task = new_task(province["360102"], starts_on=start, ends_on=start + timedelta(days=5))
    with pytest.raises(draws.DrawError, match="符合条件的人员只有2名"):
        draws.draw(CLI, task, find("food"), 3, seed=1)


def test_without_a_valid_certificate_nobody_is_drawn(db, pool, province, certified_only):
    certified = pool["360702"][:2]
    certified_only({o.id for o in certified})
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=9)
    assert team_of(record) == names(certified)
    assert record.first_round.excluded["uncertified"] == 7
    certified_only(set())
    with pytest.raises(draws.DrawError, match="符合条件的人员只有0名"):
        draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=9)


def test_without_certificate_data_nobody_counts_as_certified(db, pool, province, monkeypatch):
    """Fail closed: an officer with no 行政执法证 on record is never drawn."""
    from app.talentpool import eligibility

    monkeypatch.undo()  # the real rule, not the fixture's stand-in
    officer_ids = [o.id for c in pool.values() for o in c]
    assert eligibility.certified_ids(officer_ids, clock.today()) == set()
    with pytest.raises(draws.DrawError) as refused:
        draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=1)
    assert "符合条件的人员只有0名" in str(refused.value)
    assert "回避3名，无覆盖检查期间的有效行政执法证9名" in str(refused.value)  # 360102 avoided
    assert count(db, Draw) == 0


def test_a_real_valid_certificate_makes_its_holder_eligible(db, pool, province, monkeypatch):
    models = pytest.importorskip("app.certificates.models")
    from app.talentpool import eligibility

    monkeypatch.undo()
    holders = pool["360702"][:2]
    for n, officer in enumerate(holders):
        db.session.add(models.Certificate(officer=officer, number=f"TEST{n}", status="valid",
                                          issued_on=date(2020, 1, 1),
                                          valid_until=date(2099, 1, 1)))
    db.session.add(models.Certificate(officer=pool["360703"][0], number="OLD", status="valid",
                                      issued_on=date(2010, 1, 1), valid_until=date(2015, 1, 1)))
    db.session.commit()
    assert eligibility.certified_ids([o.id for c in pool.values() for o in c],
                                     clock.today()) == {o.id for o in holders}
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=4)
    assert team_of(record) == names(holders)


def test_a_team_needs_at_least_two_and_a_failed_draw_records_nothing(db, pool, province):
    task = new_task(province["360102"])
    db.session.commit()
    with pytest.raises(draws.DrawError, match="至少需要2名"):
        draws.draw(CLI, task, find("food"), 1, seed=1)
    with pytest.raises(draws.DrawError) as err:
        draws.draw(CLI, task, find("food"), 10, seed=1)
    assert err.value.eligible_count == 9
    assert "符合条件的人员只有9名" in str(err.value) and "回避3名" in str(err.value)
    db.session.rollback()
    assert count(db, Draw) == count(db, DrawRound) == count(db, DrawMember) == 0


def test_members_drawn_recently_weigh_less(db, pool, province):
    first = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=5)
    drawn = {m.officer_id for m in first.members}
    db.session.commit()
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.TaskData(
        "x", province["360102"])), 2, seed=1)
    weights = {officer_id: weight for officer_id, weight, _ in outcome.candidates.rows}
    assert {weights[i] for i in drawn} == {30}
    assert {w for i, w in weights.items() if i not in drawn} == {60}


def test_recent_draws_lower_the_chance_over_many_seeded_draws(db, province, make_officer,
                                                             make_member):
    unit = province["360702"]
    busy = [make_officer(unit, f"常被抽{i}") for i in range(2)]
    for officer in busy:
        make_member(officer)
    for _ in range(2):  # the busy pair, the only members then, is drawn twice: weight 60 // 3
        draws.draw(CLI, new_task(province["360102"]), find("food"), 2)
    for i in range(2):
        make_member(make_officer(unit, f"少被抽{i}"))
    terms = draws.terms_for(CLI, find("food"), draws.TaskData("x", province["360102"]))
    rows = draws.compute(terms, 2, seed=0).candidates.rows
    assert sorted(weight for _, weight, _ in rows) == [20, 20, 60, 60]
    busy_ids = {o.id for o in busy}
    hits = sum(len(busy_ids & set(drawing.pick(seed, rows, 1))) for seed in range(3000))
    # Weights 20, 20, 60, 60: a busy member is picked 40/160 = 25% of the time (not 50%).
    assert abs(hits / 3000 - 0.25) < 0.03


def test_a_cool_off_period_leaves_out_who_was_drawn_within_it(db, pool, province):
    first = draws.draw(CLI, new_task(province["360102"]), find("food"), 6, seed=2)
    recent = {m.officer_id for m in first.members}
    db.session.commit()
    task = new_task(province["360102"], cooloff_days=30)
    record = draws.draw(CLI, task, find("food"), 3, seed=2)
    assert not recent & {m.officer_id for m in record.members}
    assert record.first_round.excluded["cooloff"] == 6
    for m in first.members:  # drawn 31 days ago: out of the cool-off, back in
        m.drawn_on = clock.today() - timedelta(days=31)
    db.session.commit()
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.task_data(task)), 2, seed=1)
    assert outcome.candidates.excluded["cooloff"] == 3  # only the second draw's team now


def test_a_recorded_draw_replays_to_the_same_team_and_a_dry_run_matches_it(db, pool, province):
    terms = draws.terms_for(CLI, find("food"), draws.TaskData("x", province["360102"]))
    preview = draws.compute(terms, 3, seed=424242)
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 3, seed=424242)
    assert [m.officer_id for m in record.members] == preview.picked
    assert all(check.ok for check in draws.verify(record))
    db.session.commit()
    # Tampering with the recorded list shows up in the replay.
    rnd = record.first_round
    rnd.candidates = list(reversed(rnd.candidates))
    db.session.commit()
    assert not draws.verify(db.session.get(Draw, record.id))[0].ok


def test_one_task_gets_one_draw_per_specialty_and_nobody_twice(db, pool, province,
                                                              make_member):
    for officer in pool["360103"] + pool["360702"] + pool["360703"]:
        make_member(officer, "drugs")
    task = new_task(province["360102"])
    food = draws.draw(CLI, task, find("food"), 3, seed=1)
    with pytest.raises(draws.DrawError, match="不能重复抽取"):
        draws.draw(CLI, task, find("food"), 3, seed=2)
    drugs = draws.draw(CLI, task, find("drugs"), 3, seed=1)
    assert not {m.officer_id for m in food.members} & {m.officer_id for m in drugs.members}
    assert drugs.first_round.excluded["this_task"] == 3


def test_the_database_refuses_a_second_draw_for_the_same_task_and_specialty(
        db, pool, province, monkeypatch):
    task = new_task(province["360102"])
    draws.draw(CLI, task, find("food"), 2, seed=1)
    db.session.commit()
    # A second request that passed the check before the first one's insert was visible:
    monkeypatch.setattr(draws, "already_drawn", lambda task, specialty: False)
    with pytest.raises(draws.DrawError, match="不能重复抽取"):
        draws.draw(CLI, task, find("food"), 2, seed=2)
    db.session.rollback()
    assert count(db, Draw) == 1


def test_the_first_drawn_leads_and_experts_come_on_top(db, pool, province, make_member):
    expert = pool["360703"][0]
    db.session.execute(TalentMember.__table__.update().where(
        TalentMember.officer_id == expert.id).values(level="expert"))
    db.session.commit()
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, experts=1, seed=8)
    roles = [m.role for m in record.members]
    assert roles == ["leader", "member", "expert"]
    assert record.members[2].officer_id == expert.id
    draws.set_leader(CLI, record.members[1])
    assert [m.role for m in record.members] == ["member", "leader", "expert"]


def test_a_replacement_records_its_reason_follows_the_rules_and_replays(db, pool, province):
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 8, seed=11)
    out = record.members[0]
    with pytest.raises(draws.DrawError, match="递补原因"):
        draws.replace(CLI, out, "  ")
    new = draws.replace(CLI, out, "住院治疗", seed=99)
    db.session.commit()
    assert out.withdrawn_reason == "住院治疗" and out.replaced_by_id == new.id
    assert new.role == "leader" and new.round_number == 1
    assert new.officer.unit.code in ("360103", "360702", "360703")
    assert new.officer_id not in {m.officer_id for m in record.members if m is not new}
    assert record.rounds[1].reason == "住院治疗" and record.rounds[1].eligible_count == 1
    assert all(check.ok for check in draws.verify(record))
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"task.create", "draw.create", "draw.replace"} <= actions
    with pytest.raises(draws.DrawError, match="无法按规则抽取"):
        draws.replace(CLI, new, "又请假")


def test_drawn_members_with_an_account_are_notified(db, pool, province, make_user):
    models = pytest.importorskip("app.notifications.models")
    users = {o.id: make_user("officer", o.unit, officer=o)
             for o in pool["360103"] + pool["360702"] + pool["360703"]}
    record = draws.draw(CLI, new_task(province["360102"]), find("food"), 3, seed=6)
    db.session.commit()
    notified = set(db.session.scalars(select(models.Notification.user_id)))
    assert notified == {users[m.officer_id].id for m in record.members}
    text = db.session.scalar(select(models.Notification.text))
    assert "交叉检查" in text and "360102县局" in text


def test_the_draws_sql_and_the_pool_pages_reasons_agree(db, province, make_officer, make_member,
                                                        monkeypatch):
    """The draw evaluates the rules in SQL, the pool page per member in Python: same answer."""
    models = pytest.importorskip("app.certificates.models")
    from app.talentpool import eligibility

    monkeypatch.undo()  # real certificates on both sides
    today, unit = clock.today(), province["360702"]
    certificates = {"valid": (date(2020, 1, 1), date(2099, 1, 1)),
                    "expired": (date(2010, 1, 1), date(2015, 1, 1)),
                    "future": (today + timedelta(days=5), date(2099, 1, 1)), "none": None}
    members, n = [], 0
    for cert, dates in certificates.items():
        for state in ("approved", "nominated"):
            for on_post, status in ((True, "active"), (False, "active"), (True, "retired")):
                for paused in (False, True):
                    n += 1
                    officer = make_officer(unit, f"{cert}{n}", on_post=on_post, status=status)
                    members.append(make_member(
                        officer, state=state,
                        paused_from=today - timedelta(days=1) if paused else None))
                    if dates:
                        db.session.add(models.Certificate(
                            officer=officer, number=f"EQ{n}", status="valid",
                            issued_on=dates[0], valid_until=dates[1]))
    db.session.commit()
    terms = draws.terms_for(CLI, find("food"), draws.TaskData("x", province["360102"]))
    found = eligibility.candidates(terms)
    problems = eligibility.problems_for(members, today)
    assert {row[0] for row in found.rows} == {m.officer_id for m in members if not problems[m.id]}
    assert found.count == 1 and found.excluded["paused"] == 4 and found.excluded["uncertified"] == 3


@pytest.mark.parametrize("pause", ["from_the_last_day", "until_the_first_day"])
def test_a_pause_touching_the_task_by_one_day_keeps_the_member_out(
        db, province, make_officer, make_member, pause):
    unit, start = province["360702"], clock.today() + timedelta(days=10)
    end = start + timedelta(days=5)
    for i in range(2):
        make_member(make_officer(unit, f"在{i}"))
    paused = {"from_the_last_day": (end, end + timedelta(days=30)),
              "until_the_first_day": (start - timedelta(days=30), start)}[pause]
    make_member(make_officer(unit, "暂停"), paused_from=paused[0], paused_until=paused[1])
    task = new_task(province["360102"], starts_on=start, ends_on=end)
    with pytest.raises(draws.DrawError, match="符合条件的人员只有2名"):
        draws.draw(CLI, task, find("food"), 3, seed=1)
    # A day later (or earlier) the pause no longer touches the task: all three are drawn.
    shifted = {"from_the_last_day": (end + timedelta(days=1), None),
               "until_the_first_day": (paused[0], start - timedelta(days=1))}[pause]
    member = db.session.scalar(select(TalentMember).join(TalentMember.officer)
                               .where(TalentMember.pause_reason.is_not(None)))
    member.paused_from, member.paused_until = shifted
    db.session.commit()
    record = draws.draw(CLI, new_task(province["360102"], starts_on=start, ends_on=end),
                        find("food"), 3, seed=1)
    assert "暂停" in team_of(record)


@pytest.mark.parametrize(("days_ago", "weight"), [(365, 60), (364, 30)])
def test_a_draw_exactly_a_year_before_no_longer_lowers_the_weight(db, pool, province,
                                                                  days_ago, weight):
    first = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=5)
    for m in first.members:
        m.drawn_on = clock.today() - timedelta(days=days_ago)
    drawn = {m.officer_id for m in first.members}
    db.session.commit()
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.TaskData(
        "x", province["360102"])), 2, seed=1)
    weights = {officer_id: w for officer_id, w, _ in outcome.candidates.rows}
    assert {weights[i] for i in drawn} == {weight}


def test_each_reason_a_member_cannot_be_drawn_reads_plainly(db, province, make_officer,
                                                            make_member):
    from app.talentpool.eligibility import member_problems

    unit, on = province["360702"], date(2026, 6, 1)
    good = make_member(make_officer(unit, "好"))
    assert member_problems(good, True, on) == []
    assert member_problems(good, False, on) == ["无覆盖检查期间的有效行政执法证"]
    nominated = make_member(make_officer(unit, "提名"), state="nominated")
    assert member_problems(nominated, True, on) == ["未入库（待审核）"]
    paused = make_member(make_officer(unit, "休假"), paused_from=date(2026, 5, 1),
                         paused_until=date(2026, 7, 1))
    assert member_problems(paused, True, on) == ["暂停至2026-07-01（休假）"]
    paused.paused_until, paused.pause_reason = None, None
    assert member_problems(paused, True, on) == ["暂停至另行通知（未注明原因）"]
    off_post = make_member(make_officer(unit, "离岗", on_post=False, status="retired"))
    assert member_problems(off_post, False, on) == [
        "不在执法岗位", "人员状态为退休", "无覆盖检查期间的有效行政执法证"]


def test_the_page_checks_certificates_on_the_day_asked(db, pool, province, monkeypatch):
    models = pytest.importorskip("app.certificates.models")
    from app.talentpool import eligibility

    monkeypatch.undo()
    holder = pool["360702"][0]
    db.session.add(models.Certificate(officer=holder, number="TESTDAY", status="valid",
                                      issued_on=date(2020, 1, 1), valid_until=date(2030, 1, 1)))
    db.session.commit()
    member = db.session.scalar(select(TalentMember).where(TalentMember.officer_id == holder.id))
    assert eligibility.problems_for([member], date(2029, 12, 31)) == {member.id: []}
    assert eligibility.problems_for([member], date(2030, 1, 2)) == {member.id: ["无覆盖检查期间的有效行政执法证"]}


def test_avoiding_the_city_finds_the_inspected_units_own_city(db, province):
    from app.talentpool.eligibility import Terms

    terms = Terms(1, province["360702"], date(2026, 6, 1), date(2026, 6, 2), avoid_city=True)
    assert terms.avoided_path == province["360700"].path
    assert Terms(1, province["360702"], date(2026, 6, 1), date(2026, 6, 2)).avoided_path == \
        province["360702"].path


def test_certified_ids_answer_for_the_ids_asked_on_the_day_asked(db, pool, monkeypatch):
    models = pytest.importorskip("app.certificates.models")
    from app.talentpool import eligibility

    monkeypatch.undo()
    first, second = pool["360702"][:2]
    for n, (officer, until) in enumerate(((first, date(2030, 1, 1)), (second, date(2099, 1, 1)))):
        db.session.add(models.Certificate(officer=officer, number=f"IDS{n}", status="valid",
                                          issued_on=date(2020, 1, 1), valid_until=until))
    db.session.commit()
    assert eligibility.certified_ids([second.id], date(2029, 1, 1)) == {second.id}
    many = set(range(10_000, 10_000 + eligibility.BULK)) | {first.id, second.id}
    assert eligibility.certified_ids(many, date(2029, 1, 1)) == {first.id, second.id}
    assert eligibility.certified_ids(many, date(2031, 1, 1)) == {second.id}


def test_a_draws_terms_are_recorded_in_full(db, province):
    from app.talentpool.eligibility import RECENT_DAYS, Terms

    terms = Terms(1, province["360702"], date(2026, 6, 1), date(2026, 6, 2), avoid_city=True,
                  cooloff_days=30, pool_path=province["top"].path)
    assert terms.describe() == {
        "avoid_unit": "360702", "avoid_city": True, "avoided_path": province["360700"].path,
        "cooloff_days": 30, "recent_days": RECENT_DAYS, "weight": "60 // (1 + 近期被抽次数)",
        "min_certified": 2, "pool_path": province["top"].path, "on": "2026-06-01",
        "certificate": "行政执法证2026-06-01至2026-06-02全程有效"}


def test_a_withdrawn_draw_does_not_lower_the_weight(db, pool, province):
    first = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=5)
    for m in first.members:
        m.withdrawn_at = utcnow()
    db.session.commit()
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.TaskData(
        "x", province["360102"])), 2, seed=1)
    assert {w for _i, w, _e in outcome.candidates.rows} == {60}


def test_the_cool_off_ends_exactly_after_its_days(db, pool, province):
    first = draws.draw(CLI, new_task(province["360102"]), find("food"), 2, seed=2)
    for m in first.members:
        m.drawn_on = clock.today() - timedelta(days=30)
    db.session.commit()
    task = new_task(province["360102"], cooloff_days=30)
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.task_data(task)), 2, seed=1)
    assert outcome.candidates.excluded["cooloff"] == 0
    for m in first.members:
        m.drawn_on = clock.today() - timedelta(days=29)
    db.session.commit()
    outcome = draws.compute(draws.terms_for(CLI, find("food"), draws.task_data(task)), 2, seed=1)
    assert outcome.candidates.excluded["cooloff"] == 2


def test_candidates_come_in_officer_order_whatever_the_order_of_nomination(
        db, province, make_officer, make_member):
    unit = province["360702"]
    officers = [make_officer(unit, f"序{i}") for i in range(4)]
    for officer in reversed(officers):
        make_member(officer)
    terms = draws.terms_for(CLI, find("food"), draws.TaskData("x", province["360102"]))
    rows = draws.compute(terms, 2, seed=0).candidates.rows
    assert [officer_id for officer_id, _w, _e in rows] == [o.id for o in officers]


def test_the_pool_is_the_organisers_subtree(db, pool, province):
    from app.talentpool.eligibility import Terms, candidates

    on = clock.today()
    terms = Terms(find("food").id, province["360102"], on, on,
                  pool_path=province["360700"].path)
    expected = {o.id for o in pool["360702"] + pool["360703"]}
    assert {officer_id for officer_id, _w, _e in candidates(terms).rows} == expected


def test_a_certificate_must_be_valid_on_every_day_of_the_inspection(db, province, make_officer,
                                                                   make_member, monkeypatch):
    """One valid on the first day only, or from a day in the middle only, keeps its holder out
    of the draw; the pool page's check over the same days (certified_ids) agrees, however many
    officers it is asked about."""
    models = pytest.importorskip("app.certificates.models")
    from app.talentpool import eligibility

    monkeypatch.undo()  # real certificates
    unit, start = province["360702"], clock.today() + timedelta(days=10)
    end = start + timedelta(days=10)
    spans = {"全程有效": (date(2020, 1, 1), date(2099, 1, 1)),
             "中途到期": (date(2020, 1, 1), start + timedelta(days=5)),
             "中途发证": (start + timedelta(days=5), date(2099, 1, 1))}
    officers = {}
    for n, (name, (issued_on, valid_until)) in enumerate(spans.items()):
        officers[name] = make_officer(unit, name)
        make_member(officers[name])
        db.session.add(models.Certificate(officer=officers[name], number=f"WIN{n}",
                                          status="valid", issued_on=issued_on,
                                          valid_until=valid_until))
    db.session.commit()
    whole = {officers["全程有效"].id}
    found = eligibility.candidates(eligibility.Terms(find("food").id, province["360102"],
                                                     start, end))
    assert {row[0] for row in found.rows} == whole
    assert found.excluded["uncertified"] == 2
    ids = {o.id for o in officers.values()}
    assert eligibility.certified_ids(ids, start, end) == whole
    many = set(range(10_000, 10_001 + eligibility.BULK)) | ids
    assert eligibility.certified_ids(many, start, end) == whole
    # On the first day alone the one expiring midway is still valid.
    assert eligibility.certified_ids(ids, start) == whole | {officers["中途到期"].id}
