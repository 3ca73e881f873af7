"""The lifecycle: every allowed transition happens with its event and audit row; every other is refused."""
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.certificates import services
from app.certificates.models import STATUSES, Certificate, CertificateEvent
from app.core.actor import CLI
from app.core.audit import AuditEntry

# (from status, action) -> the status after it: the lifecycle of the issue, written out by hand.
ALLOWED = {
    ("applied", "reject"): "rejected",
    ("valid", "suspend"): "suspended",
    ("suspended", "restore"): "valid",
    ("valid", "revoke"): "revoked",
    ("suspended", "revoke"): "revoked",
    ("valid", "cancel"): "cancelled",
    ("suspended", "cancel"): "cancelled",
    ("revoked", "cancel"): "cancelled",
    ("expired", "cancel"): "cancelled",
}
PERSON_ACTIONS = ("reject", "suspend", "restore", "revoke", "cancel")
REFUSED = [(status, action) for status in STATUSES for action in PERSON_ACTIONS
           if (status, action) not in ALLOWED]


@pytest.fixture
def officer(province, make_officer):
    return make_officer(province["360102"], "王五", on_post=True)


def count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.parametrize(("status", "action"), sorted(ALLOWED))
def test_each_allowed_transition_moves_and_records_event_and_audit(
        db, officer, make_certificate, status, action):
    certificate = make_certificate(officer, status, valid_until=date(2027, 1, 1)
                                   if status != "expired" else date(2026, 1, 1))
    services.act(CLI, certificate, action, reason="经复核决定", document_ref="赣市监法〔2026〕3号")
    db.session.commit()
    assert certificate.status == ALLOWED[(status, action)]
    event = certificate.events[-1]
    assert (event.action, event.from_status, event.to_status, event.reason, event.document_ref,
            event.actor_name, event.effective_on) == (
        action, status, ALLOWED[(status, action)], "经复核决定", "赣市监法〔2026〕3号", "cli",
        date(2026, 6, 15))
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == f"certificate.{action}"))
    assert entry.before["status"] == status and entry.after["status"] == ALLOWED[(status, action)]
    assert entry.unit_id == officer.unit_id


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_each_refused_transition_changes_nothing(db, officer, make_certificate, status, action):
    certificate = make_certificate(officer, status)
    with pytest.raises(services.CertificateError) as refused:
        services.act(CLI, certificate, action, reason="试图变更", document_ref="文号1")
    assert f"执法证状态为“{STATUSES[status]}”，不能" in str(refused.value)
    db.session.rollback()
    assert db.session.get(Certificate, certificate.id).status == status
    assert count(db, CertificateEvent) == 0 and count(db, AuditEntry) == 0


def test_cancelled_is_final_and_says_so(db, officer, make_certificate):
    certificate = make_certificate(officer, "cancelled")
    with pytest.raises(services.CertificateError) as refused:
        services.act(CLI, certificate, "restore", reason="恢复", document_ref="文号")
    assert str(refused.value) == "执法证状态为“注销”，不能恢复有效（注销为最终状态）"


def test_restoring_a_withheld_certificate_past_its_date_is_refused(db, officer, make_certificate):
    certificate = make_certificate(officer, "suspended", valid_until=date(2026, 6, 14))
    with pytest.raises(services.CertificateError, match="已超过有效期，不能恢复有效"):
        services.act(CLI, certificate, "restore", reason="恢复", document_ref="文号")


def test_expiry_is_not_a_persons_action(db, officer, make_certificate):
    certificate = make_certificate(officer, "valid", valid_until=date(2026, 1, 1))
    with pytest.raises(services.CertificateError) as refused:
        services.act(CLI, certificate, "expire", reason="手工过期")
    assert refused.value.errors == {"action": "此操作只能由系统按日期自动执行"}
    assert certificate.status == "valid"


def test_a_reason_and_for_sanctions_a_document_are_required(db, officer, make_certificate):
    certificate = make_certificate(officer, "valid")
    with pytest.raises(services.CertificateError) as refused:
        services.act(CLI, certificate, "suspend", reason="  ", document_ref="")
    assert refused.value.errors == {"reason": "请填写原因", "document_ref": "请填写依据文件（文号）"}
    assert certificate.status == "valid" and certificate.events == []


def test_application_review_and_issue(db, officer):
    certificate = services.apply(CLI, officer, categories="食品安全", area="东湖区", reason="新进人员")
    assert (certificate.status, certificate.approved) == ("applied", False)
    data = services.Issue("赣A2026001", "江西省人民政府", date(2026, 6, 1), date(2031, 5, 31))
    with pytest.raises(services.CertificateError, match="尚未经法规科审核通过"):
        services.issue(CLI, certificate, data)
    services.act(CLI, certificate, "approve", reason="培训考试合格")
    services.issue(CLI, certificate, data)
    db.session.commit()
    assert (certificate.status, certificate.number, certificate.valid_until) == (
        "valid", "赣A2026001", date(2031, 5, 31))
    assert [(e.action, e.from_status, e.to_status) for e in certificate.events] == [
        ("apply", None, "applied"), ("approve", "applied", "applied"),
        ("issue", "applied", "valid")]
    assert count(db, AuditEntry, AuditEntry.entity_type == "certificate") == 3


def test_issue_refuses_a_duplicate_number_and_a_date_before_issue_together(
        db, officer, make_officer, make_certificate, province):
    make_certificate(make_officer(province["360103"]), "valid", number="赣A0001")
    certificate = services.apply(CLI, officer)
    services.act(CLI, certificate, "approve", reason="合格")
    db.session.commit()
    data = services.Issue("赣A0001", "江西省人民政府", date(2026, 6, 1), date(2026, 5, 31))
    with pytest.raises(services.CertificateError) as refused:
        services.issue(CLI, certificate, data)
    assert refused.value.errors == {"number": "证件编号 赣A0001 已存在",
                                    "valid_until": "有效期至不能早于发证日期"}
    db.session.rollback()
    assert db.session.get(Certificate, certificate.id).status == "applied"


def test_a_second_current_certificate_for_one_officer_is_refused(db, officer, make_certificate):
    make_certificate(officer, "suspended", number="赣B0001")
    with pytest.raises(services.CertificateError) as refused:
        services.apply(CLI, officer)
    assert refused.value.errors["officer"] == (
        "该人员已有一张暂扣的行政执法证（编号 赣B0001），一人只能有一张在用或申领中的行政执法证")
    assert count(db, Certificate) == 1


def test_after_cancellation_a_new_application_is_allowed(db, officer, make_certificate):
    make_certificate(officer, "cancelled")
    assert services.apply(CLI, officer).status == "applied"


def test_someone_off_an_enforcement_post_cannot_apply(db, province, make_officer):
    retired = make_officer(province["360102"], status="retired", on_post=True)
    with pytest.raises(services.CertificateError, match="不在执法岗位"):
        services.apply(CLI, retired)


def test_the_table_itself_refuses_two_live_certificates_and_bad_dates(
        db, officer, make_certificate):
    make_certificate(officer, "valid")
    db.session.add(Certificate(officer=officer, status="suspended", number="X2"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    db.session.add(Certificate(officer=officer, status="cancelled", number="X3",
                               issued_on=date(2026, 1, 2), valid_until=date(2026, 1, 1)))
    with pytest.raises(IntegrityError):
        db.session.commit()
