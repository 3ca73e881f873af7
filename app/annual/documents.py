"""The yearly report as the legal section sends it: a PDF to sign and an Excel workbook."""
from reportlab.lib.units import mm

from app.annual.figures import SECTIONS, UnitFigures
from app.core import pdf
from app.core.clock import today
from app.core.tables import write_xlsx


def headers() -> list[str]:
    return ["单位编码", "单位"] + [f"{s.label}·{label}" for s in SECTIONS for _k, label in s.columns]


def line(figures: UnitFigures) -> list:
    name = f"{figures.unit.name}（合计）" if figures.total else figures.unit.name
    return [figures.unit.code, name] + [_cell(figures.figures[s.key][key])
                                        for s in SECTIONS for key, _label in s.columns]


def _cell(value):
    return "—" if value is None else value


def xlsx_bytes(lines: list[UnitFigures], year: int) -> bytes:
    return write_xlsx(headers(), (line(f) for f in lines), title=f"{year}年度报告")


def _pdf_rows(lines: list[UnitFigures], section) -> list[list]:
    return [[f"{f.unit.name}（合计）" if f.total else f.unit.name,
             *[_cell(f.figures[section.key][key]) for key, _l in section.columns]]
            for f in lines]


def report_pdf(lines: list[UnitFigures], year: int) -> tuple[bytes, set[str]]:
    """One table per section (a landscape page holds about a dozen columns), then the lines
    to sign."""
    root = lines[-1].unit
    parts = [pdf.Report(title=f"{n}、{s.label}情况", headers=["单位", *[label for _k, label in s.columns]],
                        rows=_pdf_rows(lines, s),
                        col_widths=[w * mm for w in [70] + [203 / len(s.columns)] * len(s.columns)],
                        notes=NOTES.get(s.key, []))
             for n, s in enumerate(SECTIONS, start=1)]
    whole = pdf.Report(
        title=f"{root.name}{year}年度行政执法人员培训、考试和执法证情况报告",
        subtitle=f"报送同级司法行政部门（每年1月31日前） · 制表日期 {today():%Y年%m月%d日}",
        headers=[], rows=[],
        notes=["以上数据由行政执法人员培训考试管理系统生成，作为年度行政执法和行政执法监督工作情况报告的组成部分。"],
        signatures=["制表人：", "法规科（处）负责人：", "单位负责人：", "单位（盖章）："])
    return pdf.render_parts(whole, parts)


NOTES = {
    "training": ["应参训人数为本年度曾在执法岗位的人员；学时达标指公共法律知识和业务知识与行政执法技能"
                 "各不少于30学时、合计不少于60学时（年中到岗或离岗的按在岗整月数折算）；"
                 "政治理论教育和党性教育学时单列，不计入60学时。"],
    "exams": ["考试为本年度已结束的正式考试（季度考试、基本法律法规知识考试，不含补考）；参考率＝实考人次/应考人次，"
              "合格率＝合格人次/已评分人次。"],
    "certificates": ["年末持证按12月31日（本年度内按制表日）有效的执法证计；"
                     "发证、暂扣、收回、注销按生效日期计入年度。"],
}
