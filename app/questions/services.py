"""Changes to the bank: add, revise (a new version), retire, restore, delete, mark used.

Every function takes an explicit actor, adds and flushes, audits, and never
commits: the request, command or job does.
"""
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy import select, update

from app.core import audit
from app.extensions import db
from app.questions.formats import ParsedQuestion, problems
from app.questions.models import Question, QuestionVersion, Tag, question_key, version_values
from app.specialties.models import Specialty


class QuestionError(ValueError):
    """A change the bank refuses; `problems` pairs each reason (Chinese) with its column."""

    def __init__(self, found: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _column, message in found))
        self.problems = found


def question_by_key(specialty: Specialty, content: ParsedQuestion) -> Question | None:
    return db.session.scalar(select(Question).where(
        Question.specialty_id == specialty.id,
        Question.key_hash == question_key(content.type, content.stem)))


def create_question(actor, specialty: Specialty, content: ParsedQuestion) -> Question:
    """A new question with its first version; refuses an invalid one or a duplicate key."""
    _check(content)
    if question_by_key(specialty, content) is not None:
        raise QuestionError([("题干", "该专业类别下已有题型、题干都相同的题目")])
    question = Question(specialty=specialty, key_hash=question_key(content.type, content.stem), current_number=1)
    db.session.add(question)
    _add_version(actor, question, 1, content)
    db.session.flush()
    _link(question)
    audit.record(actor, "question.create", "question", question.id,
                 label=content.stem[:100], after=snapshot(question))
    return question


def revise_question(actor, question: Question, specialty: Specialty,
                    content: ParsedQuestion) -> bool:
    """Save changed content as a new version; False (and nothing written) when unchanged."""
    _check(content)
    other = question_by_key(specialty, content)
    if other is not None and other.id != question.id:
        raise QuestionError([("题干", "该专业类别下已有题型、题干都相同的题目")])
    before = snapshot(question)
    if question.specialty_id == specialty.id and same_content(question.current, content):
        return False
    if not same_content(question.current, content):
        number = question.current_number + 1
        _add_version(actor, question, number, content)
        question.current_number = number
    question.specialty, question.key_hash = specialty, question_key(content.type,
                                                                       content.stem)
    db.session.flush()
    db.session.expire(question, ["current"])
    _link(question)
    audit.record(actor, "question.revise", "question", question.id, label=content.stem[:100],
                 before=before, after=snapshot(question))
    return True


def retire_question(actor, question: Question) -> None:
    _set_status(actor, question, "retired", "question.retire")


def restore_question(actor, question: Question) -> None:
    _set_status(actor, question, "active", "question.restore")


def delete_question(actor, question: Question) -> None:
    """Delete a question no exam used; a used one can only be retired."""
    if question.used:
        raise QuestionError([("", "题目已被考试使用，只能停用，不能删除")])
    before = snapshot(question)
    audit.record(actor, "question.delete", "question", question.id,
                 label=question.current.stem[:100], before=before)
    db.session.delete(question)
    db.session.flush()


def mark_used(version_ids: Iterable[int]) -> None:
    """Count one more use of each question whose version an exam paper took (issue 5 calls it)."""
    ids = select(QuestionVersion.question_id).where(QuestionVersion.id.in_(list(version_ids)))
    db.session.execute(update(Question).where(Question.id.in_(ids))
                       .values(use_count=Question.use_count + 1))


def tags_named(names: Iterable[str]) -> list[Tag]:
    """The Tag rows for these names, created when new, in the order given."""
    names = list(dict.fromkeys(n.strip()[:50] for n in names if n.strip()))
    found = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    for name in names:
        if name not in found:
            found[name] = Tag(name=name)
            db.session.add(found[name])
    return [found[name] for name in names]


def same_content(version: QuestionVersion, content: ParsedQuestion) -> bool:
    """Equal content, the category aside and knowledge points in any order."""
    return _comparable(version.parsed()) == _comparable(content)


def snapshot(question: Question) -> dict:
    current = question.current
    return {"specialty": question.specialty.code, "status": question.status,
            "version": question.current_number, "type": current.type,
            "stem": current.stem, "answer": current.answer, "difficulty": current.difficulty}


def _comparable(content: ParsedQuestion) -> ParsedQuestion:
    return replace(content, category=None, tags=sorted(set(content.tags)))


def _check(content: ParsedQuestion) -> None:
    found = problems(content)
    if found:
        raise QuestionError(found)


def _add_version(actor, question: Question, number: int, content: ParsedQuestion) -> None:
    version = QuestionVersion(question=question, number=number,
                              created_by_id=getattr(actor, "id", None),
                              **version_values(content))
    db.session.add(version)
    version.tags = tags_named(content.tags)


def _link(question: Question) -> None:
    """The new version's citation as a reference into the law library."""
    from app.laws.citations import link_all

    link_all([v.id for v in question.versions])
    db.session.expire(question, ["current"])


def _set_status(actor, question: Question, status: str, action: str) -> None:
    if question.status == status:
        return
    before = snapshot(question)
    question.status = status
    db.session.flush()
    audit.record(actor, action, "question", question.id, label=question.current.stem[:100],
                 before=before, after=snapshot(question))
