"""The lists: every one has search, a pager, a table that scrolls on a phone and an Excel
export; every export is scoped like its list (tested as an attacker from another county)."""
import io
import re

import pytest
from openpyxl import load_workbook

LISTS = [  # (list page, its export, roles that see both)
    ("/officers/", "/exports/officers.xlsx", ("hr", "legal", "leader")),
    ("/training/sessions", "/exports/training.xlsx", ("hr", "legal", "leader")),
    ("/training/compliance", "/training/compliance.xlsx", ("hr", "legal", "leader")),
    ("/exams/", "/exams/export.xlsx", ("hr", "legal", "leader")),
    ("/certificates/", "/certificates/export.xlsx", ("hr", "legal", "leader")),
    ("/talent/draws/", "/talent/draws/export.xlsx", ("hr", "legal", "leader")),
    ("/talent/", "/exports/talent.xlsx", ("hr", "legal")),
    ("/questions/", "/questions/export.xlsx", ("hr", "legal")),
]


def cells(response) -> str:
    """Every cell of the downloaded workbook, as one text."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data), read_only=True)
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                     for v in row if v is not None)


@pytest.mark.parametrize(("url", "export", "roles"), LISTS)
def test_each_list_has_search_pager_export_and_scrolls(auth, world, make_user, url, export,
                                                       roles):
    for role in roles:
        auth.login(make_user(role, world.units["360102"]).username)
        page = auth.client.get(url).get_data(as_text=True)
        assert 'role="search"' in page
        assert 'class="table-responsive"' in page
        assert 'aria-label="' in page and "pagination" in page
        # A link, or for the big ones a form that starts an export job (tests/jobs).
        assert f'href="{export}' in page or f'action="{export}' in page, (role, url)
        auth.logout()


@pytest.mark.parametrize("export", [e for _u, e, _r in LISTS if "questions" not in e])
def test_county_hr_exports_hold_no_officer_of_another_county(auth, world, make_user, export):
    auth.login(make_user("hr", world.units["360102"]).username)
    text = cells(auth.client.get(export))
    for name in ("乙一", "丙一", "乙县本季考试", "360103县局", "360702县局"):
        assert name not in text, (export, name)


def test_city_hr_exports_hold_the_whole_city(auth, world, make_user):
    auth.login(make_user("hr", world.units["360100"]).username)
    assert "乙一" in cells(auth.client.get("/exports/officers.xlsx"))
    exams = cells(auth.client.get("/exams/export.xlsx"))
    assert "乙县本季考试" in exams and "甲县本季考试" in exams


def test_the_exam_list_searches_sorts_and_exports_what_it_shows(auth, world, make_user):
    auth.login(make_user("legal", world.units["360100"]).username)
    page = auth.client.get("/exams/?q=甲县").get_data(as_text=True)
    assert "甲县本季考试" in page and "乙县本季考试" not in page
    assert "/exams/export.xlsx?q=" in page
    text = cells(auth.client.get("/exams/export.xlsx?q=甲县"))
    assert "甲县本季考试" in text and "乙县本季考试" not in text
    page = auth.client.get("/exams/?sort=name&dir=desc").get_data(as_text=True)
    names = re.findall(r"(甲县本季考试|乙县本季考试|市局上季考试)</a>", page)
    assert names == sorted(names, reverse=True)
    assert 'aria-sort="descending"' in page


def test_accounts_and_audit_exports_are_the_administrators(auth, world, make_user):
    hr = make_user("hr", world.units["360102"], username="county_hr")
    auth.login(hr.username)
    assert auth.client.get("/admin/users.xlsx").status_code == 403
    assert auth.client.get("/admin/audit.xlsx").status_code == 403
    auth.logout()
    auth.login(make_user("admin", username="root").username)
    text = cells(auth.client.get("/admin/users.xlsx?role=hr"))
    assert "county_hr" in text and "root" not in text
    page = auth.client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/users.xlsx' in page and 'role="search"' in page
    cells(auth.client.get("/admin/audit.xlsx"))
    assert 'href="/admin/audit.xlsx' in auth.client.get("/admin/audit").get_data(as_text=True)


def test_form_errors_show_in_chinese_next_to_the_field(auth, db, province, make_user):
    auth.login(make_user("admin").username)
    page = auth.post("/admin/users/new", {"username": "", "password": ""}).get_data(as_text=True)
    assert 'class="invalid-feedback d-block"' in page
    assert "此项为必填项。" in page
    assert 'aria-describedby="username-error"' in page


# Columns that hold amounts (issue 19 item 13): Excel must be able to sum and sort them.
NUMERIC_HEADERS = {"学时", "成绩", "及格分", "年度", "季度", "名次", "公共法律知识学时",
                   "业务知识和行政执法技能学时", "政治理论学时（不计入）", "合计学时",
                   "应修公共法律知识", "应修业务知识和技能", "应修合计", "差额学时"}


@pytest.mark.parametrize("export", [e for _u, e, _r in LISTS])
def test_exports_keep_numbers_as_numbers_with_widths_and_a_frozen_header(auth, world,
                                                                          make_user, export):
    auth.login(make_user("legal", world.units["360100"]).username)
    response = auth.client.get(export)
    if response.status_code == 403:     # the question bank is not every role's
        auth.logout()
        auth.login(make_user("hr", world.units["360100"]).username)
        response = auth.client.get(export)
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2", export
    header = [c.value for c in sheet[1]]
    for n, _name in enumerate(header, start=1):
        letter = sheet.cell(1, n).column_letter
        assert sheet.column_dimensions[letter].width >= 6, (export, letter)
    numeric = [i for i, h in enumerate(header) if h in NUMERIC_HEADERS]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        for i in numeric:
            assert row[i] is None or isinstance(row[i], int | float), (export, header[i], row[i])
