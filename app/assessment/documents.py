"""The assessment result sheet as Excel and as a PDF to sign, for the civil-servant assessment."""
from decimal import Decimal

from reportlab.lib.units import mm

from app.assessment.queries import SheetRow, grade_counts
from app.assessment.rules import Measure
from app.assessment.scheme import Scheme
from app.core import pdf
from app.core.clock import today
from app.core.tables import write_xlsx


def shown(measure: Measure, value) -> str:
    """An indicator's value as the sheet prints it."""
    if value is None:
        return "未评分" if measure.manual else "不适用"
    if measure.manual:
        return f"{Decimal(str(value)):g}"
    share = float(value)
    if share in (0.0, 1.0):
        return "是" if share == 1.0 else "否"
    return f"{share * 100:.0f}%"


def headers(scheme: Scheme) -> list[str]:
    return ["序号", "姓名", "身份证号", "单位", *[m.name for m in scheme.measures], "得分",
            "系统建议等次", "确认等次", "确认人", "理由"]


def line(n: int, scheme: Scheme, row: SheetRow) -> list:
    d = row.decision
    by = d.confirmed_by if d else None
    score = row.proposal.score
    return [n, row.row.name, row.row.id_number_masked, row.row.unit_name,
            *[shown(m, row.values.get(m.code)) for m in scheme.measures],
            "—" if score is None else float(score), row.proposal.grade or "—",
            row.confirmed_grade or "待确认", (by.display_name or by.username) if by else "",
            d.reason if d else ""]


def xlsx_bytes(scheme: Scheme, rows: list[SheetRow]) -> bytes:
    return write_xlsx(headers(scheme), (line(n, scheme, r) for n, r in enumerate(rows, 1)),
                      title=f"{scheme.year}年度考核")


def rule_text(scheme: Scheme) -> str:
    weights = "、".join(f"{m.name}{m.weight:g}" for m in scheme.measures)
    grades = "、".join(f"{g.name}≥{g.min_score:g}" for g in scheme.grades)
    caps = "；".join(f"未达到“{m.name}”的最高为{m.cap_grade}" for m in scheme.measures
                    if m.cap_grade)
    return (f"考核指标及权重：{weights}。得分按适用指标加权计算（满分100）：{grades}。"
            + (f"硬性条件：{caps}。" if caps else ""))


def sheet_pdf(scheme: Scheme, rows: list[SheetRow], unit_name: str) -> tuple[bytes, set[str]]:
    counts = grade_counts(scheme, rows)
    confirmed = sum(counts.values())
    fixed = [10, 18, 38, 36]
    tail = [14, 18, 18, 16, 30]
    free = 273 - sum(fixed) - sum(tail)
    widths = fixed + [free / max(len(scheme.measures), 1)] * len(scheme.measures) + tail
    report = pdf.Report(
        title=f"{scheme.year}年度行政执法人员考核结果表",
        subtitle=f"{unit_name} · 制表日期 {today():%Y年%m月%d日}",
        headers=headers(scheme), rows=[line(n, scheme, r) for n, r in enumerate(rows, 1)],
        col_widths=[w * mm for w in widths],
        notes=[rule_text(scheme),
               f"参加考核 {len(rows)} 人，已确认 {confirmed} 人："
               + "，".join(f"{name} {n} 人" for name, n in counts.items())
               + f"；待确认 {len(rows) - confirmed} 人。",
               "系统建议等次由本系统数据（培训学时、政治理论学时、季度考试、执法证）及单位评分得出，"
               "由单位负责人确认；与建议不同的已注明理由。考核结果纳入公务员考核。"],
        signatures=["单位负责人（签字）：", "法规科（签字）：", "单位（盖章）："])
    return pdf.render(report)
