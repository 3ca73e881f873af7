"""Named reads of the law library: versions in force on a day, citations, the review queue."""
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.laws.models import Article, CitationReview, Law, LawVersion


def in_force(version, on: date):
    """SQL: the law version (a LawVersion or an alias of it) is in force on `on`."""
    return and_(version.effective <= on, or_(version.ends_on.is_(None), version.ends_on > on))


def drawable_versions(question_version, on: date) -> Select:
    """(question_id, number) of the latest version of each question a paper may take on
    `on`: one citing no law in the library, or citing a version in force that day.
    Questions waiting for a citation review take none."""
    lv = aliased(LawVersion)
    waiting = select(CitationReview.question_id).where(CitationReview.decision.is_(None))
    qv = question_version
    return (select(qv.question_id, func.max(qv.number).label("number"))
            .outerjoin(lv, lv.id == qv.law_version_id)
            .where(or_(qv.law_version_id.is_(None), in_force(lv, on)),
                   qv.question_id.not_in(waiting))
            .group_by(qv.question_id))


def laws() -> list[Law]:
    return list(db.session.scalars(select(Law).options(selectinload(Law.versions))
                                   .order_by(Law.name)))


def version(version_id: int) -> LawVersion | None:
    return db.session.get(LawVersion, version_id)


def version_by(law: str, year: str) -> LawVersion | None:
    return db.session.scalar(select(LawVersion).join(Law).where(
        Law.name == law, LawVersion.year == year))


def article(version_id: int, number: int) -> Article | None:
    return db.session.scalar(select(Article).where(
        Article.version_id == version_id, Article.number == number))


def open_reviews() -> list[CitationReview]:
    return list(db.session.scalars(
        select(CitationReview).where(CitationReview.decision.is_(None))
        .order_by(CitationReview.id)))


def open_review_count() -> int:
    return db.session.scalar(select(func.count()).select_from(CitationReview).where(
        CitationReview.decision.is_(None))) or 0
