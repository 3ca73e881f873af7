"""The periodic clearance (定期清理): report the certificates of people who left enforcement
posts to the judicial administration department, mark the report sent, record the cancellation.
"""
from datetime import date

from sqlalchemy import select

from app.certificates import services
from app.certificates.models import UNCANCELLED, ClearanceReport
from app.certificates.queries import clearance_rows
from app.core import audit, clock
from app.core.scoping import Scope
from app.extensions import db
from app.org.models import Unit

CANCEL_REASON = "定期清理：持证人已离开执法岗位，经报司法行政部门注销"


BUREAU_SUFFIXES = ("市场监督管理局", "市场和质量监督管理局", "市场监管局")
# The unit kinds that are a government level's own bureau (a 所, a 科室 or a 执法稽查局 is not).
LEVEL_KINDS = ("省局", "设区市局", "县区局")


def default_recipient(unit: Unit) -> str:
    """The judicial administration department of the government level the unit belongs to:
    南昌市市场监督管理局 -> 南昌市司法局; its 执法稽查局 -> 南昌市司法局 too; a 市场监管所 under
    东湖区市场监督管理局 -> 东湖区司法局; the provincial bureau and its divisions -> 江西省司法厅."""
    bureau = level_bureau(unit)
    if bureau is None:
        return "同级司法行政部门"
    place = _place(bureau.name)
    if not place:
        return "同级司法行政部门"
    return place + ("司法厅" if place.endswith(("省", "自治区")) else "司法局")


def recipients_for(units) -> dict[int, str]:
    """unit id -> its same-level judicial administration department, once per unit."""
    return {unit.id: default_recipient(unit) for unit in {u.id: u for u in units}.values()}


def level_bureau(unit: Unit) -> Unit | None:
    """The nearest unit at or above `unit` that is a government level's bureau: by its kind, or
    (units imported without a kind) by a name ending in …市场监督管理局."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    chain = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    for unit_id in reversed(ids):
        candidate = chain.get(unit_id)
        if candidate is None:
            continue
        if candidate.kind in LEVEL_KINDS or (candidate.kind is None and _place(candidate.name)):
            return candidate
    return None


def _place(name: str) -> str:
    """江西省市场监督管理局 -> 江西省; a name without a bureau suffix -> ''."""
    for suffix in BUREAU_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return ""


def create_report(actor, unit: Unit, recipient: str) -> ClearanceReport:
    """A report of every waiting certificate under `unit` not yet in another report."""
    rows = clearance_rows(Scope.of(actor), unit, include_reported=False)
    if not rows:
        raise services.CertificateError({"unit": "该单位没有待报送注销的执法证"})
    report = ClearanceReport(unit=unit, recipient=recipient.strip() or default_recipient(unit),
                             created_on=clock.today(),
                             created_by=getattr(actor, "username", "system"))
    db.session.add(report)
    for row in rows:
        row.certificate.clearance_report = report
    db.session.flush()
    _audit(actor, report, "clearance.create", None)
    return report


def mark_sent(actor, report: ClearanceReport, sent_on: date, reference: str) -> None:
    errors = {}
    if report.sent_on is not None:
        errors["sent_on"] = f"报告已于 {report.sent_on} 报送"
    elif sent_on > clock.today():
        errors["sent_on"] = "报送日期不能晚于今天"
    if not reference.strip():
        errors["reference"] = "请填写报送文号"
    if errors:
        raise services.CertificateError(errors)
    before = report.snapshot()
    report.sent_on, report.sent_ref = sent_on, reference.strip()
    _audit(actor, report, "clearance.sent", before)


def to_cancel(report: ClearanceReport) -> int:
    """How many certificates of the report recording the cancellation will 注销."""
    return sum(1 for c in report.certificates if c.status in UNCANCELLED)


def record_cancellation(actor, report: ClearanceReport, reference: str, *,
                        confirmed: int | None) -> int:
    """The judicial department cancelled them: every certificate of the report not yet 注销 → 注销.
    `confirmed` is the count the user checked; a report that changed since is refused."""
    errors = {}
    count = to_cancel(report)
    if confirmed != count:
        errors["confirmed"] = f"请核对后勾选确认：将注销 {count} 本证件"
    if report.sent_on is None:
        errors["reference"] = "报告尚未标记为已报送，不能登记注销"
    elif report.completed_on is not None:
        errors["reference"] = f"已于 {report.completed_on} 登记注销"
    elif not reference.strip():
        errors["reference"] = "请填写司法行政部门的注销文号"
    if errors:
        raise services.CertificateError(errors)
    before = report.snapshot()
    for certificate in report.certificates:
        if certificate.status in UNCANCELLED:
            services.act(actor, certificate, "cancel", reason=CANCEL_REASON,
                         document_ref=reference.strip())
    report.completed_on, report.completed_ref = clock.today(), reference.strip()
    _audit(actor, report, "clearance.cancelled", before)
    return count


def _audit(actor, report: ClearanceReport, action: str, before: dict | None) -> None:
    db.session.flush()
    audit.record(actor, action, "clearance_report", report.id,
                 label=f"注销报告 #{report.id} {report.unit.name}", unit_id=report.unit_id,
                 before=before, after=report.snapshot())
