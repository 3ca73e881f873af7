"""The assessment sheet: every officer on a post in the year within a scope, each indicator's
value, the proposed grade and the confirmed one."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.assessment.indicators import CHUNK, INDICATORS, Context
from app.assessment.models import AssessmentDecision, AssessmentScore
from app.assessment.rules import Proposal, propose
from app.assessment.scheme import Scheme, scheme_for
from app.core.scoping import Scope
from app.extensions import db
from app.org.models import Unit
from app.training import compliance


@dataclass
class SheetRow:
    row: compliance.Row               # who, where, hours
    values: dict[str, object]         # indicator code -> measured value or hand score
    proposal: Proposal
    decision: AssessmentDecision | None

    @property
    def officer_id(self) -> int:
        return self.row.officer_id

    @property
    def confirmed_grade(self) -> str | None:
        return self.decision.grade if self.decision else None

    def as_json(self, scheme: Scheme) -> dict:
        """`flask report assessment --format json`, in INTERFACES.md's keys."""
        by = self.decision.confirmed_by if self.decision else None
        return {"id_number_masked": self.row.id_number_masked, "name": self.row.name,
                "unit_code": self.row.unit_code,
                "indicators": {m.code: _plain(self.values.get(m.code)) for m in scheme.measures},
                "proposed_grade": self.proposal.grade, "confirmed_grade": self.confirmed_grade,
                "confirmed_by": by.username if by else None}


def _plain(value):
    return None if value is None else round(float(value), 4)


def sheet(year: int, scope: Scope, unit: Unit | None = None,
          officer_id: int | None = None) -> tuple[Scheme, list[SheetRow]]:
    """The year's sheet for the officers `scope` may see within `unit`'s subtree (or the one
    officer), by unit code then name."""
    scheme = scheme_for(year)
    query = compliance.Query(year, scope, unit, officer_id=officer_id)
    rows = sorted(compliance.stream(query), key=lambda r: (r.unit_code, r.name, r.officer_id))
    values = measured(scheme, Context(year, rows))
    decisions = _decisions(year, [r.officer_id for r in rows])
    return scheme, [SheetRow(r, values[r.officer_id],
                             propose(scheme.grades, scheme.measures, values[r.officer_id]),
                             decisions.get(r.officer_id)) for r in rows]


def officer_row(year: int, scope: Scope, officer) -> tuple[Scheme, SheetRow | None]:
    """One officer's line (None when not on a post that year or out of scope)."""
    scheme, rows = sheet(year, scope, officer_id=officer.id)
    return scheme, rows[0] if rows else None


def measured(scheme: Scheme, ctx: Context) -> dict[int, dict[str, object]]:
    """Every indicator of the scheme for every officer of the context."""
    values: dict[int, dict[str, object]] = {oid: {} for oid in ctx.officer_ids}
    for m in scheme.measures:
        known = INDICATORS.get(m.code)
        if m.manual or known is None:
            continue
        for oid, value in known.measure(ctx).items():
            values[oid][m.code] = value
    for score in _scores(ctx.year, ctx.officer_ids):
        if score.officer_id in values:
            values[score.officer_id][score.code] = score.score
    return values


def _scores(year: int, officer_ids: list[int]) -> list[AssessmentScore]:
    found = []
    for i in range(0, len(officer_ids), CHUNK):
        found += db.session.scalars(select(AssessmentScore).where(
            AssessmentScore.year == year,
            AssessmentScore.officer_id.in_(officer_ids[i:i + CHUNK])))
    return found


def _decisions(year: int, officer_ids: list[int]) -> dict[int, AssessmentDecision]:
    found = {}
    for i in range(0, len(officer_ids), CHUNK):
        stmt = select(AssessmentDecision).where(
            AssessmentDecision.year == year,
            AssessmentDecision.officer_id.in_(officer_ids[i:i + CHUNK])) \
            .options(joinedload(AssessmentDecision.confirmed_by))
        found.update({d.officer_id: d for d in db.session.scalars(stmt)})
    return found


def grade_counts(scheme: Scheme, rows: list[SheetRow]) -> dict[str, int]:
    """Confirmed grades counted, in the scheme's order (the sheet's foot)."""
    counts = {name: 0 for name in scheme.grade_names}
    for r in rows:
        if r.confirmed_grade in counts:
            counts[r.confirmed_grade] += 1
    return counts
