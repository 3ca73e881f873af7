"""Text files in the encodings office PCs save: read right, or refused with a reason."""
import pytest
from sqlalchemy import select

from app.core.encoding import UndecodableError, decode_text
from app.questions.models import Question
from app.specialties.models import find

GERMAN_GIFT = "::Stadt:: Welche Stadt liegt am Rhein? {=Köln ~München ~Berlin}\n"


@pytest.mark.parametrize("text", [
    "姓名,单位编码\n张三,360102\n",        # a short Chinese CSV as Excel saves it
    "名称\n甲\n",                          # shorter still
    "姓名\n王喆\n李珺\n",                   # names outside GB2312
    "代码,名称\nfood,食品安全\n" * 200,     # longer
])
def test_gb18030_is_read_as_gb18030(text):
    assert decode_text(text.encode("gb18030")) == text


@pytest.mark.parametrize("text", [GERMAN_GIFT, "Köln", "Preis: 5€ — Größe: Über\n",
                                  "Qu'est-ce que la société? {=Réponse ~Été}\n"])
def test_windows_1252_is_read_as_windows_1252(text):
    assert decode_text(text.encode("cp1252")) == text


@pytest.mark.parametrize("raw", [
    "姓名,單位\n張三,臺北\n".encode("big5"),
    "名前,住所\n山田太郎,東京都\n".encode("shift_jis"),
    "姓名,单位\n".encode("utf-16"),
    bytes(range(128, 256)) * 3,
    b"\xef\xbb\xbf\xff\xfe broken after a BOM",
])
def test_what_cannot_be_read_with_confidence_is_refused(raw):
    with pytest.raises(UndecodableError, match="无法确定文件的编码"):
        decode_text(raw)


@pytest.mark.parametrize("text", ["a,b\n1,2\n", "\ufeff姓名\n张三\n", "姓名\n张三\n"])
def test_utf8_with_or_without_bom(text):
    assert decode_text(text.encode("utf-8")) == text.lstrip("\ufeff")


def test_a_windows_1252_gift_file_imports_koln(runner, db, tmp_path):
    path = tmp_path / "german.gift"
    path.write_bytes(GERMAN_GIFT.encode("cp1252"))
    result = runner.invoke(args=["import", "questions", str(path), "--category", "basic"])
    assert result.exit_code == 0, result.output
    question = db.session.scalar(select(Question))
    assert question.current.options["A"] == "Köln"


def test_a_short_gb18030_csv_imports_its_chinese(runner, db, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("代码,名称\ntea,茶叶\n".encode("gb18030"))
    result = runner.invoke(args=["import", "specialties", str(path)])
    assert result.exit_code == 0, result.output
    assert find("tea").name == "茶叶"


def test_an_undecodable_csv_is_refused_in_chinese(runner, db, tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("代码,名称\ntea,茶叶\n".encode("utf-16"))   # Excel's "Unicode 文本"
    result = runner.invoke(args=["import", "specialties", str(path)])
    assert result.exit_code != 0
    assert "第1行: 文件: 无法确定文件的编码" in result.output
    assert find("tea") is None
