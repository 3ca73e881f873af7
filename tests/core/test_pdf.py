import subprocess

from app.core.pdf import Report, render


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def test_chinese_text_is_embedded_and_extractable(tmp_path):
    data, missing = render(Report("执法人员学时统计表", ["姓名", "单位"], [["张三", "南昌市局"]],
                                  subtitle="2026年度"))
    assert b"WenQuanYi" in data and not missing
    text = pdf_text(data, tmp_path)
    assert "执法人员学时统计表" in text and "张三" in text and "第1页" in text.replace(" ", "")


def test_a_character_the_font_lacks_is_shown_as_its_code_point(tmp_path):
    data, missing = render(Report("表", ["单位"], [["南昌市𪚥局"]]))
    assert missing == {"𪚥"}
    assert "[U+2A6A5]" in pdf_text(data, tmp_path)
