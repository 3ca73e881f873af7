"""The law library: a Law has versions (公布, 施行, 废止 dates), a version has articles.

A question version cites a law version and an article (question_versions.law_version_id,
law_article_id, basis_clause) beside the free text it always had. Adding a version of a
law opens a CitationReview for every question citing the version it replaces.
"""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.laws import numbers


class Law(db.Model):
    __tablename__ = "laws"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    versions: Mapped[list["LawVersion"]] = relationship(
        back_populates="law", order_by="LawVersion.effective", cascade="all, delete-orphan")


class LawVersion(db.Model):
    __tablename__ = "law_versions"
    __table_args__ = (
        UniqueConstraint("law_id", "year"),
        CheckConstraint("repealed IS NULL OR repealed > effective", name="repealed_after_effective"),
        CheckConstraint("ends_on IS NULL OR ends_on > effective", name="ends_after_effective"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    law_id: Mapped[int] = mapped_column(ForeignKey("laws.id", ondelete="CASCADE"), index=True)
    year: Mapped[str] = mapped_column(String(4))          # what citations write: "2019"
    label: Mapped[str] = mapped_column(String(50))         # "2019年修正"
    promulgated: Mapped[date] = mapped_column(Date)
    effective: Mapped[date] = mapped_column(Date)
    repealed: Mapped[date | None] = mapped_column(Date)
    # The first day this text is no longer law: 废止, or the next version's 施行 (derived).
    ends_on: Mapped[date | None] = mapped_column(Date)
    partial: Mapped[bool] = mapped_column(default=False, server_default="0")
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    law: Mapped[Law] = relationship(back_populates="versions")
    articles: Mapped[list["Article"]] = relationship(
        back_populates="version", order_by="Article.number", cascade="all, delete-orphan")

    def in_force_on(self, day: date) -> bool:
        return self.effective <= day and (self.ends_on is None or day < self.ends_on)

    @property
    def title(self) -> str:
        return f"《{self.law.name}》（{self.label}）"


class Article(db.Model):
    __tablename__ = "law_articles"
    __table_args__ = (UniqueConstraint("version_id", "number"),
                      CheckConstraint("number > 0", name="number_positive"))

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("law_versions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    label: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)      # paragraphs separated by a newline

    version: Mapped[LawVersion] = relationship(back_populates="articles")

    @property
    def clauses(self) -> list[str]:
        """The 款 of the article: paragraphs, an enumerated item （一） joined to its 款."""
        out: list[str] = []
        for para in self.text.split("\n"):
            if out and para.startswith("（") and para[1:2] in numbers.DIGITS + "十":
                out[-1] += "\n" + para
            else:
                out.append(para)
        return out


REVIEW_KINDS = {"renumbered": "条文相同、条号变化", "changed": "条文有修改", "deleted": "条文已删除"}
DECISIONS = {"follow": "改引新条文", "edit": "修改题目", "retire": "停用题目"}


class CitationReview(db.Model):
    """A question citing a replaced version, waiting for the legal section's decision."""

    __tablename__ = "law_citation_reviews"
    __table_args__ = (
        CheckConstraint("kind IN ('renumbered', 'changed', 'deleted')", name="kind_known"),
        CheckConstraint("decision IS NULL OR decision IN ('follow', 'edit', 'retire')",
                        name="decision_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"),
                                             index=True)
    old_article_id: Mapped[int] = mapped_column(ForeignKey("law_articles.id"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("law_versions.id", ondelete="CASCADE"))
    proposed_article_id: Mapped[int | None] = mapped_column(ForeignKey("law_articles.id"))
    kind: Mapped[str] = mapped_column(String(12))
    decision: Mapped[str | None] = mapped_column(String(10), index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question = relationship("Question")
    old_article: Mapped[Article] = relationship(foreign_keys=[old_article_id])
    proposed_article: Mapped[Article | None] = relationship(foreign_keys=[proposed_article_id])
    new_version: Mapped[LawVersion] = relationship()

    @property
    def open(self) -> bool:
        return self.decision is None

    @property
    def kind_label(self) -> str:
        return REVIEW_KINDS[self.kind]
