"""Changes to the law library: load a version (file or upload), review citations.

Every function takes an explicit actor, adds and flushes, audits, and never commits.
"""
import difflib
from pathlib import Path

from sqlalchemy import select

from app.core import audit
from app.core.imports import ImportReport, Progress, RowError
from app.core.models import utcnow
from app.extensions import db
from app.laws import citations, files, numbers
from app.laws.models import Article, CitationReview, Law, LawVersion
from app.questions import services as bank
from app.questions.models import Question, QuestionVersion

# Below this similarity an old article has no counterpart in the new version: deleted.
SIMILAR = 0.6


class LawError(ValueError):
    """A change the library refuses; the message says why, in Chinese."""


# ---- loading ------------------------------------------------------------------------------------

def run_import(path: Path, actor, *, dry_run: bool = False, progress: Progress | None = None,
               filename: str | None = None) -> ImportReport:
    """`flask import laws PATH`: every file checked first, then each version loaded."""
    report = ImportReport(dry_run=dry_run)
    parsed, seen = [], {}
    for p in files.files_in(path):
        name = filename or p.name
        try:
            law = files.parse(p.read_text(encoding="utf-8"), name)
        except (files.LawFileError, UnicodeDecodeError) as exc:
            report.errors.append(_row_error(exc, name))
            continue
        key = (law.law, law.year)
        if key in seen:
            report.errors.append(RowError(1, "version", f"{name}: 与 {seen[key]} 是同一法律的同一版本"))
            continue
        seen[key] = name
        parsed.append(law)
    if not parsed and not report.errors:
        report.errors.append(RowError(1, "文件", "没有找到法条文件（.md 或 .txt）"))
    if report.errors:
        return report
    for i, law in enumerate(sorted(parsed, key=lambda p: (p.law, p.effective))):
        action = load_version(actor, law)
        setattr(report, action, getattr(report, action) + 1)
        if progress:
            progress(i + 1, len(parsed))
    citations.link_all()
    return report


def _row_error(exc: Exception, name: str) -> RowError:
    if isinstance(exc, files.LawFileError):
        return RowError(exc.line, exc.column, f"{name}: {exc.reason}")
    return RowError(1, "文件", f"{name}: 文件应为 UTF-8 编码")


def load_version(actor, parsed: files.ParsedLaw) -> str:
    """Create or update one version; 'created', 'updated' or 'unchanged'."""
    law = db.session.scalar(select(Law).where(Law.name == parsed.law))
    if law is None:
        law = Law(name=parsed.law)
        db.session.add(law)
        db.session.flush()
    version = db.session.scalar(select(LawVersion).where(
        LawVersion.law_id == law.id, LawVersion.year == parsed.year))
    if version is None:
        citations.link_all()     # questions citing the version this one replaces, linked first
        version = _create(actor, law, parsed)
        flag_citing(actor, version)
        return "created"
    return "updated" if _update(actor, version, parsed) else "unchanged"


def _meta(parsed: files.ParsedLaw) -> dict:
    return {"label": parsed.label, "promulgated": parsed.promulgated,
            "effective": parsed.effective, "repealed": parsed.repealed,
            "partial": parsed.partial, "source": parsed.source}


def _create(actor, law: Law, parsed: files.ParsedLaw) -> LawVersion:
    version = LawVersion(law=law, year=parsed.year, **_meta(parsed))
    version.articles = [Article(number=a.number, label=numbers.label(a.number), text=a.text)
                        for a in parsed.articles]
    db.session.add(version)
    db.session.flush()
    set_ends(law)
    audit.record(actor, "law.version.create", "law_version", version.id,
                 label=f"{law.name} {parsed.year}",
                 after={"articles": len(parsed.articles), "effective": str(parsed.effective)})
    return version


def _update(actor, version: LawVersion, parsed: files.ParsedLaw) -> bool:
    meta = _meta(parsed)
    old = {a.number: a for a in version.articles}
    new = {a.number: a.text for a in parsed.articles}
    same_meta = all(getattr(version, k) == v for k, v in meta.items())
    if same_meta and {n: a.text for n, a in old.items()} == new:
        return False
    for k, v in meta.items():
        setattr(version, k, v)
    for number, article in old.items():
        if number not in new:
            db.session.delete(article)
        elif article.text != new[number]:
            article.text = new[number]
    for number, text in new.items():
        if number not in old:
            version.articles.append(Article(number=number, label=numbers.label(number), text=text))
    db.session.flush()
    set_ends(version.law)
    audit.record(actor, "law.version.update", "law_version", version.id,
                 label=f"{version.law.name} {version.year}", after={"articles": len(new)})
    return True


def set_ends(law: Law) -> None:
    """Each version ends at its 废止 date or when the next version takes effect."""
    db.session.refresh(law, ["versions"])
    versions = sorted(law.versions, key=lambda v: v.effective)
    for version, following in zip(versions, versions[1:] + [None], strict=True):
        ends = [d for d in (version.repealed, following and following.effective) if d]
        version.ends_on = min(ends) if ends else None
    db.session.flush()


# ---- revision review --------------------------------------------------------------------------

def replaced_by(version: LawVersion) -> LawVersion | None:
    """The version this one replaces: the latest earlier one of the same law."""
    earlier = [v for v in version.law.versions if v.effective < version.effective]
    return max(earlier, key=lambda v: v.effective) if earlier else None


def flag_citing(actor, version: LawVersion) -> int:
    """Open a review for every active question whose current version cites the replaced one;
    a question citing an article the new version keeps word for word under the same number
    follows it at once (a new question version, audited). Returns the reviews opened."""
    old = replaced_by(version)
    if old is None:
        return 0
    rows = db.session.execute(
        select(Question.id, QuestionVersion.law_article_id)
        .join(QuestionVersion, (QuestionVersion.question_id == Question.id)
              & (QuestionVersion.number == Question.current_number))
        .where(Question.status == "active", QuestionVersion.law_version_id == old.id,
               QuestionVersion.law_article_id.is_not(None))).all()
    new_articles, opened = list(version.articles), 0
    for question_id, article_id in rows:
        kind, proposed = counterpart(db.session.get(Article, article_id), new_articles,
                                     partial=version.partial)
        if kind is None:
            _follow_unchanged(actor, db.session.get(Question, question_id), proposed)
            continue
        db.session.add(CitationReview(question_id=question_id, old_article_id=article_id,
                                      new_version_id=version.id, kind=kind,
                                      proposed_article_id=proposed.id if proposed else None))
        opened += 1
    db.session.flush()
    return opened


def _follow_unchanged(actor, question: Question, article: Article) -> None:
    _cite(actor, question, article)
    audit.record(actor, "law.review.unchanged", "question", question.id,
                 label=question.current.stem[:100],
                 after={"version": article.version.year, "article": article.label})


def _norm(text: str) -> str:
    return "".join(text.split())


def counterpart(old: Article, new_articles: list[Article],
               partial: bool = False) -> tuple[str | None, Article | None]:
    """How the old article fares in the new version: (None, same) when unchanged,
    ('renumbered', where) for the same text elsewhere, ('changed', most similar) or
    ('deleted', None). A version holding only some articles deletes nothing: what it
    lacks is ('changed', None), for a person to place."""
    text = _norm(old.text)
    same = [a for a in new_articles if _norm(a.text) == text]
    if same:
        exact = next((a for a in same if a.number == old.number), None)
        return (None, exact) if exact else ("renumbered", same[0])
    best, score = None, 0.0
    for a in new_articles:
        ratio = difflib.SequenceMatcher(None, text, _norm(a.text), autojunk=False).ratio()
        if ratio > score:
            best, score = a, ratio
    if score >= SIMILAR:
        return "changed", best
    return ("changed", None) if partial else ("deleted", None)


def decide(actor, review: CitationReview, decision: str,
           article_number: int | None = None) -> Question:
    """The legal section's decision: 'follow' (cite the new article: the proposed one or
    `article_number`), 'edit' (the same, then the question is edited) or 'retire'."""
    if not review.open:
        raise LawError("该题目已审核过")
    question = review.question
    if decision == "retire":
        bank.retire_question(actor, question)
    elif decision in ("follow", "edit"):
        _cite(actor, question, _target(review, article_number))
    else:
        raise LawError("未知的审核结论")
    review.decision, review.decided_by_id, review.decided_at = decision, getattr(
        actor, "id", None), utcnow()
    db.session.flush()
    audit.record(actor, "law.review." + decision, "question", question.id,
                 label=question.current.stem[:100],
                 before={"article": review.old_article.label,
                         "version": review.old_article.version.year},
                 after={"kind": review.kind, "decision": decision,
                        "version": review.new_version.year,
                        "article": question.current.basis_article})
    return question


def _target(review: CitationReview, number: int | None) -> Article:
    if number is None:
        if review.proposed_article is None:
            raise LawError("请填写新版本中对应的条号")
        return review.proposed_article
    found = db.session.scalar(select(Article).where(
        Article.version_id == review.new_version_id, Article.number == number))
    if found is None:
        raise LawError(f"新版本没有{numbers.label(number)}")
    return found


def _cite(actor, question: Question, article: Article) -> None:
    """A new version of the question citing `article`; older versions keep their citation,
    so a paper drawn before the new law takes effect still takes the old one."""
    current = question.current
    content = current.parsed(question.specialty.code)
    clause = current.basis_clause
    label = article.label + (f"第{numbers.to_chinese(clause)}款" if clause
                             and clause <= len(article.clauses) else "")
    content.basis_version, content.basis_article = article.version.year, label
    bank.revise_question(actor, question, question.specialty, content)
    citations.link_all()


def open_reviews(question_id: int) -> bool:
    return db.session.scalar(select(CitationReview.id).where(
        CitationReview.question_id == question_id, CitationReview.decision.is_(None))
        .limit(1)) is not None

