"""Reading and signing the rules page: plain values and an explicit actor."""
from dataclasses import dataclass

from sqlalchemy import select

from app.core import audit
from app.extensions import db
from app.system_rules.models import RulesSignoff
from app.system_rules.text import VERSION


class SignoffError(ValueError):
    """A sign-off the page cannot take; the message is for the user."""


@dataclass
class SignoffState:
    current: RulesSignoff | None   # a sign-off of the text as it is now
    last: RulesSignoff | None      # the latest sign-off of any version

    @property
    def needs_signing(self) -> bool:
        return self.current is None

    @property
    def outdated(self) -> bool:
        """Signed once, but the text has changed since."""
        return self.current is None and self.last is not None


def state(version: str | None = None) -> SignoffState:
    """The sign-offs that matter for `version` (default: the text as it is now)."""
    version = version or VERSION
    latest = select(RulesSignoff).order_by(RulesSignoff.signed_at.desc(), RulesSignoff.id.desc())
    return SignoffState(db.session.scalar(latest.where(RulesSignoff.version == version).limit(1)),
                        db.session.scalar(latest.limit(1)))


def sign(actor, version: str, note: str | None = None) -> RulesSignoff:
    """Sign off `version`, the one the signer read; refused when the text changed meanwhile."""
    if version != VERSION:
        raise SignoffError("规则文本已更新，请阅读新版本后再签署")
    signoff = RulesSignoff(version=version, signed_by_id=actor.id, note=note or None)
    db.session.add(signoff)
    db.session.flush()
    audit.record(actor, "rules.signoff", "rules_signoff", signoff.id, label=f"本系统规则 {version}",
                 after={"version": version, "note": signoff.note})
    return signoff
