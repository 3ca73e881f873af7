"""The review list's sources: training compliance and exams, each used only when wired in."""
import app as application
from app.certificates import review
from app.core.scoping import Scope


def test_without_the_exams_module_nobody_is_flagged_for_exams(db, monkeypatch):
    monkeypatch.setattr(application, "MODEL_MODULES", tuple(
        m for m in application.MODEL_MODULES if m != "app.exams.models"))
    assert review.failed_two_exams_in_a_row({1, 2, 3}) == set()
    assert review.review_list(Scope(everything=True), 2025).exams_known is False


def test_without_the_training_module_the_floors_are_unknown(db, monkeypatch, province,
                                                            make_officer):
    officer = make_officer(province["360102"], on_post=True)
    monkeypatch.setattr(application, "MODEL_MODULES", tuple(
        m for m in application.MODEL_MODULES if m != "app.training.models"))
    assert review.missed_training_floors(Scope(everything=True), 2025) is None
    assert review.readiness(officer, 2025)["training"] is None


def test_readiness_reads_training_and_exams(db, province, make_officer):
    officer = make_officer(province["360102"], on_post=True)
    # On a post all of 2025 with no training: the floors are missed; no exams failed.
    assert review.readiness(officer, 2025) == {"training": False, "exams": True}
