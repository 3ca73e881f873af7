"""The clearance in files: the list (json/csv/xlsx/pdf) and the cancellation report to stamp.

The report is a letter on A4 portrait: addressee, body, the table, the closing,
and the sending unit with the date at the bottom right, leaving room for the seal.
"""
import io
import json

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.auth.id_access import Disclosure
from app.certificates.models import ClearanceReport
from app.certificates.queries import ClearanceRow, left_post_on, person_status, post_left_dates
from app.core import pdf
from app.core.tables import write_csv, write_xlsx

LIST_HEADERS = ["身份证号", "姓名", "单位编码", "单位名称", "证件编号", "证件种类", "证件状态",
                "人员状态", "离岗日期"]
REPORT_HEADERS = ["序号", "姓名", "身份证号", "所在单位", "证件编号", "证件种类", "证件状态",
                  "人员状态", "离岗日期"]


def list_rows(rows: list[ClearanceRow]) -> list[list]:
    return [[r.officer.id_number_masked, r.officer.name, r.officer.unit.code,
             r.officer.unit.name, r.certificate.number, r.certificate.kind_label,
             r.certificate.status_label, r.person_status, r.left_post_on] for r in rows]


def as_json(rows: list[ClearanceRow]) -> str:
    return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1) + "\n"


def as_csv(rows: list[ClearanceRow]) -> str:
    return write_csv(LIST_HEADERS, list_rows(rows))


def as_xlsx(rows: list[ClearanceRow], title: str = "定期清理") -> bytes:
    return write_xlsx(LIST_HEADERS, list_rows(rows), title=title)


def as_pdf(rows: list[ClearanceRow], unit_name: str) -> tuple[bytes, set[str]]:
    """The clearance list as a table (the command line's --format pdf)."""
    return pdf.render(pdf.Report(
        title="行政执法证件定期清理名单", subtitle=f"{unit_name}　共 {len(rows)} 张",
        headers=LIST_HEADERS, rows=list_rows(rows),
        notes=["以上人员已离开执法岗位，其行政执法证件（含监督证、行业执法证）尚未注销"
               "（有效、暂扣、收回或已过期），应报同级司法行政部门注销。"]))


def report_rows(report: ClearanceReport, ids: Disclosure | None = None) -> list[list]:
    """The report's table; whole numbers where `ids` (the reader's disclosure) allows them."""
    left = post_left_dates([c.officer_id for c in report.certificates])
    return [[i, c.officer.name, ids.shown(c.officer) if ids else c.officer.id_number_masked,
             c.officer.unit.name, c.number, c.kind_label, c.status_label, person_status(c.officer),
             left_post_on(c.officer, left)]
            for i, c in enumerate(report.certificates, start=1)]


def report_xlsx(report: ClearanceReport, ids: Disclosure | None = None) -> bytes:
    return write_xlsx(REPORT_HEADERS, report_rows(report, ids), title="注销报告")


def report_pdf(report: ClearanceReport, ids: Disclosure | None = None) -> tuple[bytes, set[str]]:
    """The cancellation report to the judicial administration department, ready to stamp."""
    text, st = pdf.Text(), _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=22 * mm, bottomMargin=18 * mm,
                            title=text(report_title(report)))

    def para(value: str, style: str) -> Paragraph:
        return Paragraph(text.markup(value), st[style])

    story = [para(report_title(report), "title"), Spacer(1, 6 * mm),
             para(f"{report.recipient}：", "body"), para(report_body(report), "indent"),
             Spacer(1, 3 * mm), _table(report, text, st, ids), Spacer(1, 4 * mm),
             para("特此报告。", "indent"), para("附件：行政执法证件注销人员名单（Excel）", "indent"),
             Spacer(1, 22 * mm), para(report.unit.name, "sign"),
             para(f"{report.created_on:%Y年%m月%d日}", "sign")]
    doc.build(story, onFirstPage=_footer(text), onLaterPages=_footer(text))
    return out.getvalue(), text.missing


def report_title(report: ClearanceReport) -> str:
    return f"关于注销{_counted(report)}的报告"


def report_body(report: ClearanceReport) -> str:
    people = len({c.officer_id for c in report.certificates})
    return (f"根据行政执法证件管理有关规定，我局开展了行政执法证件定期清理。经核查，下列"
            f"{people}名人员已调离执法岗位或退休、辞职，不再从事行政执法工作，"
            "其行政执法证件现报请贵局予以注销。")


def _counted(report: ClearanceReport) -> str:
    """"3名人员行政执法证件", or with several certificates a person "1名人员5本行政执法证件"."""
    people = len({c.officer_id for c in report.certificates})
    count = len(report.certificates)
    return f"{people}名人员" + (f"{count}本" if count != people else "") + "行政执法证件"


def _styles() -> dict[str, ParagraphStyle]:
    base = pdf.styles()["base"]
    body = ParagraphStyle("letter", parent=base, fontSize=12, leading=22)
    return {
        "title": ParagraphStyle("letter-title", parent=base, fontSize=18, leading=28,
                                alignment=1),
        "body": body,
        "indent": ParagraphStyle("letter-indent", parent=body, firstLineIndent=24),
        "sign": ParagraphStyle("letter-sign", parent=body, alignment=TA_RIGHT, rightIndent=12),
        "cell": ParagraphStyle("letter-cell", parent=base, fontSize=7.5, leading=10),
    }


def _table(report: ClearanceReport, text: pdf.Text, st: dict, ids: Disclosure | None) -> Table:
    def cell(value) -> Paragraph:
        return Paragraph(text.markup(value), st["cell"])
    rows = [[cell(h) for h in REPORT_HEADERS]]
    rows += [[cell(v) for v in row] for row in report_rows(report, ids)]
    # Measured at 7.5 pt (pdfmetrics.stringWidth) plus the cells' padding: the 18-digit number,
    # 调离执法岗位 and a date fit on one line; a long unit name or sector kind wraps.
    widths = [w * mm for w in (8, 14, 33, 26, 21, 18, 10, 21, 19)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _footer(text: pdf.Text):
    def draw(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(pdf.FONT_NAME, 9)
        canvas.drawCentredString(doc.pagesize[0] / 2, 10 * mm, text(f"— {doc.page} —"))
        canvas.restoreState()
    return draw
