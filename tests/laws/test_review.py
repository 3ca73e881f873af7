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
    with pytest.raises(services.LawError, match="^新版本没有第九条$"):
        services.decide(CLI, review, "follow", 9)
    with pytest.raises(services.LawError, match="^请填写新版本中对应的条号$"):
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


REGULATION = "某某条例"
BEFORE = {1: "为了规范价格行为，制定本条例。",
          2: "经营者应当明码标价。\n经营者不得在标价之外加价出售商品。"}
AFTER = {1: "为了规范价格行为，制定本条例。",
         2: "网络交易经营者应当公示收费标准。",
         3: "经营者应当明码标价。\n经营者不得在标价之外加价出售商品。"}


def _question(stem: str, article: str):
    from app.questions import services as bank_services
    from app.questions.formats import ParsedQuestion

    return bank_services.create_question(CLI, find("basic"), ParsedQuestion(
        type="truefalse", stem=stem, answer="正确", basis_law=REGULATION,
        basis_version="2020", basis_article=article))


def _entry(action: str, question_id: int) -> AuditEntry:
    return _db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == action, AuditEntry.entity_type == "question",
        AuditEntry.entity_id == question_id))


def test_the_legal_sections_decisions_keep_the_clause_and_say_who_decided_what(
        db, write_law, make_user, make_unit):
    """A question follows its 款 into the new article when the new article has that 款; the
    review, the new question version and the audit name the person who decided."""
    legal = make_user("legal", make_unit("36"))
    assert services.run_import(write_law("old.md", REGULATION, "2020", "2020-01-01",
                                         BEFORE), CLI).ok
    unchanged = _question("价格条例的立法目的。", "第一条")
    follow = _question("经营者不得在标价之外加价出售商品。", "第二条第二款")
    edit = _question("经营者不得加价出售商品。", "第二条第二款")
    retire = _question("经营者应当明码标价。", "第二条第一款")
    _db.session.commit()
    assert services.run_import(write_law("new.md", REGULATION, "2030", "2030-01-01", AFTER),
                               legal).ok
    created = _db.session.scalar(select(AuditEntry).where(
        AuditEntry.action == "law.version.create", AuditEntry.entity_label == "某某条例 2030"))
    assert (created.actor_id, created.entity_type, created.entity_id, created.after) == (
        legal.id, "law_version", queries.version_by(REGULATION, "2030").id,
        {"articles": 3, "effective": "2030-01-01"})
    # 第一条 is unchanged: the question follows at once, in the loader's name.
    assert unchanged.current.basis_article == "第一条"
    assert unchanged.current.basis_version == "2030"
    assert unchanged.current.created_by_id == legal.id
    entry = _entry("law.review.unchanged", unchanged.id)
    assert (entry.actor_id, entry.entity_label, entry.after) == (
        legal.id, "价格条例的立法目的。", {"version": "2030", "article": "第一条"})
    reviews = {r.question_id: r for r in queries.open_reviews()}
    assert {r.kind for r in reviews.values()} == {"renumbered"}

    services.decide(legal, reviews[follow.id], "follow")       # to 第三条, which has two 款
    services.decide(legal, reviews[edit.id], "edit", 2)         # to 第二条, which has one
    services.decide(legal, reviews[retire.id], "retire")
    assert (follow.current.basis_article, follow.current.basis_clause) == ("第三条第二款", 2)
    assert follow.current.law_article.number == 3
    assert edit.current.basis_article == "第二条" and edit.current.law_article.number == 2
    assert not retire.active
    assert {r.decided_by_id for r in reviews.values()} == {legal.id}
    assert {follow.current.created_by_id, edit.current.created_by_id} == {legal.id}
    entry = _entry("law.review.follow", follow.id)
    assert (entry.actor_id, entry.entity_label, entry.before, entry.after) == (
        legal.id, "经营者不得在标价之外加价出售商品。",
        {"article": "第二条", "version": "2020"},
        {"kind": "renumbered", "decision": "follow", "version": "2030",
         "article": "第三条第二款"})
    assert _entry("law.review.edit", edit.id).after["article"] == "第二条"
    for action, question in (("question.revise", follow), ("question.revise", edit),
                             ("question.retire", retire), ("law.review.retire", retire)):
        assert _entry(action, question.id).actor_id == legal.id, action


def test_questions_imported_before_their_law_are_reviewed_when_old_and_new_load_together(
        db, tmp_path):
    """Questions citing a law the library did not hold yet; then one upload holds its old
    and its new version (the new one first by name): the questions are linked to the old
    version, and the new one flags them as if loaded one after the other."""
    from app.questions import services as bank_services
    from app.questions.formats import ParsedQuestion
    from tests.laws.conftest import OLD, law_file

    questions = {n: bank_services.create_question(CLI, find("basic"), ParsedQuestion(
        type="truefalse", stem=f"关于第{n}条的判断题。", answer="正确", basis_law=LAW,
        basis_version="2020", basis_article=f"第{'一二三四'[n - 1]}条")) for n in (1, 2, 3, 4)}
    assert all(q.current.law_article is None for q in questions.values())
    (tmp_path / "a_2030.md").write_text(law_file(LAW, "2030", "2030-01-01", NEW), "utf-8")
    (tmp_path / "b_2020.md").write_text(law_file(LAW, "2020", "2020-01-01", OLD), "utf-8")
    steps = []
    report = services.run_import(tmp_path, CLI, progress=lambda i, n: steps.append((i, n)))
    assert (report.created, steps) == (2, [(1, 2), (2, 2)])
    kinds = {r.question_id: (r.kind, r.new_version.year) for r in queries.open_reviews()}
    assert kinds == {questions[2].id: ("renumbered", "2030"), questions[3].id: ("changed", "2030"),
                     questions[4].id: ("deleted", "2030")}
    _db.session.expire_all()
    assert questions[1].current.law_article.version.year == "2030"    # unchanged: followed
    assert questions[2].current.law_article.version.year == "2020"


def test_an_import_lists_every_file_of_a_version_already_seen_or_unreadable(
        db, tmp_path, write_law):
    from app.core.imports import RowError
    from app.laws.models import LawVersion

    write_law("a.md", LAW, "2020", "2020-01-01", {1: "甲。"})
    write_law("b.md", LAW, "2020", "2020-06-01", {1: "乙。"})
    write_law("c.md", LAW, "2020", "2020-09-01", {1: "丙。"})
    (tmp_path / "d.md").write_bytes("第一条 甲。".encode("gbk"))
    (tmp_path / "e.md").write_bytes("第一条 乙。".encode("gbk"))
    report = services.run_import(tmp_path, CLI)
    assert report.errors == [RowError(1, "version", "b.md: 与 a.md 是同一法律的同一版本"),
                             RowError(1, "version", "c.md: 与 a.md 是同一法律的同一版本"),
                             RowError(1, "文件", "d.md: 文件应为 UTF-8 编码"),
                             RowError(1, "文件", "e.md: 文件应为 UTF-8 编码")]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert services.run_import(empty, CLI).errors == [
        RowError(1, "文件", "没有找到法条文件（.md 或 .txt）")]
    assert _db.session.scalar(select(LawVersion.id)) is None


def test_only_active_questions_whose_current_text_cites_the_replaced_version_are_flagged(
        cited, write_law, db):
    from app.questions import services as bank_services
    from app.questions.formats import ParsedQuestion

    def revise(question, **changes):
        content = question.current.parsed()
        for key, value in changes.items():
            setattr(content, key, value)
        bank_services.revise_question(CLI, question, find("basic"), content)

    revise(cited[2], stem="关于第二条的判断题（修订）。")          # two texts, both citing 2020
    revise(cited[3], basis_law=None, basis_version=None, basis_article=None)   # cites nothing now
    bank_services.retire_question(CLI, cited[4])
    also_fourth = bank_services.create_question(CLI, find("basic"), ParsedQuestion(
        type="truefalse", stem="又一道关于第四条的判断题。", answer="正确", basis_law=LAW,
        basis_version="2020", basis_article="第四条"))
    assert services.run_import(write_law("other.md", "某法", "2020", "2020-01-01",
                                         {1: "经营者应当明码标价。"}), CLI).ok
    other_law = bank_services.create_question(CLI, find("basic"), ParsedQuestion(
        type="truefalse", stem="某法的判断题。", answer="正确", basis_law="某法",
        basis_version="2020", basis_article="第一条"))
    _add_new_version(write_law)
    # The reviews of one new version are opened in no particular order (PostgreSQL's plan).
    assert sorted((r.question_id, r.kind) for r in queries.open_reviews()) == [
        (cited[2].id, "renumbered"), (also_fourth.id, "deleted")]
    assert other_law.current.law_article.version.year == "2020"
    # Called again, it opens the same reviews once more and says how many it opened.
    assert services.flag_citing(CLI, queries.version_by(LAW, "2030")) == 2
    assert services.flag_citing(CLI, queries.version_by(LAW, "2020")) == 0   # replaces none
    assert queries.open_review_count() == 4


def test_a_dry_run_report_says_nothing_was_written(db, write_law):
    path = write_law("v.md", LAW, "2020", "2020-01-01", {1: "甲。"})
    assert services.run_import(path, CLI, dry_run=True).summary().startswith("试运行（未写入）")
    assert services.run_import(path, CLI).summary().startswith("导入完成")
