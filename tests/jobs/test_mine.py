"""我的导入导出: an import whose file had bad rows is listed as failed, not 已完成."""
import io
import re

from tests.certificates.test_import import HEADER


def _state_of_newest(page: str) -> str:
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.S).group(1)
    return re.search(r'<span class="badge[^"]*">([^<]+)</span>', row).group(1)


def test_a_failed_import_is_listed_as_failed(auth, db, province, make_user, make_officer):
    clerk = make_user("hr", province["360102"])
    officer = make_officer(province["360102"], "甲")
    auth.login(clerk.username)
    bad = "\n".join([HEADER, "123,赣X1,江西省人民政府,2024-01-01,,有效,"])
    auth.post("/imports/certificates", {"file": (io.BytesIO(bad.encode()), "c.csv")},
              content_type="multipart/form-data", follow_redirects=True)
    assert _state_of_newest(auth.client.get("/jobs/").get_data(as_text=True)) == "失败"
    good = "\n".join([HEADER, f"{officer.id_number},赣X1,江西省人民政府,2024-01-01,,有效,"])
    auth.post("/imports/certificates", {"file": (io.BytesIO(good.encode()), "c.csv")},
              content_type="multipart/form-data", follow_redirects=True)
    assert _state_of_newest(auth.client.get("/jobs/").get_data(as_text=True)) == "已完成"
