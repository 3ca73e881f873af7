"""`flask draw` and `flask draw verify` per INTERFACES.md."""
import json

from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.talentpool.models import Draw, DrawMember, InspectionTask


def draw(runner, *args):
    return runner.invoke(args=["draw", "--specialty", "食品安全", "--inspected-unit", "360102",
                               *args])


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_draw_prints_json_is_recorded_and_audited(runner, db, pool):
    result = draw(runner, "--size", "3", "--seed", "20261123", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"draw_id", "seed", "specialty", "inspected_unit", "eligible_count",
                         "members"}
    assert (data["seed"], data["specialty"], data["inspected_unit"], data["eligible_count"]) == \
        (20261123, "food", "360102", 9)
    assert len(data["members"]) == 3
    for member in data["members"]:
        assert set(member) >= {"id_number_masked", "name", "unit_code"}
        assert member["unit_code"] in ("360103", "360702", "360703")
        assert "*" in member["id_number_masked"]
    record = db.session.get(Draw, data["draw_id"])
    assert [m.officer.name for m in record.members] == [m["name"] for m in data["members"]]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "draw.create")) == 1


def test_a_dry_run_gives_the_same_team_and_records_nothing(runner, db, pool):
    dry = draw(runner, "--size", "4", "--seed", "77", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output)["draw_id"] is None
    assert count(db, Draw) == count(db, InspectionTask) == count(db, AuditEntry) == 0
    real = json.loads(draw(runner, "--size", "4", "--seed", "77", "--format", "json").output)
    assert real["members"] == json.loads(dry.output)["members"]


def test_verify_replays_a_recorded_draw(runner, db, pool):
    made = json.loads(draw(runner, "--size", "3", "--format", "json").output)
    result = runner.invoke(args=["draw", "verify", str(made["draw_id"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    replay = json.loads(result.output)
    assert replay["verified"] is True
    assert replay["seed"] == made["seed"] and replay["members"] == made["members"]
    text = runner.invoke(args=["draw", "verify", str(made["draw_id"])])
    assert "复核一致" in text.output


def test_verify_fails_loudly_when_the_record_was_altered(runner, db, pool):
    made = json.loads(draw(runner, "--size", "3", "--seed", "5", "--format", "json").output)
    record = db.session.get(Draw, made["draw_id"])
    record.first_round.seed = 6
    db.session.commit()
    result = runner.invoke(args=["draw", "verify", str(made["draw_id"])])
    assert result.exit_code != 0 and "复核不一致" in result.output


def test_a_draw_that_cannot_be_filled_exits_non_zero_says_how_many_and_records_nothing(
        runner, db, pool):
    result = draw(runner, "--size", "10")
    assert result.exit_code != 0
    assert "符合条件的人员只有9名" in result.output
    as_json = draw(runner, "--size", "10", "--format", "json")
    assert as_json.exit_code != 0 and json.loads(as_json.output)["eligible_count"] == 9
    assert count(db, Draw) == count(db, InspectionTask) == count(db, DrawMember) == 0


def test_bad_arguments_are_refused(runner, db, pool):
    assert runner.invoke(args=["draw", "--size", "3"]).exit_code != 0
    unknown = draw(runner, "--size", "3", "--specialty", "不存在的专业")
    assert unknown.exit_code != 0
    assert runner.invoke(args=["draw", "verify", "999"]).exit_code != 0
    assert count(db, Draw) == 0
