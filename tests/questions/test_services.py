"""Changing the bank: versions, the key, retire instead of delete once used, the audit log."""
import pytest
from sqlalchemy import select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.questions import services
from app.questions.formats import ParsedQuestion
from app.questions.models import Question, QuestionVersion
from app.specialties.models import find


def content(stem="违法行为在几年内未被发现的，不再给予行政处罚？", **fields) -> ParsedQuestion:
    fields.setdefault("type", "single")
    fields.setdefault("options", {"A": "一年", "B": "二年", "C": "三年", "D": "五年"})
    fields.setdefault("answer", "B")
    return ParsedQuestion(stem=stem, **fields)


def test_revision_adds_a_version_and_keeps_the_old_one(db, make_question):
    question = make_question(difficulty=2, tags=["时效"])
    first = question.current
    changed = services.revise_question(CLI, question, find("basic"),
                                       content(difficulty=3, tags=["时效", "追责"]))
    db.session.commit()
    assert changed is True
    assert question.current_number == 2
    assert [v.number for v in question.versions] == [1, 2]
    assert (first.difficulty, first.tag_names) == (2, ["时效"])
    assert (question.current.difficulty, question.current.tag_names) == (3, ["时效", "追责"])


def test_unchanged_content_adds_no_version_and_no_audit(db, make_question):
    question = make_question(tags=["甲", "乙"])
    before = db.session.scalars(select(AuditEntry)).all()
    assert services.revise_question(CLI, question, find("basic"),
                                    content(tags=["乙", "甲"])) is False
    assert question.current_number == 1
    assert db.session.scalars(select(AuditEntry)).all() == before


def test_moving_to_another_category_keeps_the_version(db, make_question):
    question = make_question()
    assert services.revise_question(CLI, question, find("food"), content()) is True
    assert (question.specialty.code, question.current_number) == ("food", 1)


def test_duplicate_of_an_existing_question_is_refused(db, make_question):
    make_question()
    with pytest.raises(services.QuestionError) as error:
        services.create_question(CLI, find("basic"), content(answer="A"))
    assert error.value.problems == [("题干", "该专业类别下已有题型、题干都相同的题目")]


def test_revision_onto_another_questions_key_is_refused(db, make_question):
    make_question("甲？")
    other = make_question("乙？")
    with pytest.raises(services.QuestionError):
        services.revise_question(CLI, other, find("basic"), content("甲？"))


def test_invalid_content_is_refused_with_columns(db):
    with pytest.raises(services.QuestionError) as error:
        services.create_question(CLI, find("basic"), content(answer="AB"))
    assert error.value.problems == [("答案", "单选题答案应为一个选项字母，如 B（现为 AB）")]


def test_a_used_question_is_retired_not_deleted(db, make_question):
    question = make_question()
    services.mark_used([question.current.id])
    db.session.commit()
    db.session.refresh(question)
    assert question.use_count == 1
    with pytest.raises(services.QuestionError, match="只能停用"):
        services.delete_question(CLI, question)
    services.retire_question(CLI, question)
    assert question.status == "retired"
    services.restore_question(CLI, question)
    assert question.status == "active"


def test_an_unused_question_is_deleted_with_its_versions(db, make_question):
    question = make_question()
    services.revise_question(CLI, question, find("basic"), content(answer="A"))
    services.delete_question(CLI, question)
    db.session.commit()
    assert db.session.scalars(select(Question)).all() == []
    assert db.session.scalars(select(QuestionVersion)).all() == []


def test_every_change_is_audited(db, make_question):
    question = make_question()
    services.revise_question(CLI, question, find("basic"), content(answer="A"))
    services.retire_question(CLI, question)
    services.retire_question(CLI, question)  # already retired: nothing to record
    services.restore_question(CLI, question)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["question.create", "question.revise",
                                           "question.retire", "question.restore"]
    revise = entries[1]
    assert (revise.before["answer"], revise.after["answer"], revise.after["version"]) == (
        "B", "A", 2)
    assert revise.actor_name == "cli"


def test_the_database_refuses_a_bad_type_or_difficulty(db, make_question):
    question = make_question()
    db.session.add(QuestionVersion(question=question, number=2, type="essay", stem="x",
                                   answer="x", search_text=""))
    with pytest.raises(Exception, match="(?i)check"):
        db.session.flush()
    db.session.rollback()
