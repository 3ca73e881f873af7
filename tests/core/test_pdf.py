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


def test_a_character_no_font_has_is_shown_as_its_code_point(tmp_path):
    data, missing = render(Report("表", ["单位"], [["南昌市\U0010FFFD局"]]))
    assert missing == {"\U0010FFFD"}
    assert "[U+10FFFD]" in pdf_text(data, tmp_path)


def test_rare_characters_in_names_print_with_the_fallback_font(tmp_path):
    data, missing = render(Report("表", ["姓名"], [["𠮷田"], ["南昌市𪚥局"]]))
    assert not missing
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    assert "HanaMin" in fonts
    # ReportLab's ToUnicode map garbles characters beyond the BMP for copying, but
    # they are drawn; what matters here is that no code-point marker replaced them.
    assert "[U+" not in pdf_text(data, tmp_path)
