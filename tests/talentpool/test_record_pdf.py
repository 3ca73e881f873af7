"""The draw record PDF speaks to the inspected unit and the supervisor, not to developers."""
import os
import subprocess

from app.extensions import db
from app.specialties.models import find
from app.talentpool import draws
from app.talentpool.pdf import check_code


def _text(data: bytes, tmp_path) -> str:
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(tmp_path / "page")],
                   check=True)
    if os.environ.get("KEEP_PDF_PNG"):     # to look at it: KEEP_PDF_PNG=/tmp/dir
        subprocess.run(["cp", *map(str, tmp_path.glob("page-*.png")),
                        os.environ["KEEP_PDF_PNG"]], check=True)
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.replace(" ", "").replace("\n", "")


def test_the_record_says_who_drew_by_which_rules_and_how_to_check(auth, pool, province,
                                                                   make_user, tmp_path):
    legal = make_user("legal", province["top"], username="legal")
    legal.display_name = "王法规"
    task = draws.create_task(legal, draws.TaskData("食品安全交叉检查", province["360102"],
                                                   cooloff_days=30))
    record = draws.draw(legal, task, find("food"), 3, seed=2026)
    gone = record.team[1]
    draws.replace(legal, gone, "因病不能参加")
    db.session.commit()
    auth.login(legal.username)
    text = _text(auth.client.get(f"/talent/draws/{record.id}/record.pdf").data, tmp_path)
    assert "抽取人：王法规（江西省市场监督管理局）" in text
    assert "回避规则：360102县局及其下级单位的人员一律不参加抽取" in text
    assert "最近30天内被抽中过的人员本次不参加" in text and "持有检查期间有效的行政执法证" in text
    for m in record.members:
        assert f"{m.officer.name}{m.unit.name}" in text
    replacement = next(m for m in record.members if m.round_number == 1)
    assert f"已退出（因病不能参加），由{replacement.officer.name}递补" in text
    assert "第1次递补" in text
    first = record.first_round
    assert f"随机种子{first.seed}" in text and f"校验码{check_code(first)}" in text
    assert f"法规科按第{record.id}号记录的随机种子和存档名单重新抽取" in text
    for jargon in ("flask", "verify", "SHA", "//", "权重", "指纹", "抽取人：legal"):
        assert jargon not in text, jargon
