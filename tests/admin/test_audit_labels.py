"""The audit log speaks Chinese: action names, field labels, readable before/after, filters."""
import ast
import io
import re
from pathlib import Path

from openpyxl import load_workbook

from app.admin import labels
from app.certificates.models import TRANSITIONS
from app.core import audit

APP = Path(__file__).resolve().parents[2] / "app"
AUDIT_CALLS = {"audit.record", "audit.entry", "_audit", "_audit_entry", "_set_status"}
ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# The two actions built from a value: each value it can take.
EXPANDED = {"certificate.": [*TRANSITIONS], "training.submission.": ["approved", "rejected"]}


def _call_name(node: ast.Call) -> str:
    return ast.unparse(node.func)


def _actions_in(node: ast.AST, assigned: dict[str, list[str]]) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if ACTION.match(node.value) else []
    if isinstance(node, ast.IfExp):
        return _actions_in(node.body, assigned) + _actions_in(node.orelse, assigned)
    if isinstance(node, ast.Name):
        return assigned.get(node.id, [])
    if isinstance(node, ast.JoinedStr):
        prefix = node.values[0].value if isinstance(node.values[0], ast.Constant) else ""
        if not re.match(r"^[a-z_]+\.", str(prefix)):
            return []
        assert prefix in EXPANDED, f"an action built from a value: {ast.unparse(node)}"
        return [prefix + v for v in EXPANDED[prefix]]
    return []


def recorded_actions() -> set[str]:
    """Every action code a call of the audit log in app/ can record."""
    found = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef):
                continue
            assigned: dict[str, list[str]] = {}
            for node in ast.walk(func):
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
                    if not isinstance(node.value, ast.JoinedStr):
                        assigned.setdefault(node.targets[0].id, []).extend(
                            _actions_in(node.value, {}))
            for node in ast.walk(func):
                if isinstance(node, ast.Call) and _call_name(node) in AUDIT_CALLS:
                    for arg in node.args:
                        found.update(_actions_in(arg, assigned))
    return found


def test_every_recorded_action_has_a_chinese_name():
    actions = recorded_actions()
    assert {"draw.replace", "certificate.cancel", "question.retire",
            "training.session.import", "user.disable", "result.regrade"} <= actions
    missing = sorted(a for a in actions if a not in labels.ACTIONS)
    assert not missing, f"audit actions without a Chinese name: {missing}"
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in labels.ACTIONS.values())


def _entries(db, province, make_user):
    clerk = make_user("hr", province["360102"], username="amy")
    clerk.display_name = "李明"
    audit.record(clerk, "officer.update", "officer", 1, label="王五",
                 unit_id=province["360102"].id,
                 before={"name": "王五", "on_post": True, "status": "active"},
                 after={"name": "王五", "on_post": False, "status": "transferred"})
    audit.record(make_user("legal", province["360702"], username="bob"), "draw.replace",
                 "draw", 2, label="抽取 #2", unit_id=province["360702"].id,
                 before={"officer": "赵六"}, after={"officer": "钱七", "reason": "生病"})
    db.session.commit()


def test_the_log_shows_chinese_names_fields_and_readable_changes(auth, make_user, province, db):
    _entries(db, province, make_user)
    auth.login(make_user("admin").username)
    page = auth.client.get("/admin/audit").get_data(as_text=True)
    assert "修改执法人员信息" in page and "替换抽取人员" in page
    assert "<strong>执法岗位</strong>：是 → 否" in page
    assert "<strong>状态</strong>：在岗 → 调离执法岗位" in page
    assert "<strong>人员</strong>：赵六 → 钱七" in page
    assert "李明（amy）" in page
    assert "{&#39;" not in page and "on_post" not in page


def test_the_log_filters_by_person_unit_and_action(auth, make_user, province, db):
    _entries(db, province, make_user)
    auth.login(make_user("admin").username)
    get = lambda q: auth.client.get(f"/admin/audit?{q}").get_data(as_text=True)  # noqa: E731
    assert "王五" in get("actor=李明") and "钱七" not in get("actor=李明")
    by_city = get(f"unit={province['360700'].id}")
    assert "钱七" in by_city and "王五" not in by_city
    by_action = get("action=draw.replace&since=2000-01-01&until=2999-12-31")
    assert "钱七" in by_action and "王五" not in by_action
    assert "王五" not in get("until=2000-01-01")


def test_the_export_uses_the_same_labels(auth, make_user, province, db):
    _entries(db, province, make_user)
    auth.login(make_user("admin").username)
    response = auth.client.get(f"/admin/audit.xlsx?unit={province['360100'].id}")
    rows = list(load_workbook(io.BytesIO(response.data)).active.values)
    header = rows.index(next(r for r in rows if r and r[0] == "时间"))
    body = [r for r in rows[header + 1:] if r and r[0]]
    assert len(body) == 1
    when, who, action, kind, _id, label, change = body[0]
    assert (who, action, kind, label) == ("李明（amy）", "修改执法人员信息", "执法人员", "王五")
    assert change.splitlines() == ["执法岗位：是 → 否", "状态：在岗 → 调离执法岗位"]


def test_stored_times_and_codes_read_as_people_read_them():
    entry = audit.AuditEntry(entity_type="exam", before=None, after={
        "opens_at": "2027-01-05T02:58:19", "mode": "drawn", "shuffle": True})
    assert labels.changes_text(entry).splitlines() == [
        "方式：— → 每人随机组卷", "开考时间：— → 2027-01-05 10:58", "乱序：— → 是"]
