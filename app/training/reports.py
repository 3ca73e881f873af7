"""The compliance report as JSON, CSV, Excel and PDF, and an officer's training archive PDF."""
import json
from collections.abc import Iterable, Iterator

from reportlab.lib.units import mm

from app.core import pdf
from app.core.clock import today
from app.core.tables import write_csv, write_xlsx
from app.training.compliance import Row, UnitTotal
from app.training.queries import OfficerYear
from app.training.rules import political_label

# The JSON keys, also the CSV header (scripts read it); Excel and PDF speak Chinese.
JSON_KEYS = ("id_number_masked", "name", "unit_code", "unit_name", "public_law_hours",
             "business_hours", "political_hours", "total_hours", "required_public_law",
             "required_business", "required_total", "prorated", "shortfall_hours", "compliant",
             "required_political", "political_done")
XLSX_HEADERS = ("身份证号", "姓名", "单位编码", "单位名称", "公共法律知识学时",
                "业务知识和行政执法技能学时", "政治理论学时（不计入）", "合计学时",
                "应修公共法律知识", "应修业务知识和技能", "应修合计", "按在岗月数折算",
                "差额学时", "是否达标", "应修政治理论", "政治理论是否完成")
PDF_HEADERS = ["序号", "姓名", "身份证号", "单位", "公共法律", "业务技能", "政治理论",
               "合计", "应修", "差额", "达标", "政治理论完成", "备注"]
PDF_WIDTHS = [12, 22, 38, 50, 17, 17, 17, 15, 15, 15, 13, 20, 23]


def yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def json_chunks(rows: Iterable[Row]) -> Iterator[str]:
    """A JSON list written piece by piece, so the whole province never sits in memory."""
    yield "["
    first = True
    for row in rows:
        yield ("\n" if first else ",\n") + json.dumps(row.as_json(), ensure_ascii=False)
        first = False
    yield "\n]\n"


def csv_text(rows: Iterable[Row]) -> str:
    return write_csv(list(JSON_KEYS), ([_csv_value(row.as_json()[k]) for k in JSON_KEYS]
                                       for row in rows))


def _csv_value(value):
    """Booleans and null as JSON writes them, so that CSV and JSON read the same."""
    return json.dumps(value) if value is None or isinstance(value, bool) else value


def xlsx_row(row: Row) -> list:
    return [row.id_number_masked, row.name, row.unit_code, row.unit_name, row.public_law_hours,
            row.business_hours, row.political_hours, row.total_hours, row.required_public_law,
            row.required_business, row.required_total,
            f"是（{row.months}个月）" if row.prorated else "否", row.shortfall_hours,
            yes_no(row.compliant), row.required_political, political_label(row.political_done)]


def xlsx_bytes(rows: Iterable[Row], year: int) -> bytes:
    return write_xlsx(list(XLSX_HEADERS), (xlsx_row(r) for r in rows), title=f"{year}年度学时达标")


def _pdf_row(n: int, row: Row) -> list:
    note = f"在岗{row.months}个月，按月折算" if row.prorated else ""
    return [n, row.name, row.id_number_masked, row.unit_name, _h(row.public_law_hours),
            _h(row.business_hours), _h(row.political_hours), _h(row.total_hours),
            _h(row.required_total), _h(row.shortfall_hours), yes_no(row.compliant),
            political_label(row.political_done), note]


def _h(value: float) -> str:
    return f"{value:g}"


def compliance_pdf(rows: Iterable[Row], year: int, unit_name: str, whole: UnitTotal,
                   on_page=None) -> tuple[bytes, set[str]]:
    """Landscape A4, headers repeated on every page, lines to sign under the table;
    `on_page(n)` follows the layout page by page (a job's progress)."""
    body = [_pdf_row(n, row) for n, row in enumerate(rows, start=1)]
    report = pdf.Report(
        title=f"{year}年度行政执法人员培训学时达标情况表",
        subtitle=f"{unit_name} · 统计日期 {today():%Y年%m月%d日}",
        headers=PDF_HEADERS, rows=body, col_widths=[w * mm for w in PDF_WIDTHS],
        notes=[f"应参训 {whole.officers} 人，达标 {whole.compliant} 人，未达标 {whole.missing} 人，"
               f"达标率 {whole.rate}%，合计差额 {whole.shortfall_hours:g} 学时。",
               "学时按培训结束日期所在年度计算；政治理论教育和党性教育学时单列，不计入60学时，"
               "“政治理论完成”对照本年度政治理论学时要求（按在岗月数折算；“不要求”即本年度未设要求）；"
               "年中到岗或离岗的人员，按在岗整月数折算应修学时。"])
    return pdf.render(report, on_page)


ARCHIVE_HEADERS = ["序号", "培训名称", "类别", "形式", "起止日期", "主办单位", "学时",
                   "培训内容", "佐证材料"]
ARCHIVE_WIDTHS = [10, 42, 30, 20, 30, 36, 12, 56, 37]


def _evidence(session) -> str:
    """The files behind a session; a course studied on this system's own pages has its
    study log (in its content) as evidence instead."""
    files = "；".join(e.original_name for e in session.evidence)
    if files:
        return files
    return "在线学习记录" if "学习记录（佐证）" in session.content else "无"


def archive_pdf(year_data: OfficerYear, unit_name: str) -> tuple[bytes, set[str]]:
    """培训记录档案: every course of the year with content, duration and evidence."""
    body = []
    for n, a in enumerate(year_data.attendances, start=1):
        s = a.session
        body.append([n, s.title, s.category_label, f"{s.study_format}/{s.mode_label}",
                     f"{s.start_date:%Y-%m-%d}至{s.end_date:%Y-%m-%d}",
                     s.unit.name if s.unit else "", _h(float(a.hours)), s.content,
                     _evidence(s)])
    f, h = year_data.floors, year_data.hours
    officer = year_data.officer
    report = pdf.Report(
        title=f"{year_data.year}年度培训记录档案",
        subtitle=f"{officer.name} · {officer.id_number_masked} · {unit_name}",
        headers=ARCHIVE_HEADERS, rows=body, col_widths=[w * mm for w in ARCHIVE_WIDTHS],
        notes=[f"公共法律知识 {_h(float(h['public_law']))} 学时（应修 {_h(float(f.public_law))}）；"
               f"业务知识和行政执法技能 {_h(float(h['business']))} 学时（应修 {_h(float(f.business))}）；"
               f"合计 {_h(float(year_data.total))} 学时（应修 {_h(float(f.total))}）；"
               f"政治理论 {_h(float(h['political']))} 学时（不计入，"
               f"{political_label(year_data.political_done)}）；"
               f"差额 {_h(float(year_data.shortfall))} 学时。"
               + (f"本年在岗 {year_data.months} 个月，应修学时按月折算。"
                  if year_data.months < 12 else "")],
        signatures=["本人签字：", "人事科审核：", "单位（盖章）："])
    return pdf.render(report)
