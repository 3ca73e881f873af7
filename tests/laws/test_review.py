"""A new version flags the questions citing the old one; none is drawn until reviewed."""
from datetime import date

import pytest
from sqlalchemy import select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.extensions import db as _db
from app.laws import queries, services
from app.laws.models import CitationReview
from app.questions import queries as bank
from app.specialties.models import find
from tests.laws.conftest import LAW, NEW

SUMMER = date(2026, 6, 1)


def _drawable(day: date) -> set[int]:
    return {v.question_id for v in bank.candidates(find("basic").id, "truefalse", on=day)}


def _add_new_version(write_law):
    report = services.run_import(write_law("new.md", LAW, "2030", "2030-01-01", NEW), CLI)
    assert report.ok, report.errors
    _db.session.commit()


def test_a_new_version_flags_renumbered_changed_and_deleted_citations(cited, write_law, db):
    ids = {n: q.id for n, q in cited.items()}
    assert _drawable(SUMMER) == set(ids.values())
    _add_new_version(write_law)
    reviews = {r.question_id: r for r in queries.open_reviews()}
    assert set(reviews) == {ids[2], ids[3], ids[4]}
    assert reviews[ids[2]].kind == "renumbered" and reviews[ids[2]].proposed_article.number == 3
    assert reviews[ids[3]].kind == "changed" and reviews[ids[3]].proposed_article.number == 4
    assert reviews[ids[4]].kind == "deleted" and reviews[ids[4]].proposed_article is None
    # Unchanged article 1: the question follows on its own and stays drawable.
    assert cited[1].current.law_article.version.year == "2030"
    assert _drawable(SUMMER) == {ids[1]}
    assert _drawable(date(2030, 2, 1)) == {ids[1]}


def test_decisions_cite_the_new_article_or_retire_and_are_audited(cited, write_law, db):
    ids = {n: q.id for n, q in cited.items()}
    _add_new_version(write_law)
    reviews = {r.question_id: r for r in queries.open_reviews()}
    services.decide(CLI, reviews[ids[2]], "follow")
    services.decide(CLI, reviews[ids[3]], "edit", 4)
    services.decide(CLI, reviews[ids[4]], "retire")
    db.session.commit()
    assert queries.open_reviews() == []
    assert cited[2].current.basis_article == "第三条" and cited[2].current.basis_version == "2030"
    assert cited[3].current.law_article.number == 4
    assert not cited[4].active
    # Until 2030 the old versions (citing 2020) are drawn; from 2030 the new ones.
    assert _drawable(SUMMER) == {ids[1], ids[2], ids[3]}
    numbers = {v.question_id: v.number for v in bank.candidates(
        find("basic").id, "truefalse", on=date(2030, 2, 1))}
    assert numbers == {ids[1]: 2, ids[2]: 2, ids[3]: 2}
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("law.review.%")).order_by(AuditEntry.id)).all()
    assert actions == ["law.review.unchanged", "law.review.follow", "law.review.edit",
                       "law.review.retire"]


def test_a_decision_naming_an_article_the_new_version_lacks_is_refused(cited, write_law, db):
    _add_new_version(write_law)
    review = db.session.scalar(select(CitationReview).where(CitationReview.kind == "deleted"))
    with pytest.raises(services.LawError, match="新版本没有第九条"):
        services.decide(CLI, review, "follow", 9)
    with pytest.raises(services.LawError, match="请填写新版本中对应的条号"):
        services.decide(CLI, review, "follow")


def test_a_partial_version_deletes_nothing(cited, write_law, db):
    """A version loaded with only some articles cannot tell a deleted article from one it
    does not hold: the review asks a person instead of proposing to retire."""
    partial = {n: t for n, t in NEW.items() if n != 4}
    report = services.run_import(write_law("new.md", LAW, "2030", "2030-01-01", partial,
                                            partial="true"), CLI)
    assert report.ok, report.errors
    kinds = {r.question_id: (r.kind, r.proposed_article) for r in queries.open_reviews()}
    assert kinds[cited[4].id] == ("changed", None)
