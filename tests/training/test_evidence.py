"""Evidence uploads as an attacker: wrong types, disguised files, oversized files, names that
try to leave the folder, and downloads by people who may not see them."""
import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.training import evidence
from app.training.models import Evidence

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n" + b"x" * 32


def office(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(member, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "file_type"), [
    ("签到表.pdf", PDF, "pdf"), ("现场.JPG", JPEG, "jpeg"), ("合影.png", PNG, "png"),
    ("名单.xlsx", office("xl/workbook.xml"), "xlsx"), ("通知.docx", office("word/document.xml"),
                                                       "docx"),
])
def test_accepted_types(tmp_path, name, data, file_type):
    stored = evidence.save(io.BytesIO(data), name, tmp_path)
    assert stored.file_type == file_type and stored.size == len(data)
    assert evidence.STORED_NAME.match(stored.stored_name)
    assert (tmp_path / stored.stored_name).read_bytes() == data


@pytest.mark.parametrize(("name", "data", "message"), [
    ("virus.exe", b"MZ\x90\x00", "只接受 PDF、JPEG、PNG、XLSX、DOCX 文件"),
    ("fake.pdf", b"MZ\x90\x00 not a pdf", "文件内容与扩展名不符"),
    ("photo.png", JPEG, "文件内容与扩展名不符"),
    ("sheet.xlsx", office("word/document.xml"), "文件内容与扩展名不符"),
    ("page.html.pdf", b"<html><script>", "文件内容与扩展名不符"),
    ("../../etc/passwd.pdf", PDF, "文件名不合法"),
    ("..\\..\\boot.pdf", PDF, "文件名不合法"),
    ("/etc/x.pdf", PDF, "文件名不合法"),
    (".htaccess.pdf", PDF, "文件名不合法"),
    ("empty.pdf", b"", "文件为空"),
])
def test_refused_files_leave_nothing(tmp_path, name, data, message):
    with pytest.raises(evidence.EvidenceError, match=message):
        evidence.save(io.BytesIO(data), name, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_oversized_file_is_refused(tmp_path):
    with pytest.raises(evidence.EvidenceError, match="文件过大"):
        evidence.save(io.BytesIO(PDF + b"x" * 2000), "big.pdf", tmp_path, max_bytes=1000)
    assert list(tmp_path.iterdir()) == []


def test_stored_names_only(tmp_path):
    for bad in ("../secret.pdf", "a" * 32 + ".exe", "x/../../y.pdf"):
        with pytest.raises(evidence.EvidenceError):
            evidence.path_of(tmp_path, bad)


@pytest.fixture
def uploaded(db, auth, province, make_user, make_officer, make_session, attend, app):
    officer = make_officer(province["360102"], "甲")
    make_user("hr", province["360102"], username="hr102")
    make_user("hr", province["360702"], username="hr702")
    make_user("officer", province["360102"], officer=officer, username="attendee")
    make_user("officer", province["360102"], username="stranger")
    session = make_session(province["360102"])
    attend(session, officer)
    auth.login("hr102")
    response = auth.post(f"/training/sessions/{session.id}/evidence",
                         data={"file": (io.BytesIO(PDF), "签到表.pdf")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    auth.logout()
    return db.session.scalar(select(Evidence))


def test_upload_is_outside_static_under_a_generated_name(uploaded, app):
    folder = Path(app.config["UPLOAD_DIR"]) / "evidence"
    assert (folder / uploaded.stored_name).is_file()
    assert not str(folder).startswith(app.static_folder)
    assert uploaded.original_name == "签到表.pdf" and uploaded.stored_name != "签到表.pdf"


@pytest.mark.parametrize(("username", "status"), [
    ("hr102", 200), ("attendee", 200), ("hr702", 404), ("stranger", 404), (None, 302)])
def test_download_only_for_those_allowed(uploaded, auth, username, status):
    if username:
        auth.login(username)
    response = auth.client.get(f"/training/evidence/{uploaded.id}")
    assert response.status_code == status
    if status == 200:
        assert response.data == PDF


def test_bad_upload_through_the_page(db, auth, province, make_user, make_session):
    make_user("hr", province["360102"], username="clerk")
    session = make_session(province["360102"])
    auth.login("clerk")
    for name, data in (("../../x.pdf", PDF), ("x.pdf", b"GIF89a")):
        response = auth.post(f"/training/sessions/{session.id}/evidence",
                             data={"file": (io.BytesIO(data), name)},
                             content_type="multipart/form-data")
        assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
    other = make_session(province["360702"], "外县培训")
    response = auth.post(f"/training/sessions/{other.id}/evidence",
                         data={"file": (io.BytesIO(PDF), "a.pdf")},
                         content_type="multipart/form-data")
    assert response.status_code == 404
