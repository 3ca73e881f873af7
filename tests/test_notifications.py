from sqlalchemy import select

from app.notifications.models import Notification
from app.notifications.services import hr_users_for, notify


def test_a_key_keeps_a_rerun_from_notifying_twice(db, province, make_user):
    a, b = make_user("hr", province["360102"]), make_user("hr", province["360102"])
    assert notify([a.id], "落后进度", key="pace:1") == 1
    assert notify([a.id, b.id], "落后进度", key="pace:1") == 1
    assert notify([a.id], "无键通知") == 1 and notify([a.id], "无键通知") == 1
    assert len(db.session.scalars(select(Notification)).all()) == 4


def test_hr_users_for_a_unit_are_those_above_it(db, province, make_user):
    county_hr = make_user("hr", province["360102"])
    city_hr = make_user("hr", province["360100"])
    make_user("hr", province["360103"])
    make_user("legal", province["360100"])
    assert {u.id for u in hr_users_for(province["360102"])} == {county_hr.id, city_hr.id}


def test_users_see_only_their_own_and_the_header_counts_unread(auth, db, province, make_user):
    me, other = make_user("hr", province["360102"]), make_user("hr", province["360102"])
    notify([me.id], "给我的提醒")
    notify([other.id], "给别人的提醒")
    db.session.commit()
    auth.login(me.username)
    page = auth.client.get("/notifications/").get_data(as_text=True)
    assert "给我的提醒" in page and "给别人的提醒" not in page
    assert 'class="badge text-bg-warning"' in auth.client.get("/").get_data(as_text=True)
    auth.post("/notifications/read")
    assert 'class="badge text-bg-warning"' not in auth.client.get("/").get_data(as_text=True)


def test_jobs_run_reports_an_unknown_job(runner):
    result = runner.invoke(args=["jobs", "run", "no-such-job"])
    assert result.exit_code != 0 and "没有定时任务 no-such-job" in result.output
