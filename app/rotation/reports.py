"""The programme's report: one row per participant, as Excel and as a PDF to sign."""
from decimal import Decimal

from reportlab.lib.units import mm

from app.core import pdf
from app.core.tables import write_xlsx
from app.rotation.models import Programme
from app.rotation.queries import Row


def _n(value: Decimal | None) -> str:
    """88.50 as 88.5, 100 as 100: Decimal keeps trailing zeros that a report should not."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


def headers(programme: Programme) -> list[str]:
    check = [j.name for j in programme.jurors] + ["平均分"] if programme.by_panel else ["考试成绩"]
    return ["序号", "姓名", "身份证号", "单位", "必修培训", "轮训学时", "是否完成", *check,
            "检验结果"]


def row_values(n: int, programme: Programme, row: Row) -> list:
    check = ([_n(row.scores.get(j.id)) for j in programme.jurors] if programme.by_panel else [])
    return [n, row.officer.name, row.officer.id_number_masked, row.participant.unit.name,
            f"{row.required_attended}/{row.required_total}", _n(row.hours),
            "是" if row.completed else "否", *check, _n(row.average), row.result_label]


def summary(programme: Programme, rows: list[Row]) -> str:
    done = sum(r.completed for r in rows)
    checked = sum(r.passed is not None for r in rows)
    passed = sum(r.passed is True for r in rows)
    return (f"参训 {len(rows)} 人，完成轮训 {done} 人；检验方式：{programme.method_label}，"
            f"合格分 {_n(programme.pass_mark)}（满分 {_n(programme.max_score)}）；已评定 {checked} 人，"
            f"合格 {passed} 人，不合格 {checked - passed} 人。")


def xlsx_bytes(programme: Programme, rows: list[Row]) -> bytes:
    body = [row_values(n, programme, r) for n, r in enumerate(rows, start=1)]
    return write_xlsx(headers(programme), body, title=f"{programme.year}年度全员轮训")


def pdf_bytes(programme: Programme, rows: list[Row]) -> tuple[bytes, set[str]]:
    heads = headers(programme)
    fixed = [10, 20, 36, 50, 18, 16, 16]
    rest = (273 - sum(fixed) - 18) / max(len(heads) - len(fixed) - 1, 1)
    widths = [*fixed, *[rest] * (len(heads) - len(fixed) - 1), 18]
    sessions = "；".join(f"{s.session.title}（{s.session.mode_label}，{_n(s.session.hours)}学时"
                        f"{'，必修' if s.required else ''}）" for s in programme.sessions)
    report = pdf.Report(
        title=f"{programme.year}年度行政执法人员全员轮训情况表",
        subtitle=f"{programme.name} · 主办单位 {programme.unit.name}",
        headers=heads, rows=[row_values(n, programme, r) for n, r in enumerate(rows, start=1)],
        col_widths=[w * mm for w in widths],
        notes=[summary(programme, rows), f"轮训课程：{sessions or '无'}",
               "完成轮训：参加全部必修课程" + (f"，且轮训学时不少于 {_n(programme.required_hours)} 学时"
                                             if programme.required_hours else "") + "。"
               + ("评委评分取平均分（保留两位小数），达到合格分为合格；评委未评完的为待评定。"
                  if programme.by_panel else "笔试以关联考试（含补考）的合格结果为准。")],
        signatures=["制表人：", "评委签字：" if programme.by_panel else "审核人：",
                    "单位（盖章）："])
    return pdf.render(report)
