"""On the demo province: the specialties and online-hours exports re-import unchanged."""
import pytest
from sqlalchemy import select

from app.people.models import Officer


@pytest.fixture
def demo(runner, db, tmp_path):
    assert runner.invoke(args=["demo-data", "--officers", "300"]).exit_code == 0
    numbers = db.session.scalars(select(Officer.id_number).order_by(Officer.id).limit(40)).all()
    lines = ["身份证号,课程名称,培训类别,学时,完成日期,平台,证书编号"] + [
        f"{n},习近平法治思想专题{i % 3},公共法律知识,{1 + i % 4 / 2},2026-0{1 + i % 9}-1{i % 10},"
        f"学习强国,{'XX' + str(i) if i % 2 else ''}" for i, n in enumerate(numbers)]
    path = tmp_path / "online.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = runner.invoke(args=["import", "online-hours", str(path)])
    assert "新增 40 条" in result.output, result.output


@pytest.mark.parametrize(("kind", "rows"), [("specialties", 17), ("online-hours", 40)])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_reimports_as_nothing_new(demo, runner, tmp_path, kind, rows, fmt):
    out = tmp_path / f"export.{fmt}"
    exported = runner.invoke(args=["export", kind, "--format", fmt, "--out", str(out)])
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(args=["import", kind, str(out)])
    assert result.exit_code == 0, result.output
    assert f"新增 0 条, 更新 0 条, 未变 {rows} 条" in result.output
