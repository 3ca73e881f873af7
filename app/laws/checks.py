"""What `flask laws list` and `flask laws check` report (the legal section runs the check
before each quarter): citations that do not resolve or cite a version not in force."""
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.laws import numbers
from app.laws.citations import Library
from app.laws.models import Law, LawVersion
from app.questions.models import Question, QuestionVersion
from app.questions.queries import CURRENT


def _citing_counts() -> dict[int, int]:
    stmt = (select(QuestionVersion.law_version_id, func.count())
            .join(Question, CURRENT).where(Question.status == "active",
                                           QuestionVersion.law_version_id.is_not(None))
            .group_by(QuestionVersion.law_version_id))
    return dict(db.session.execute(stmt).all())


def listing(today: date) -> list[dict]:
    citing = _citing_counts()
    stmt = (select(LawVersion, Law.name).join(Law)
            .order_by(Law.name, LawVersion.effective))
    return [{"law": name, "version": v.year, "label": v.label,
             "promulgated": v.promulgated.isoformat(), "effective": v.effective.isoformat(),
             "repealed": v.repealed.isoformat() if v.repealed else None,
             "ends_on": v.ends_on.isoformat() if v.ends_on else None,
             "in_force_today": v.in_force_on(today), "articles": len(v.articles),
             "partial": v.partial, "questions_citing": citing.get(v.id, 0)}
            for v, name in db.session.execute(stmt)]


def _cited() -> list:
    return db.session.execute(
        select(Question.id, QuestionVersion.stem, QuestionVersion.basis_law,
               QuestionVersion.basis_version, QuestionVersion.basis_article,
               QuestionVersion.law_version_id)
        .join(Question, CURRENT)
        .where(Question.status == "active", QuestionVersion.basis_law.is_not(None))
        .order_by(Question.id)).all()


def problems(on: date) -> list[dict]:
    """One row per active question whose citation does not resolve or is not in force."""
    library = Library()
    versions = {v.id: v for v in db.session.scalars(select(LawVersion))}
    out = []
    for qid, stem, law, year, article, _linked in _cited():
        ref, problem = library.resolve(law, year, article)
        if ref is None and problem is None:
            problem = f"法条库中没有《{law}》"
        elif ref is not None and not versions[ref.version_id].in_force_on(on):
            problem = f"所引版本在 {on.isoformat()} 不是施行中的版本"
        if problem:
            out.append({"question_id": qid, "stem": stem, "law": law, "version": year,
                        "article": article, "problem": problem})
    return out


def stems_with_numbers() -> list[dict]:
    """Active questions whose stem still writes an article number (the reference carries it)."""
    rows = db.session.execute(
        select(Question.id, QuestionVersion.stem).join(Question, CURRENT)
        .where(Question.status == "active", QuestionVersion.stem.contains("条"))
        .order_by(Question.id)).all()
    return [{"question_id": qid, "stem": stem,
             "numbers": numbers.STEM_NUMBER.findall(stem)}
            for qid, stem in rows if numbers.STEM_NUMBER.search(stem)]
