"""A question's citation (law name, version year, 第X条[第Y款]) resolved against the library.

One place decides whether a citation resolves: the question import refuses one that
does not (for a law the library holds), `flask laws check` lists them, and linking
writes the reference (law_version_id, law_article_id, basis_clause) on question versions.
"""
from dataclasses import dataclass

from sqlalchemy import select, update

from app.extensions import db
from app.laws import numbers
from app.laws.models import Article, Law, LawVersion
from app.questions.models import QuestionVersion


@dataclass(frozen=True)
class Ref:
    version_id: int
    article_id: int
    clause: int | None


class Library:
    """The library's articles held in memory for resolving many citations at once."""

    def __init__(self) -> None:
        rows = db.session.execute(
            select(Law.name, LawVersion.year, LawVersion.id, Article.number, Article.id,
                   Article.text)
            .join(LawVersion, LawVersion.law_id == Law.id)
            .join(Article, Article.version_id == LawVersion.id))
        self.laws: set[str] = set(db.session.scalars(select(Law.name)))
        self.versions: dict[tuple[str, str], int] = {}
        self.articles: dict[tuple[int, int], tuple[int, int]] = {}
        for law, year, version_id, number, article_id, text in rows:
            self.versions[(law, year)] = version_id
            self.articles[(version_id, number)] = (article_id, _clause_count(text))

    def resolve(self, law: str | None, year: str | None,
                article: str | None) -> tuple[Ref | None, str | None]:
        """(reference, None), or (None, the reason in Chinese), or (None, None) when the
        citation names no law or a law the library does not hold (nothing to check)."""
        if not law or law not in self.laws:
            return None, None
        version_id = self.versions.get((law, year or ""))
        if version_id is None:
            return None, f"法条库中没有《{law}》的 {year or '（未写版本）'} 版本"
        parsed = numbers.parse_ref(article)
        if parsed is None:
            return None, f"条款应写作「第X条」或「第X条第Y款」（现为 {article or '空'}）"
        number, clause = parsed
        found = self.articles.get((version_id, number))
        if found is None:
            return None, f"《{law}》（{year}）没有{numbers.label(number)}"
        if clause is not None and clause > found[1]:
            return None, f"《{law}》（{year}）{numbers.label(number)}只有 {found[1]} 款"
        return Ref(version_id, found[0], clause), None


def _clause_count(text: str) -> int:
    return len(Article(text=text).clauses)


def link_all(version_ids: list[int] | None = None) -> int:
    """Write the reference of every question version (or of `version_ids`) whose citation
    resolves, and clear a stale one; returns how many versions changed."""
    library, changed = Library(), 0
    stmt = select(
        QuestionVersion.id, QuestionVersion.basis_law, QuestionVersion.basis_version,
        QuestionVersion.basis_article, QuestionVersion.law_version_id,
        QuestionVersion.law_article_id, QuestionVersion.basis_clause)
    if version_ids is not None:
        stmt = stmt.where(QuestionVersion.id.in_(version_ids))
    rows = db.session.execute(stmt).all()
    for vid, law, year, article, old_v, old_a, old_c in rows:
        ref, _problem = library.resolve(law, year, article)
        new = (ref.version_id, ref.article_id, ref.clause) if ref else (None, None, None)
        if new != (old_v, old_a, old_c):
            db.session.execute(update(QuestionVersion).where(QuestionVersion.id == vid).values(
                law_version_id=new[0], law_article_id=new[1], basis_clause=new[2]))
            changed += 1
    return changed


def cited_article(version: QuestionVersion) -> tuple[str, list[str], int | None]:
    """(title, 款 texts, cited 款) of the article a question version cites, for pages that
    show the law itself; empty when the citation is not in the library."""
    article = version.law_article
    if article is None:
        return "", [], None
    title = f"《{article.version.law.name}》（{article.version.label}）{article.label}"
    return title, article.clauses, version.basis_clause
