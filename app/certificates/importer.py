"""`flask import certificates` / `flask export certificates`, headers per INTERFACES.md.

A row names an issued certificate by its number (the key). A new number creates
a certificate; a known one is updated, and a change of status must be one the
lifecycle allows (注销 stays 注销). 证件种类 is optional: a new certificate without it is a
行政执法证 and a known one keeps its kind (a kind is never changed by an import). An officer
never ends up with two current certificates of one kind, counting what is stored and what the
file says together.
"""
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.certificates.models import (
    CURRENT,
    ENFORCEMENT,
    IMPORT_STATUSES,
    KINDS,
    KINDS_BY_LABEL,
    STATUSES,
    TRANSITIONS,
    Certificate,
    CertificateEvent,
)
from app.core import audit, clock
from app.core.imports import (
    Column,
    Importer,
    ImportReport,
    RowError,
    a_date,
    choice,
    code_text,
    id_number,
    text,
)
from app.core.models import utcnow
from app.core.scoping import Scope, scoped
from app.extensions import db
from app.people.models import Officer

# 证件种类 last: files made before there were kinds keep their columns where they were.
HEADERS = ("身份证号", "证件编号", "发证机关", "发证日期", "有效期至", "证件状态", "执法类别",
           "证件种类")
FIELDS = {"发证机关": "authority", "发证日期": "issued_on", "有效期至": "valid_until",
          "执法类别": "categories"}
# Changes of status an import may make: the lifecycle's, except the application steps.
IMPORT_ACTIONS = ("suspend", "restore", "revoke", "cancel", "expire")


@dataclass(frozen=True)
class Stored:
    id: int
    officer_id: int
    status: str
    kind: str


class CertificateImporter(Importer):
    kind = "certificates"
    key_label = "证件编号"
    columns = (
        Column("身份证号", True, id_number),
        Column("证件编号", True, code_text(40)),
        Column("发证机关", True, text(100)),
        Column("发证日期", True, a_date),
        Column("有效期至", False, a_date),
        Column("证件状态", False, choice(IMPORT_STATUSES)),
        Column("执法类别", False, text(200)),
        Column("证件种类", False, choice(KINDS_BY_LABEL)),
    )

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self._officers: dict[str, int] | None = None
        self._stored: dict[str, Stored] | None = None

    @property
    def officers(self) -> dict[str, int]:
        """ID number -> officer id, for the officers the actor may change."""
        if self._officers is None:
            rows = db.session.execute(scoped(Officer, self.scope,
                                             select(Officer.id_number, Officer.id)))
            self._officers = dict(rows.all())
        return self._officers

    @property
    def stored(self) -> dict[str, Stored]:
        if self._stored is None:
            rows = db.session.execute(select(Certificate.number, Certificate.id,
                                             Certificate.officer_id, Certificate.status,
                                             Certificate.kind)
                                      .where(Certificate.number.is_not(None)))
            self._stored = {n: Stored(i, o, s, k) for n, i, o, s, k in rows}
        return self._stored

    def key(self, record: dict) -> str:
        return record["证件编号"]

    def check(self, number: int, record: dict) -> list[RowError]:
        errors = []
        officer_id = self.officers.get(record["身份证号"])
        if officer_id is None:
            errors.append(RowError(number, "身份证号", "人员名册中没有此人，或不在您的管理范围内"))
        until = record["有效期至"]
        if until is not None and until < record["发证日期"]:
            errors.append(RowError(number, "有效期至", "有效期至不能早于发证日期"))
        stored = self.stored.get(record["证件编号"])
        if stored is not None and officer_id is not None and stored.officer_id != officer_id:
            errors.append(RowError(number, "证件编号", "该证件编号已属于其他人员"))
        reason = self._status_problem(record, stored)
        if reason:
            errors.append(RowError(number, "证件状态", reason))
        kind = record["证件种类"]
        if stored is not None and kind is not None and kind != stored.kind:
            errors.append(RowError(number, "证件种类", f"该证件编号已登记为{KINDS[stored.kind]}，"
                                   "不能改为其他种类"))
        return errors

    def kind_of(self, record: dict) -> str:
        """The kind the row is about: its cell, else the stored one, else 行政执法证."""
        stored = self.stored.get(record["证件编号"])
        return record["证件种类"] or (stored.kind if stored else ENFORCEMENT)

    def status_of(self, record: dict) -> str:
        """The status the row leaves: its cell, else the stored one, else 有效."""
        stored = self.stored.get(record["证件编号"])
        return record["证件状态"] or (stored.status if stored else "valid")

    def _status_problem(self, record: dict, stored: Stored | None) -> str | None:
        new, until = self.status_of(record), record["有效期至"]
        if stored is None or stored.status == new:
            if new == "expired" and (until is None or until >= clock.today()):
                return "有效期至未届满，证件状态不能为“过期”"
            return None
        action = transition_between(stored.status, new)
        if action is None:
            return f"不能从“{STATUSES[stored.status]}”变为“{STATUSES[new]}”" + (
                "（注销为最终状态）" if stored.status == "cancelled" else "")
        probe = Certificate(status=stored.status, valid_until=until, approved=True)
        return probe.refusal(action, clock.today())

    def check_file(self, records: list[tuple[int, dict]]) -> list[RowError]:
        """One current certificate per officer and kind, counting the stored ones the file
        leaves alone."""
        in_file = {r["证件编号"] for _n, r in records}
        current: dict[tuple[int, str], list[str]] = defaultdict(list)
        for number, officer_id, kind in db.session.execute(
                select(Certificate.number, Certificate.officer_id, Certificate.kind)
                .where(Certificate.status.in_(CURRENT))):
            if number not in in_file:
                current[officer_id, kind].append(f"{number or '（申领中）'}")
        errors = []
        for row, record in records:
            if self.status_of(record) not in CURRENT:
                continue
            key = self.officers[record["身份证号"]], self.kind_of(record)
            if current[key]:
                label = KINDS[key[1]]
                errors.append(RowError(row, "身份证号", f"该人员已有在用或申领中的{label} "
                                       f"{current[key][0]}，一人只能有一张在用的{label}"))
            current[key].append(record["证件编号"])
        return errors

    def write(self, records: list[dict], actor, step) -> ImportReport:
        report = ImportReport()
        existing = {c.number: c for c in db.session.scalars(
            select(Certificate).options(joinedload(Certificate.officer))
            .where(Certificate.number.in_([r["证件编号"] for r in records])))}
        audits = []
        for done, record in enumerate(records, start=1):
            certificate = existing.get(record["证件编号"])
            if certificate is None:
                audits.append(self._create(record, actor))
                report.created += 1
            elif (entry := self._update(certificate, record, actor)) is not None:
                audits.append(entry)
                report.updated += 1
            else:
                report.unchanged += 1
            if done % 500 == 0:
                db.session.flush()
                step(done)
        db.session.flush()
        audit.record_many([a() for a in audits])
        step(len(records))
        return report

    def _create(self, record: dict, actor):
        certificate = Certificate(officer_id=self.officers[record["身份证号"]],
                                  number=record["证件编号"], status=self.status_of(record),
                                  kind=self.kind_of(record), approved=True,
                                  **self._values(record))
        db.session.add(certificate)
        certificate.events.append(_event(actor, "import", None, certificate.status))
        return lambda: _audit_entry(actor, certificate, "certificate.import", None)

    def _values(self, record: dict) -> dict:
        # A blank optional cell keeps what is stored.
        return {field: record[column] for column, field in FIELDS.items()
                if record[column] is not None}

    def _update(self, certificate: Certificate, record: dict, actor):
        before = certificate.snapshot()
        for field, value in self._values(record).items():
            setattr(certificate, field, value)
        new = self.status_of(record)
        if new != certificate.status:
            action = transition_between(certificate.status, new)
            certificate.events.append(_event(actor, action, certificate.status, new))
            certificate.status = new
        if certificate.snapshot() == before:
            return None
        return lambda: _audit_entry(actor, certificate, "certificate.import", before)


def transition_between(old: str, new: str) -> str | None:
    for action in IMPORT_ACTIONS:
        rule = TRANSITIONS[action]
        if old in rule.sources and rule.target == new:
            return action
    return None


def _event(actor, action: str, old: str | None, new: str) -> CertificateEvent:
    return CertificateEvent(action=action, from_status=old, to_status=new, reason="批量导入",
                            effective_on=clock.today(), actor_id=getattr(actor, "id", None),
                            actor_name=getattr(actor, "username", "system"), at=utcnow())


def _audit_entry(actor, certificate: Certificate, action: str, before: dict | None) -> dict:
    officer = certificate.officer or db.session.get(Officer, certificate.officer_id)
    return audit.entry(actor, action, "certificate", certificate.id,
                       label=f"{officer.name} {certificate.number}", unit_id=officer.unit_id,
                       before=before, after=certificate.snapshot())


def export_rows(scope: Scope) -> Iterator[list]:
    """Issued certificates in the import's own headers, so that an export re-imports unchanged."""
    stmt = scoped(Officer, scope, select(Certificate, Officer.id_number)
                  .join(Certificate.officer)).where(Certificate.number.is_not(None),
                                                    Certificate.status.in_(IMPORT_STATUSES.values()))
    for certificate, number in db.session.execute(stmt.order_by(Certificate.id)):
        yield [number, certificate.number, certificate.authority, certificate.issued_on,
               certificate.valid_until, STATUSES[certificate.status], certificate.categories,
               certificate.kind_label]
