"""The block to sign never stands alone on a last page: the table's last rows go with it."""
import subprocess

from app.core.pdf import Report, render


def _pages(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return [page.replace(" ", "") for page in text.split("\f") if page.strip()]


def test_the_signatures_keep_rows_of_the_table_on_their_page(tmp_path):
    lonely = []
    for n in range(20, 60, 2):
        rows = [[f"人员{i:03d}", "南昌市东湖区市场监督管理局", f"{i}.0"] for i in range(n)]
        data, _missing = render(Report("学时达标情况表", ["姓名", "单位", "学时"], rows,
                                       notes=["说明：学时按结束日期计入年度。"]))
        pages = _pages(data, tmp_path)
        last = pages[-1]
        assert "审核人" in last
        if f"人员{n - 1:03d}" not in last:
            lonely.append(n)
    assert lonely == []
