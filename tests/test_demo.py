"""`flask demo-data` and what each demo account sees first."""
import pytest
from sqlalchemy import func, select

from app.org.models import Unit
from app.people.models import Officer

MENUS = {
    "admin": {"人员名册", "组织机构", "账号管理", "审计日志"},
    "hr": {"人员名册", "组织机构"},
    "legal": {"人员名册", "组织机构"},
    "leader": {"人员名册", "组织机构"},
    "officer": {"我的档案"},
}
ADMIN_ONLY = {"账号管理", "审计日志"}


@pytest.fixture
def demo(runner, db):
    result = runner.invoke(args=["demo-data", "--officers", "300"])
    assert result.exit_code == 0, result.output
    return result


def test_demo_province_has_jiangxi_units_and_valid_people(demo, db):
    from app.core.idcard import is_valid

    names = set(db.session.scalars(select(Unit.name)))
    assert {"南昌市市场监督管理局", "赣州市市场监督管理局", "瑞金市市场监督管理局"} <= names
    assert db.session.scalar(select(func.count()).select_from(Officer)) == 300
    assert all(is_valid(n) for n in db.session.scalars(select(Officer.id_number)))


def test_demo_data_if_empty_leaves_a_filled_database_alone(demo, runner):
    again = runner.invoke(args=["demo-data", "--if-empty"])
    assert "跳过" in again.output


def test_the_demo_accounts_are_printed_once_and_make_run_does_not_repeat_them(demo, runner):
    from pathlib import Path

    again = runner.invoke(args=["demo-data", "--if-empty"])
    for output in (demo.output, again.output):
        assert output.count("演示账号（密码 Demo@2026）：admin, hr, legal, leader, officer") == 1
    run = Path(__file__).resolve().parent.parent.joinpath("Makefile").read_text(
        encoding="utf-8").split("\nrun:")[1].split("\n\n")[0]
    assert "演示账号" not in run and "demo-data --if-empty" in run


@pytest.mark.parametrize("username", sorted(MENUS))
def test_each_demo_account_logs_in_and_sees_its_menu(demo, auth, username):
    assert auth.login(username, "Demo@2026").status_code == 302
    page = auth.client.get("/").get_data(as_text=True)
    assert all(item in page for item in MENUS[username])
    if username != "admin":
        assert not any(item in page for item in ADMIN_ONLY)
