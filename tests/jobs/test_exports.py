"""Big exports as jobs (issue #11): started by a POST, watched through the status JSON,
downloaded by their owner only, scoped like the synchronous download, pruned after a day."""
import io
import os
import re
import time
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.auth.models import User
from app.extensions import db as _db
from app.jobs import exports
from app.jobs.models import Job
from app.jobs.progress import ticking
from app.jobs.runner import submit


@pytest.fixture
def world(province, make_officer, make_user, make_session, attend):
    """Two officers in county 360102, one in 360103 (same city), one in 360702 (another city)."""
    c102, c103, c702 = province["360102"], province["360103"], province["360702"]
    officers = {
        "甲一": make_officer(c102, "甲一"),
        "甲二": make_officer(c102, "甲二"),
        "乙一": make_officer(c103, "乙一"),
        "丙一": make_officer(c702, "丙一"),
    }
    law = make_session(c102, "行政处罚法培训", hours=8, start=date(2026, 3, 10))
    far = make_session(c702, "外市培训", hours=6, start=date(2026, 4, 1))
    attend(law, officers["甲一"])
    attend(law, officers["乙一"])
    attend(far, officers["丙一"])
    users = {
        "hr102": make_user("hr", c102, username="hr102"),
        "hr102b": make_user("hr", c102, username="hr102b"),
        "hr702": make_user("hr", c702, username="hr702"),
        "legal100": make_user("legal", province["360100"], username="legal100"),
    }
    return {"officers": officers, "users": users, "province": province}


def start(auth, url: str) -> int:
    """POST the export form (with its CSRF token) and follow to the job page."""
    response = auth.post(url)
    assert response.status_code == 302, response.status_code
    match = re.fullmatch(r"/jobs/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def download(auth, job_id: int):
    status = auth.client.get(f"/jobs/{job_id}/status").get_json()
    assert status["state"] == "done" and status["finished"], status
    assert status["done"] == status["total"]
    page = auth.client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert f'href="/jobs/{job_id}/download"' in page
    response = auth.client.get(f"/jobs/{job_id}/download")
    assert response.status_code == 200
    return response


def sheet_rows(response) -> list[tuple]:
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return [row for row in book.active.iter_rows(values_only=True) if any(row)]


def test_roster_export_runs_as_a_job_and_downloads_an_xlsx(auth, world):
    auth.login("hr102")
    job_id = start(auth, "/exports/officers.xlsx")
    response = download(auth, job_id)
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    rows = sheet_rows(response)
    assert rows[0][:3] == ("姓名", "身份证号", "单位编码")
    assert sorted(r[0] for r in rows[1:]) == ["甲一", "甲二"]
    numbers = {o.id_number for o in world["officers"].values()}
    assert all(r[1] in numbers for r in rows[1:])          # HR sees full ID numbers
    job = _db.session.get(Job, job_id)
    assert job.result["filename"] == "人员名册.xlsx" and job.result["size"] == len(response.data)


def test_roster_job_keeps_the_pages_filters_and_masks_for_legal(auth, world):
    auth.login("legal100")
    rows = sheet_rows(download(auth, start(auth, "/exports/officers.xlsx?q=甲")))
    assert sorted(r[0] for r in rows[1:]) == ["甲一", "甲二"]
    assert all("*" in r[1] for r in rows[1:])
    rows = sheet_rows(download(auth, start(auth, "/exports/officers.xlsx")))
    assert sorted(r[0] for r in rows[1:]) == ["乙一", "甲一", "甲二"]   # the city, not 360702


def test_training_history_export_job_is_scoped(auth, world):
    auth.login("hr702")
    rows = sheet_rows(download(auth, start(auth, "/exports/training.xlsx")))
    assert [r[0] for r in rows[1:]] == ["外市培训"]
    assert rows[1][4] == world["officers"]["丙一"].id_number


def test_compliance_excel_job_holds_only_the_users_county(auth, world):
    auth.login("hr102")
    page = auth.client.get("/training/compliance?year=2026").get_data(as_text=True)
    assert 'action="/training/compliance.xlsx?year=2026"' in page
    rows = sheet_rows(download(auth, start(auth, "/training/compliance.xlsx?year=2026")))
    header = rows[0].index("姓名")
    assert sorted(r[header] for r in rows[1:]) == ["甲一", "甲二"]


def test_compliance_excel_job_for_a_city_with_filters(auth, world):
    auth.login("legal100")
    unit = world["province"]["360103"].id
    rows = sheet_rows(download(auth, start(auth, f"/training/compliance.xlsx?year=2026&unit={unit}")))
    assert [r[1] for r in rows[1:]] == ["乙一"]
    rows = sheet_rows(download(auth, start(auth, "/training/compliance.xlsx?year=2026&q=甲二")))
    assert [r[1] for r in rows[1:]] == ["甲二"]


def test_a_unit_outside_scope_is_refused_at_the_form_and_in_the_job(auth, world):
    auth.login("hr102")
    other = world["province"]["360702"].id
    assert auth.post(f"/training/compliance.xlsx?year=2026&unit={other}").status_code == 404
    assert _db.session.scalar(select(Job)) is None
    # A job whose parameters name another county (however they got there) fails, in Chinese.
    job = submit("export", world["users"]["hr102"],
                 {"export": "compliance.xlsx", "params": {"year": 2026, "unit": other}})
    _db.session.refresh(job)
    assert job.state == "failed"
    page = auth.client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "导出失败" in page and "该单位不在您的管理范围内" in page
    assert auth.client.get(f"/jobs/{job.id}/download").status_code == 404


def test_compliance_pdf_job(auth, world):
    auth.login("legal100")
    response = download(auth, start(auth, "/training/compliance.pdf?year=2026&missing=1"))
    assert response.mimetype == "application/pdf" and response.data[:5] == b"%PDF-"


def test_archives_of_every_officer_of_a_unit_in_one_zip(auth, world):
    auth.login("hr102")
    page = auth.client.get("/training/compliance?year=2026").get_data(as_text=True)
    unit = world["province"]["360102"].id
    assert f'action="/training/archives.zip?year=2026&amp;unit={unit}"' in page
    response = download(auth, start(auth, f"/training/archives.zip?year=2026&unit={unit}"))
    assert response.mimetype == "application/zip"
    members = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert len(members) == 2
    assert all(m.startswith("360102 360102县局/") and m.endswith(".pdf") for m in members)
    assert sorted(m.split("/")[1].split("-")[0] for m in members) == ["甲一", "甲二"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as z:
        assert z.read(members[0])[:5] == b"%PDF-"


def test_archives_of_a_city_leave_out_other_cities(auth, world):
    auth.login("legal100")
    response = download(auth, start(auth, "/training/archives.zip?year=2026"))
    names = sorted(m.split("/")[1].split("-")[0]
                   for m in zipfile.ZipFile(io.BytesIO(response.data)).namelist())
    assert names == ["乙一", "甲一", "甲二"]


def test_only_the_owner_reaches_the_job_and_its_file(auth, world):
    auth.login("hr102")
    job_id = start(auth, "/exports/officers.xlsx")
    download(auth, job_id)
    auth.logout()
    urls = [f"/jobs/{job_id}", f"/jobs/{job_id}/status", f"/jobs/{job_id}/download"]
    for attacker in ("hr102b", "hr702", "legal100"):   # same county, another city, a superior
        auth.login(attacker)
        for url in urls:
            assert auth.client.get(url).status_code == 404, (attacker, url)
        auth.logout()
    for url in urls:
        response = auth.client.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_starting_an_export_needs_the_csrf_token_and_the_permission(auth, world, make_user):
    auth.login("hr102")
    assert auth.client.post("/exports/officers.xlsx").status_code == 400   # no token
    assert auth.client.post("/training/compliance.xlsx?year=2026").status_code == 400
    auth.logout()
    officer = make_user("officer", world["province"]["360102"])
    auth.login(officer.username)
    for url in ("/exports/officers.xlsx", "/exports/training.xlsx",
                "/training/compliance.xlsx", "/training/archives.zip"):
        assert auth.post(url).status_code == 403, url
    assert _db.session.scalar(select(Job)) is None


def test_a_job_whose_owner_was_disabled_meanwhile_fails(world):
    user = world["users"]["hr102"]
    user.active = False
    job = submit("export", user, {"export": "officers", "params": {}})
    _db.session.refresh(job)
    assert job.state == "failed" and job.result["errors"] == ["您没有导出这些数据的权限"]


def test_download_waits_until_the_job_is_done(auth, world):
    hr = world["users"]["hr102"]
    job = Job(kind="export", owner_id=hr.id, params={"export": "officers", "params": {}})
    _db.session.add(job)
    _db.session.commit()
    auth.login("hr102")
    page = auth.client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'role="progressbar"' in page and 'aria-valuenow="0"' in page and "job.js" in page
    assert auth.client.get(f"/jobs/{job.id}/download").status_code == 404
    assert auth.client.get(f"/jobs/{job.id}/status").get_json()["state"] == "queued"


def test_a_failed_export_shows_a_chinese_error(auth, world, monkeypatch):
    def broken(actor, params, progress):
        raise RuntimeError("disk full")
    monkeypatch.setitem(exports.EXPORTS, "officers",
                        exports.Export("人员名册", "roster.view", broken))
    auth.login("hr102")
    job_id = start(auth, "/exports/officers.xlsx")
    status = auth.client.get(f"/jobs/{job_id}/status").get_json()
    assert status["state"] == "failed" and status["finished"]
    page = auth.client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "导出失败" in page and "处理失败，请联系管理员" in page and "disk full" not in page
    assert 'role="alert"' in page
    assert auth.client.get(f"/jobs/{job_id}/download").status_code == 404


def test_old_export_files_are_pruned_once(auth, world):
    auth.login("hr102")
    job_id = start(auth, "/exports/officers.xlsx")
    path = exports.stored_file(_db.session.get(Job, job_id))
    assert exports.prune() == 0 and path.exists()          # a fresh file stays
    old = time.time() - exports.KEEP_SECONDS - 60
    os.utime(path, (old, old))
    assert exports.prune() == 1 and not path.exists()
    assert exports.prune() == 0                              # idempotent
    assert auth.client.get(f"/jobs/{job_id}/download").status_code == 404
    page = auth.client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "文件只保留一天" in page


def test_pruning_is_a_scheduled_job(app):
    from app.scheduling import job_by_id

    assert job_by_id("exports-prune").func == "app.jobs.exports:prune"


def test_progress_ticks_every_thousand_rows():
    calls = []
    assert list(ticking(range(2500), 2500, lambda d, t: calls.append((d, t)))) == list(range(2500))
    assert calls == [(0, 2500), (1000, 2500), (2000, 2500), (2500, 2500)]


def test_archive_batch_ticks_every_pdf(world):
    from app.training.exports import archives_zip

    calls = []
    hr = _db.session.scalar(select(User).where(User.username == "hr102"))
    _name, path = archives_zip(hr, {"year": 2026, "unit": hr.unit_id},
                               lambda d, t: calls.append((d, t)))
    path.unlink()
    assert calls == [(0, 2), (1, 2), (2, 2)]


def test_the_cli_exports_are_unchanged(runner, world, tmp_path):
    result = runner.invoke(args=["export", "officers", "--format", "json"])
    assert result.exit_code == 0 and "丙一" in result.output   # the CLI sees everything
    out = tmp_path / "c.pdf"
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "pdf",
                                 "--out", str(out)])
    assert result.exit_code == 0 and out.read_bytes()[:5] == b"%PDF-"
    result = runner.invoke(args=["report", "compliance", "--year", "2026", "--format", "json"])
    assert result.exit_code == 0 and '"name": "丙一"' in result.output


def test_my_jobs_lists_only_my_own(auth, world):
    auth.login("hr102")
    mine = start(auth, "/training/compliance.xlsx?year=2026")
    page = auth.client.get("/jobs/").get_data(as_text=True)
    assert f'href="/jobs/{mine}"' in page and "导出" in page
    auth.logout()
    auth.login("hr102b")                      # the same county's other HR clerk
    other = auth.client.get("/jobs/")
    assert other.status_code == 200 and "我的导入导出" in other.get_data(as_text=True)
    assert f'href="/jobs/{mine}"' not in other.get_data(as_text=True)


def test_a_zip_of_too_many_archives_is_refused_in_chinese(auth, world, monkeypatch):
    from app.training import exports as training_exports

    monkeypatch.setattr(training_exports, "ARCHIVE_LIMIT", 1)
    auth.login("hr102")
    job_id = start(auth, "/training/archives.zip?year=2026")
    page = auth.client.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "一次最多打包1人的培训档案（本次2人），请选择下级单位分批导出" in page
