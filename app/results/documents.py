"""The results as files: the Excel export and the printable score sheet (成绩单) in Chinese."""
from app.core import pdf
from app.core.clock import shown
from app.core.tables import write_xlsx
from app.exams.models import Exam
from app.results.queries import Row, fmt

HEADERS = ["名次", "姓名", "单位", "成绩", "结果", "交卷时间"]
SHEET_HEADERS = ["序号", "姓名", "单位", "成绩", "结果", "名次", "签名"]


def _score(row: Row) -> str:
    return fmt(row.attempt.score, 1) if row.graded else ""


def _score_number(row: Row) -> float | None:
    """The score as a number cell (Excel sums and sorts it), blank until graded."""
    return round(float(row.attempt.score), 1) if row.graded else None


def export(exam: Exam, rows: list[Row]) -> bytes:
    data = [[row.rank, row.seat.officer.name, row.seat.officer.unit.name, _score_number(row),
             row.status, shown(row.attempt.submitted_at) if row.attempt else ""]
            for row in rows]
    return write_xlsx(HEADERS, data, title="成绩")


def score_sheet(exam: Exam, rows: list[Row], summary: dict, scope_name: str):
    """(PDF bytes, characters the font lacks) of the score sheet for printing and signing."""
    body = [[i, row.seat.officer.name, row.seat.officer.unit.name, _score(row), row.status,
             row.rank or "", ""] for i, row in enumerate(rows, start=1)]
    rate = f"{summary['pass_rate']:.1f}%" if summary["pass_rate"] is not None else "—"
    notes = [f"应考 {summary['candidates']} 人，实考 {summary['sat']} 人，缺考 "
             f"{summary['absent']} 人，合格 {summary['passed']} 人，合格率（实考评分人员中）{rate}；"
             f"平均分 {fmt(summary['mean'])}，最高分 {fmt(summary['max'])}，"
             f"最低分 {fmt(summary['min'])}。"]
    if summary["pending"]:
        notes.append(f"另有 {summary['pending']} 份答卷尚待评分，成绩未计入。")
    if exam.results_published_at is None:
        notes.append("成绩尚未公布，本表仅供内部核对。")
    return pdf.render(pdf.Report(
        title=f"{exam.name}成绩单",
        subtitle=f"{scope_name} · 考试时间 {shown(exam.opens_at)} 至 "
                 f"{shown(exam.closes_at)} · 满分 {fmt(exam.total_points, 0)} 分，"
                 f"及格 {fmt(exam.pass_mark, 0)} 分",
        headers=SHEET_HEADERS, rows=body, notes=notes, landscape=False,
        col_widths=[32, 70, 190, 50, 50, 40, 70]))
