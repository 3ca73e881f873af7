"""Named reads of the bank: the browse/search list, filter choices, and drawing for exams.

Questions are the province's shared bank, not unit data: who may read them is
decided by permission (questions.view), so these reads are not unit-scoped.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, select, tuple_
from sqlalchemy.orm import aliased, contains_eager, selectinload

from app.extensions import db
from app.questions.formats import TYPES
from app.questions.models import Question, QuestionVersion, Tag, version_tags

CURRENT = and_(QuestionVersion.question_id == Question.id,
               QuestionVersion.number == Question.current_number)
SORTS = {"id": Question.id, "type": QuestionVersion.type,
         "difficulty": QuestionVersion.difficulty, "updated": Question.updated_at}


@dataclass
class QuestionFilter:
    q: str = ""
    specialty_id: int | None = None
    type: str = ""
    difficulty: int | None = None
    tag: str = ""
    law: str = ""
    status: str = "active"   # active, retired, or "" for both
    sort: str = "id"
    desc: bool = False

    @classmethod
    def from_args(cls, args) -> "QuestionFilter":
        """From a query string; unknown values fall back to no filter."""
        difficulty = args.get("difficulty", type=int)
        status = args.get("status", "active")
        return cls(
            q=args.get("q", "").strip()[:100], specialty_id=args.get("specialty", type=int),
            type=args.get("type", "") if args.get("type") in TYPES else "",
            difficulty=difficulty if difficulty in range(1, 6) else None,
            tag=args.get("tag", "").strip()[:50], law=args.get("law", "").strip()[:200],
            status=status if status in ("active", "retired", "") else "active",
            sort=args.get("sort", "id"), desc=args.get("dir") == "desc")


def with_current() -> Select:
    """Questions joined to their current version, which is loaded with them."""
    return (select(Question).join(QuestionVersion, CURRENT)
            .options(contains_eager(Question.current).selectinload(QuestionVersion.tags),
                     selectinload(Question.specialty)))


def matching(f: QuestionFilter) -> Select:
    """The questions the filter keeps, as a plain select of Question (for exports)."""
    return filtered(select(Question).join(QuestionVersion, CURRENT), f)


def search(f: QuestionFilter) -> Select:
    stmt = filtered(with_current(), f)
    order = SORTS.get(f.sort, Question.id)
    return stmt.order_by(order.desc() if f.desc else order, Question.id)


def filtered(stmt: Select, f: QuestionFilter) -> Select:
    for term in f.q.lower().split():
        stmt = stmt.where(QuestionVersion.search_text.contains(term, autoescape=True))
    if f.specialty_id:
        stmt = stmt.where(Question.specialty_id == f.specialty_id)
    if f.type:
        stmt = stmt.where(QuestionVersion.type == f.type)
    if f.difficulty:
        stmt = stmt.where(QuestionVersion.difficulty == f.difficulty)
    if f.tag:
        stmt = stmt.where(QuestionVersion.id.in_(_tagged([f.tag])))
    if f.law:
        stmt = stmt.where(QuestionVersion.basis_law == f.law)
    if f.status:
        stmt = stmt.where(Question.status == f.status)
    return stmt


def _tagged(names: Iterable[str]) -> Select:
    """Ids of the versions carrying any of the tags."""
    return (select(version_tags.c.version_id).join(Tag, Tag.id == version_tags.c.tag_id)
            .where(Tag.name.in_(list(names))))


def tag_names() -> list[str]:
    """Knowledge points used by a current version, for the filter."""
    stmt = (select(Tag.name).join(version_tags, Tag.id == version_tags.c.tag_id)
            .join(QuestionVersion, QuestionVersion.id == version_tags.c.version_id)
            .join(Question, CURRENT).distinct().order_by(Tag.name))
    return list(db.session.scalars(stmt))


def law_names() -> list[str]:
    stmt = (select(QuestionVersion.basis_law).join(Question, CURRENT)
            .where(QuestionVersion.basis_law.is_not(None)).distinct()
            .order_by(QuestionVersion.basis_law))
    return list(db.session.scalars(stmt))


def counts_by_specialty() -> dict[int, int]:
    """Active questions per category id."""
    stmt = (select(Question.specialty_id, func.count()).where(Question.status == "active")
            .group_by(Question.specialty_id))
    return dict(db.session.execute(stmt).all())


# ---- for exams (issue 5): drawing from the bank -----------------------------------------------

def candidates_stmt(specialty_id: int, qtype: str, difficulty: int | None = None,
                    tags: Iterable[str] | None = None,
                    exclude_ids: Iterable[int] = (), on: date | None = None) -> Select:
    """Current versions of active questions of a category and type, as a select of versions.

    `difficulty` narrows to one level, `tags` to versions carrying any of them,
    `exclude_ids` leaves out questions (Question ids) already drawn. With `on` (an exam's
    first day), each question's latest version whose cited law is in force that day
    instead of the current one (app.laws.queries.drawable_versions).
    """
    stmt = (select(QuestionVersion).join(Question, _drawable(on, specialty_id))
            .where(Question.status == "active", Question.specialty_id == specialty_id,
                   QuestionVersion.type == qtype))
    if difficulty is not None:
        stmt = stmt.where(QuestionVersion.difficulty == difficulty)
    if tags:
        stmt = stmt.where(QuestionVersion.id.in_(_tagged(tags)))
    exclude = list(exclude_ids)
    if exclude:
        stmt = stmt.where(Question.id.not_in(exclude))
    return stmt.order_by(QuestionVersion.id)


def _drawable(on: date | None, specialty_id: int):
    if on is None:
        return CURRENT
    from app.laws.queries import drawable_versions

    # Narrowed to the category: over the whole bank the grouping costs tens of milliseconds a
    # line, and a year plan asks for hundreds of lines.
    qv = aliased(QuestionVersion)
    versions = drawable_versions(qv, on).where(qv.question_id.in_(
        select(Question.id).where(Question.specialty_id == specialty_id))).subquery()
    return and_(QuestionVersion.question_id == Question.id,
                tuple_(QuestionVersion.question_id, QuestionVersion.number).in_(
                    select(versions.c.question_id, versions.c.number)))


def candidates(specialty_id: int, qtype: str, difficulty: int | None = None,
               tags: Iterable[str] | None = None,
               exclude_ids: Iterable[int] = (), on: date | None = None) -> list[QuestionVersion]:
    """The versions an exam may draw (see candidates_stmt), in a stable order for seeded draws."""
    stmt = candidates_stmt(specialty_id, qtype, difficulty, tags, exclude_ids, on)
    return list(db.session.scalars(stmt))


def count_candidates(specialty_id: int, qtype: str, **narrow) -> int:
    stmt = candidates_stmt(specialty_id, qtype, **narrow).order_by(None)
    return db.session.scalar(select(func.count()).select_from(stmt.subquery()))


def version(version_id: int) -> QuestionVersion | None:
    """One version by id (an exam paper's question, as it was drawn)."""
    return db.session.get(QuestionVersion, version_id)
