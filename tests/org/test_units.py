"""The units import contract and the tree's paths."""
from sqlalchemy import select

from app.org.models import Unit

HEADER = "单位编码,单位名称,上级单位编码,单位类型"


def units_csv(tmp_path, *lines):
    path = tmp_path / "u.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return str(path)


def by_code(db, code):
    return db.session.scalar(select(Unit).where(Unit.code == code))


def test_children_may_come_before_their_parents(runner, db, tmp_path):
    path = units_csv(tmp_path, "360102,东湖区局,360100,县区局", "360100,南昌市局,360000,设区市局",
                     "360000,省局,,省局")
    result = runner.invoke(args=["import", "units", path])
    assert "新增 3 条" in result.output, result.output
    top, city, county = (by_code(db, c) for c in ("360000", "360100", "360102"))
    assert county.path == f"/{top.id}/{city.id}/{county.id}/"
    assert "未变 3 条" in runner.invoke(args=["import", "units", path]).output


def test_unknown_parents_cycles_and_repeats_are_refused(runner, db, tmp_path):
    path = units_csv(tmp_path, "A,甲,B,", "B,乙,A,", "C,丙,ZZZ,", "D,丁,,不存在的类型", "A,甲again,,")
    result = runner.invoke(args=["import", "units", path])
    lines = [line for line in result.output.splitlines() if line.startswith("第")]
    assert lines == ["第2行: 上级单位编码: 上下级关系形成循环", "第3行: 上级单位编码: 上下级关系形成循环",
                     "第4行: 上级单位编码: 单位 ZZZ 不存在",
                     "第5行: 单位类型: 应为以下之一: 省局/处室/直属单位/设区市局/科室/执法稽查局/县区局/市场监管所",
                     "第6行: 单位编码: 与第2行重复"]
    path = units_csv(tmp_path, "A,甲,B,", "B,乙,A,", "C,丙,ZZZ,")
    lines = [line for line in runner.invoke(args=["import", "units", path]).output.splitlines()
             if line.startswith("第")]
    assert lines == ["第2行: 上级单位编码: 上下级关系形成循环", "第3行: 上级单位编码: 上下级关系形成循环",
                     "第4行: 上级单位编码: 单位 ZZZ 不存在"]
    assert db.session.scalar(select(Unit)) is None


def test_moving_a_unit_rewrites_its_subtree_paths(runner, db, tmp_path):
    runner.invoke(args=["import", "units", units_csv(
        tmp_path, "P,省局,,", "C1,市一,P,", "C2,市二,P,", "X,县,C1,", "T,所,X,")])
    result = runner.invoke(args=["import", "units", units_csv(tmp_path, "X,县,C2,")])
    assert "更新 1 条" in result.output
    db.session.expire_all()
    c2, x, t = by_code(db, "C2"), by_code(db, "X"), by_code(db, "T")
    assert x.path == f"{c2.path}{x.id}/" and t.path == f"{x.path}{t.id}/"


def test_admin_edits_the_tree_and_cannot_make_a_cycle(auth, make_user, province, db):
    auth.login(make_user("admin").username)
    city = province["360100"]
    response = auth.post(f"/units/{city.id}/edit", {
        "name": city.name, "kind": "设区市局", "parent_id": province["360102"].id, "active": "y"})
    assert "上级单位不能是本单位或其下级单位" in response.get_data(as_text=True)
    response = auth.post("/units/new", {"code": "360199", "name": "新区局", "kind": "县区局",
                                        "parent_id": city.id})
    assert response.status_code == 302
    assert by_code(db, "360199").path.startswith(city.path)
    dup = auth.post("/units/new", {"code": "360199", "name": "重复", "kind": "", "parent_id": 0})
    assert "单位编码 360199 已存在" in dup.get_data(as_text=True)
