"""Who may do what: one table of permissions by role, and the decorator views use."""
from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user, login_required

from app.core.scoping import Scope

PERMISSIONS = {
    "roster.view": {"hr", "legal", "leader", "admin"},
    "roster.edit": {"hr", "admin"},
    "units.view": {"hr", "legal", "leader", "admin"},
    "units.edit": {"admin"},
    "users.manage": {"admin"},
    "audit.view": {"admin"},
    "self.view": {"officer"},
    "specialties.view": {"hr", "legal", "leader", "admin"},
    "specialties.edit": {"admin"},
    "certificates.view": {"hr", "legal", "leader", "admin"},
    "certificates.apply": {"hr", "admin"},
    "certificates.review": {"legal", "admin"},
    "certificates.issue": {"hr", "legal", "admin"},
    "certificates.manage": {"legal", "admin"},
    "certificates.clearance": {"legal", "admin"},
    "certificates.import": {"hr", "admin"},
    "certificates.export": {"hr", "admin"},
    "training.view": {"hr", "legal", "leader", "admin"},
    "training.edit": {"hr", "admin"},
    "training.policy": {"admin"},
    "training.political": {"legal", "admin"},
    "training.self": {"officer"},
    "questions.view": {"hr", "legal", "admin"},
    "questions.edit": {"legal", "admin"},
    "laws.view": {"hr", "legal", "leader", "admin"},
    "laws.edit": {"legal", "admin"},
    "talent.view": {"hr", "legal", "leader", "admin"},
    "talent.nominate": {"hr", "admin"},
    "talent.decide": {"legal", "admin"},
    "talent.pause": {"hr", "legal", "admin"},
    "talent.import": {"hr", "legal", "admin"},
    "talent.self": {"officer"},
    "draws.view": {"hr", "legal", "leader", "admin"},
    "draws.make": {"legal", "admin"},
    "exams.view": {"hr", "legal", "leader", "admin"},
    "exams.manage": {"hr", "legal", "admin"},
    "exams.take": {"officer"},
    "results.view": {"hr", "legal", "leader", "admin"},
    "results.grade": {"legal", "admin"},
    "results.publish": {"legal", "admin"},
    "results.stats": {"legal", "admin"},
    "results.regrade": {"legal", "admin"},
    "results.self": {"officer"},
    "rules.view": {"hr", "legal", "leader", "admin"},
    "rules.sign": {"legal"},
    "rotation.view": {"hr", "legal", "leader", "admin"},
    "rotation.manage": {"hr", "legal", "admin"},
    "rotation.self": {"officer"},
    "staffing.view": {"hr", "legal", "leader", "admin"},
    "assessment.view": {"hr", "legal", "leader", "admin"},
    "assessment.scheme": {"legal", "admin"},
    "assessment.confirm": {"leader", "admin"},
    "reports.annual": {"legal", "leader", "admin"},
}


def can(user, permission: str) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and \
        user.role in PERMISSIONS[permission]


def require(permission: str):
    """Log-in required, then the permission, else 403."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorate


def scope() -> Scope:
    """The current user's scope, for views."""
    return Scope.of(current_user)


def search_limit():
    """A per-user limit shared by every search page, counted only when something is searched
    (SEARCH_LIMIT): guessing hidden digits one search at a time must take too long."""
    from app.extensions import limiter
    return limiter.shared_limit(lambda: current_app.config["SEARCH_LIMIT"], scope="search",
                                key_func=lambda: f"search-user:{current_user.get_id()}",
                                exempt_when=lambda: not request.args.get("q", "").strip())
