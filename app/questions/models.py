"""Questions and their versions: an exam keeps the version it drew; a used question is retired.

A Question is the identity of a question in the bank: its category, the key
(题干 + 题型 within a 专业类别, held as a hash), whether it is active and how
often exams used it. Its content lives in immutable QuestionVersion rows;
editing adds a version and moves `current_number`.
"""
import hashlib
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import utcnow
from app.extensions import db
from app.questions.formats import TYPE_LABELS, TYPES, ParsedQuestion
from app.specialties.models import Specialty

STATUSES = {"active": "在用", "retired": "已停用"}

version_tags = Table(
    "question_version_tags", db.metadata,
    Column("version_id", ForeignKey("question_versions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("tag_id", ForeignKey("question_tags.id"), primary_key=True, index=True),
)


def question_key(qtype: str, stem: str) -> str:
    """The stored key of a question within its category: SHA-256 of its type and stem, so
    that long stems index on every database. The same stem may be a 单选 and a 填空."""
    return hashlib.sha256(f"{qtype}\n{stem.strip()}".encode()).hexdigest()


class Tag(db.Model):
    """A knowledge point (知识点)."""

    __tablename__ = "question_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("specialty_id", "key_hash"),
        CheckConstraint("status IN ('active', 'retired')", name="status_known"),
        CheckConstraint("use_count >= 0", name="use_count_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    specialty_id: Mapped[int] = mapped_column(ForeignKey("specialties.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    current_number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active",
                                        index=True)
    use_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    specialty: Mapped[Specialty] = relationship()
    versions: Mapped[list["QuestionVersion"]] = relationship(
        back_populates="question", order_by="QuestionVersion.number",
        cascade="all, delete-orphan", passive_deletes=True)
    current: Mapped["QuestionVersion"] = relationship(
        primaryjoin="and_(Question.id == foreign(QuestionVersion.question_id), "
                    "Question.current_number == foreign(QuestionVersion.number))",
        viewonly=True, uselist=False)

    @property
    def used(self) -> bool:
        return self.use_count > 0

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]

    def __repr__(self) -> str:
        return f"<Question {self.id} v{self.current_number}>"


class QuestionVersion(db.Model):
    """One version of a question's content; never changed once written."""

    __tablename__ = "question_versions"
    __table_args__ = (
        UniqueConstraint("question_id", "number"),
        CheckConstraint("type IN (" + ", ".join(f"'{t}'" for t in TYPES) + ")",
                        name="type_known"),
        CheckConstraint("difficulty IS NULL OR (difficulty BETWEEN 1 AND 5)",
                        name="difficulty_range"),
        CheckConstraint("stem <> ''", name="stem_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    type: Mapped[str] = mapped_column(String(10), index=True)
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    answer: Mapped[str] = mapped_column(Text)
    difficulty: Mapped[int | None] = mapped_column(index=True)
    basis_law: Mapped[str | None] = mapped_column(String(200), index=True)
    basis_version: Mapped[str | None] = mapped_column(String(4))
    basis_article: Mapped[str | None] = mapped_column(String(100))
    # The citation as a reference into the law library (app.laws), set when it resolves.
    law_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("law_versions.id", ondelete="SET NULL"), index=True)
    law_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("law_articles.id", ondelete="SET NULL"), index=True)
    basis_clause: Mapped[int | None]
    explanation: Mapped[str | None] = mapped_column(Text)
    scoring_points: Mapped[list] = mapped_column(JSON, default=list)
    name: Mapped[str | None] = mapped_column(String(200))
    # Lower-cased stem, options, explanation and legal basis: what the search box looks in.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    question: Mapped[Question] = relationship(back_populates="versions")
    tags: Mapped[list[Tag]] = relationship(secondary=version_tags, order_by=Tag.id)
    law_article = relationship("Article")

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]

    @property
    def tag_names(self) -> list[str]:
        return [t.name for t in self.tags]

    def parsed(self, category: str | None = None) -> ParsedQuestion:
        """The content as the file formats hold it (for comparing and exporting)."""
        return ParsedQuestion(
            type=self.type, stem=self.stem, options=dict(self.options or {}),
            answer=self.answer, category=category, difficulty=self.difficulty,
            basis_law=self.basis_law, basis_version=self.basis_version,
            basis_article=self.basis_article, explanation=self.explanation,
            tags=self.tag_names, scoring_points=list(self.scoring_points or []),
            name=self.name)


def version_values(q: ParsedQuestion) -> dict:
    """The columns of a version holding `q` (without question, number and author)."""
    return {
        "type": q.type, "stem": q.stem, "options": dict(q.options), "answer": q.answer,
        "difficulty": q.difficulty, "basis_law": q.basis_law,
        "basis_version": q.basis_version, "basis_article": q.basis_article,
        "explanation": q.explanation, "scoring_points": list(q.scoring_points),
        "name": q.name, "search_text": search_text(q),
    }


def search_text(q: ParsedQuestion) -> str:
    parts = [q.stem, *q.options.values(), q.answer if q.type in ("fill", "short") else "",
             q.explanation or "", q.basis_law or "", q.basis_article or ""]
    return "\n".join(p for p in parts if p).lower()
