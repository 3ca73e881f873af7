"""A task with several specialties: each team obeys every rule, and the task is all or nothing."""
import pytest
from sqlalchemy import func, select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.specialties.models import find
from app.talentpool import drawing, draws
from app.talentpool.models import Draw, DrawMember, DrawRound, InspectionTask, TalentMember


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def nothing_recorded(db) -> bool:
    return count(db, InspectionTask) == count(db, Draw) == count(db, DrawRound) == \
        count(db, DrawMember) == 0 and count(db, AuditEntry) == 0


@pytest.fixture
def two_pools(db, pool, province, make_officer, make_member):
    """Food: pool (3 per county). Drugs: 2 officers of their own per county outside 360102,
    plus every food member of 360703 (in both pools: the rule "nobody twice" has work)."""
    drugs = {}
    for code in ("360103", "360702", "360703"):
        drugs[code] = [make_officer(province[code], f"药{code}-{i}", on_post=True)
                       for i in range(2)]
        for officer in drugs[code]:
            make_member(officer, "drugs")
    for officer in pool["360703"]:
        make_member(officer, "drugs")
    return {"food": pool, "drugs": drugs}


def ids(record) -> list[int]:
    return [m.officer_id for m in record.members]


def test_each_specialty_gets_its_own_team_under_every_rule(db, two_pools, province,
                                                          certified_only):
    food, drugs = two_pools["food"], two_pools["drugs"]
    uncertified = {food["360702"][0].id, drugs["360702"][0].id}
    everyone = {o.id for group in (food, drugs) for people in group.values() for o in people}
    certified_only(everyone - uncertified)
    experts = {o.id for o in drugs["360103"] + drugs["360703"]}
    db.session.execute(TalentMember.__table__.update().where(
        TalentMember.officer_id.in_(experts)).values(level="expert"))
    db.session.commit()
    task, records = draws.draw_task(CLI, draws.TaskData("食品药品交叉检查", province["360102"]), [
        draws.Team(find("food"), 3), draws.Team(find("drugs"), 2, experts=1)], seed=500)
    db.session.commit()
    assert [r.specialty.code for r in records] == ["food", "drugs"]
    assert [r.task_id for r in records] == [task.id, task.id]
    food_team, drugs_team = records
    # Team sizes, the leader first, the expert on top of the two officers.
    assert [m.role for m in food_team.members] == ["leader", "member", "member"]
    assert [m.role for m in drugs_team.members] == ["leader", "member", "expert"]
    assert drugs_team.members[2].officer_id in experts
    for record in records:
        members = record.members
        # Avoidance: nobody from the inspected county; certificates: only the certified.
        assert all(m.unit.code != "360102" for m in members)
        assert not uncertified & set(ids(record))
        assert record.first_round.excluded["avoidance"] >= 0
        # Replay: the recorded seed and candidate list give the same team.
        assert all(check.ok for check in draws.verify(record))
    # Nobody twice in one task; the second team's list left out the first team.
    assert not set(ids(food_team)) & set(ids(drugs_team))
    taken_in_drugs = set(ids(food_team)) & {o.id for o in food["360703"]}
    assert drugs_team.first_round.excluded["this_task"] == len(taken_in_drugs)
    # Seeds: the given one for the first team, + 1 for the second; both recorded.
    assert [r.first_round.seed for r in records] == [500, 501]
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["task.create", "draw.create", "draw.create"]


def test_a_dry_run_of_each_team_matches_what_the_task_recorded(db, two_pools, province):
    data = draws.TaskData("x", province["360102"])
    # Previewed first: once recorded, the drawn members weigh less in later draws.
    first = draws.compute(draws.terms_for(CLI, find("food"), data), 4, seed=42)
    second = draws.compute(draws.terms_for(CLI, find("drugs"), data, frozenset(first.picked)),
                           3, seed=43)
    _task, (food_team, drugs_team) = draws.draw_task(
        CLI, data, [draws.Team(find("food"), 4), draws.Team(find("drugs"), 3)], seed=42)
    assert (first.picked, second.picked) == (ids(food_team), ids(drugs_team))
    assert [list(c) for c in second.candidates.rows] == \
        [list(c) for c in drugs_team.first_round.candidates]
    assert drawing.pick(43, drugs_team.first_round.candidates, 3) == ids(drugs_team)


def test_a_task_whose_one_team_cannot_be_filled_draws_no_team_at_all(db, two_pools, province):
    teams = [draws.Team(find("food"), 3), draws.Team(find("drugs"), 20)]
    with pytest.raises(draws.TeamsError) as err:
        draws.draw_task(CLI, draws.TaskData("x", province["360102"]), teams, seed=1)
    assert set(err.value.failures) == {1}
    message = str(err.value)
    assert "药品和医疗器械检查组：无法按规则抽取：需要20名人员" in message
    assert "本任务的各专业检查组均未抽取" in message
    db.session.rollback()
    assert nothing_recorded(db)


def test_the_first_team_can_use_up_the_officers_the_second_needs(db, province, make_officer,
                                                                 make_member):
    # Three officers in both pools: a food team of 2 leaves 1 for drugs, which needs 2.
    both = [make_officer(province["360702"], f"双{i}", on_post=True) for i in range(3)]
    for officer in both:
        make_member(officer, "food")
        make_member(officer, "drugs")
    data = draws.TaskData("x", province["360102"])
    with pytest.raises(draws.TeamsError, match="符合条件的人员只有1名.*已在本任务其他检查组2名"):
        draws.draw_task(CLI, data, [draws.Team(find("food"), 2), draws.Team(find("drugs"), 2)],
                        seed=3)
    db.session.rollback()
    assert nothing_recorded(db)


def test_every_team_that_fails_is_named_and_bad_teams_are_refused(db, two_pools, province):
    data = draws.TaskData("x", province["360102"])
    with pytest.raises(draws.TeamsError) as err:
        draws.draw_task(CLI, data, [draws.Team(find("food"), 30), draws.Team(find("drugs"), 2),
                                    draws.Team(find("ip"), 2)])
    assert set(err.value.failures) == {0, 2}
    assert "食品安全检查组" in str(err.value) and "商标和专利检查组" in str(err.value)
    with pytest.raises(draws.DrawError, match="重复"):
        draws.draw_task(CLI, data, [draws.Team(find("food"), 2), draws.Team(find("food"), 2)])
    with pytest.raises(draws.DrawError, match="至少需要2名"):
        draws.draw_task(CLI, data, [draws.Team(find("food"), 1)])
    with pytest.raises(draws.DrawError, match="至少填写一个"):
        draws.draw_task(CLI, data, [])
    db.session.rollback()
    assert nothing_recorded(db)


def test_a_county_legal_section_cannot_task_a_unit_outside_its_county(db, two_pools, province,
                                                                     make_user):
    legal = make_user("legal", province["360100"])
    with pytest.raises(draws.DrawError, match="不在您的管理范围内"):
        draws.draw_task(legal, draws.TaskData("x", province["360702"]),
                        [draws.Team(find("food"), 2)])
    assert nothing_recorded(db)


# The web form: rows of specialty and size, server-side checks with Chinese messages.

def form(province, *rows, **extra) -> dict:
    data = {"purpose": "2026年食品药品交叉检查", "inspected_unit_id": province["360102"].id,
            "cooloff_days": "0", "seed": "700"}
    for n, (specialty, size, *experts) in enumerate(rows):
        data[f"teams-{n}-specialty_id"] = str(find(specialty).id) if specialty else ""
        data[f"teams-{n}-size"] = str(size) if size is not None else ""
        data[f"teams-{n}-experts"] = str(experts[0]) if experts else ""
    return data | extra


@pytest.fixture
def legal(auth, province, make_user):
    auth.login(make_user("legal", province["top"]).username)
    return auth


def test_the_form_offers_four_specialty_rows_and_draws_them_together(legal, db, two_pools,
                                                                      province):
    page = legal.client.get("/talent/draws/new").get_data(as_text=True)
    for n in range(4):
        assert f'name="teams-{n}-specialty_id"' in page and f'name="teams-{n}-size"' in page
    assert "专业类别（第2组）" in page and "添加专业检查组" in page
    response = legal.post("/talent/draws/new", form(province, ("food", 3), ("drugs", 2, 0),
                                                     (None, None), (None, None)))
    assert response.status_code == 302
    records = list(db.session.scalars(select(Draw).order_by(Draw.id)))
    assert [(r.specialty.code, len(r.team)) for r in records] == [("food", 3), ("drugs", 2)]
    assert records[0].task_id == records[1].task_id
    assert response.headers["Location"].endswith(f"/talent/draws/{records[0].id}")
    assert [r.first_round.seed for r in records] == [700, 701]
    page = legal.client.get(response.headers["Location"], follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "已抽取并记录2个检查组" in text and "本任务检查组" in text and "药品和医疗器械" in text


def test_a_row_that_cannot_be_filled_stops_the_whole_task_and_says_why(legal, db, two_pools,
                                                                       province):
    response = legal.post("/talent/draws/new", form(province, ("food", 3), ("drugs", 15)))
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "药品和医疗器械检查组：无法按规则抽取：需要15名人员" in text
    assert "未抽取任何检查组" in text
    assert count(db, InspectionTask) == count(db, Draw) == 0


@pytest.mark.parametrize("rows, message", [
    ([("food", 3), (None, 4)], "请选择该检查组的专业类别"),
    ([("food", 3), ("drugs", None)], "请填写检查组人数（至少2名）"),
    ([("food", 3), ("food", 2)], "该专业类别已在上方填写"),
    ([("food", 1)], "检查组人数应为2至50名"),
    ([("food", 3, 11)], "专家人数应为0至10名"),
    ([("food", "三")], "检查组人数"),
])
def test_bad_rows_get_chinese_field_errors_and_nothing_is_drawn(legal, db, two_pools, province,
                                                                rows, message):
    response = legal.post("/talent/draws/new", form(province, *rows))
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert message in text and "is-invalid" in text
    assert count(db, InspectionTask) == count(db, Draw) == 0


def test_a_forged_row_specialty_is_refused(legal, db, two_pools, province):
    response = legal.post("/talent/draws/new", form(province, ("food", 3)) |
                          {"teams-1-specialty_id": "999999", "teams-1-size": "2"})
    assert response.status_code == 200 and count(db, Draw) == 0
