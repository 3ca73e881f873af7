"""The menu each role sees: one table, read by the base template.

Items of a group sit under one drop-down when a user sees more than one of them.
"""
from itertools import groupby

from flask_babel import lazy_gettext as _l

from app.auth.permissions import can

# (group, endpoint, label, permission or None for every logged-in user)
MENU = (
    ("", "main.home", _l("Home"), None),
    ("", "people.me", _l("My record"), "self.view"),
    ("", "training.my_year", _l("My training"), "training.self"),
    ("", "learning.mine", _l("Online courses"), "training.self"),
    ("", "exams.mine", _l("My exams"), "exams.take"),
    ("study", "results.mine", _l("My results"), "results.self"),
    ("study", "results.practice", _l("Practice"), "results.self"),
    ("study", "results.wrong_book", _l("Wrong-answer book"), "results.self"),
    ("", "talentpool.me", _l("My talent pool"), "talent.self"),
    ("", "rotation.mine", _l("My rotation training"), "rotation.self"),
    ("people", "people.roster", _l("Roster"), "roster.view"),
    ("people", "org.tree", _l("Organisation"), "units.view"),
    ("people", "certificates.index", _l("Certificates"), "certificates.view"),
    ("people", "staffing.index", _l("Enforcement staffing"), "staffing.view"),
    ("training", "training.sessions", _l("Training sessions"), "training.view"),
    ("training", "training.compliance_page", _l("Training compliance"), "training.view"),
    ("training", "rotation.index", _l("Rotation training"), "rotation.view"),
    ("training", "learning.courses", _l("Online courses"), "training.view"),
    ("training", "assessment.index", _l("Yearly assessment"), "assessment.view"),
    ("training", "annual.index", _l("Yearly report"), "reports.annual"),
    ("exams", "exams.index", _l("Exam management"), "exams.view"),
    ("exams", "questions.index", _l("Question bank"), "questions.view"),
    ("exams", "laws.index", _l("Law library"), "laws.view"),
    ("exams", "results.index", _l("Exam results"), "results.view"),
    ("exams", "results.trend", _l("Result trends"), "results.view"),
    ("talent", "talentpool.pool", _l("Talent pool"), "talent.view"),
    ("talent", "talentpool.draws", _l("Draws"), "draws.view"),
    ("system", "system_rules.page", _l("Rules of this system"), "rules.view"),
    ("system", "specialties.index", _l("Specialties"), "specialties.view"),
    ("system", "admin.users", _l("Accounts"), "users.manage"),
    ("system", "admin.audit", _l("Audit log"), "audit.view"),
)
GROUP_LABELS = {"study": _l("Results and practice"),
                "people": _l("People"), "training": _l("Training"), "exams": _l("Exams"),
                "talent": _l("Talent pool"), "system": _l("System")}


def menu_for(user) -> list[tuple[str, str]]:
    """(endpoint, label) of every item the user may open, in menu order."""
    return [(endpoint, label) for _group, endpoint, label, permission in MENU
            if permission is None or can(user, permission)]


def grouped_menu_for(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(group label or "", items)]: a lone item of a group stands on its own."""
    visible = [(g, e, label) for g, e, label, p in MENU if p is None or can(user, p)]
    entries = []
    for group, items in groupby(visible, key=lambda item: item[0]):
        items = [(e, label) for _g, e, label in items]
        if group and len(items) > 1:
            entries.append((str(GROUP_LABELS[group]), items))
        else:
            entries += [("", [item]) for item in items]
    return entries
