"""`flask import laws`, `flask laws list` and `flask laws check` as INTERFACES.md writes them."""
import json
from datetime import date

from sqlalchemy import func, select

from app.core.actor import CLI
from app.core.audit import AuditEntry
from app.core.imports import RowError
from app.laws import queries, services
from app.laws.models import Article, LawVersion
from tests.laws.conftest import LIBRARY, law_file


def test_the_library_loads_from_the_repository_and_twice_changes_nothing(runner, db):
    first = runner.invoke(args=["import", "laws", str(LIBRARY)])
    assert first.exit_code == 0, first.output
    versions = db.session.scalar(select(func.count()).select_from(LawVersion))
    articles = db.session.scalar(select(func.count()).select_from(Article))
    assert versions >= 4 and f"新增 {versions} 条" in first.output
    second = runner.invoke(args=["import", "laws", str(LIBRARY)])
    assert second.exit_code == 0 and f"未变 {versions} 条" in second.output
    assert db.session.scalar(select(func.count()).select_from(Article)) == articles


def test_list_gives_dates_and_whether_in_force_today(runner, library, monkeypatch):
    from datetime import date

    import app.laws.cli as cli

    monkeypatch.setattr(cli, "today", lambda: date(2026, 12, 6))
    rows = json.loads(runner.invoke(args=["laws", "list", "--format", "json"]).output)
    by_key = {(r["law"], r["version"]): r for r in rows}
    old = by_key[("中华人民共和国反不正当竞争法", "2019")]
    new = by_key[("中华人民共和国反不正当竞争法", "2025")]
    assert set(old) >= {"law", "version", "promulgated", "effective", "repealed",
                        "in_force_today", "questions_citing"}
    assert (old["in_force_today"], new["in_force_today"]) == (False, True)
    assert new["effective"] == "2025-10-15" and old["ends_on"] == "2025-10-15"
    trademark = by_key[("中华人民共和国商标法", "2026")]
    assert trademark["effective"] == "2027-01-01" and trademark["in_force_today"] is False


def test_a_bad_file_is_refused_with_its_line_and_nothing_is_written(runner, db, tmp_path,
                                                                     write_law):
    write_law("good.md", "某法", "2020", "2020-01-01", {1: "甲。"})
    (tmp_path / "bad.md").write_text("---\nlaw: 某法\nversion: '2021'\npromulgated: 2021-01-01\n"
                                     "effective: 2021-01-01\n---\n第一条 甲。\n\n第一条 乙。\n",
                                     encoding="utf-8")
    result = runner.invoke(args=["import", "laws", str(tmp_path)])
    assert result.exit_code == 1
    assert "第9行: 条文: bad.md: 条号应递增" in result.output
    assert db.session.scalar(select(func.count()).select_from(LawVersion)) == 0


def test_check_lists_citations_not_in_force_and_exits_non_zero(runner, library):
    bank = runner.invoke(args=["import", "questions", "question_bank/ip/shangbiao_fa_2026.yaml"])
    assert bank.exit_code == 0, bank.output
    before = runner.invoke(args=["laws", "check", "--on", "2026-12-10", "--format", "json"])
    assert before.exit_code == 1
    rows = json.loads(before.stdout)
    assert rows and {r["version"] for r in rows} == {"2026"}
    assert set(rows[0]) == {"question_id", "stem", "law", "version", "article", "problem"}
    after = runner.invoke(args=["laws", "check", "--on", "2027-01-05", "--format", "json"])
    assert after.exit_code == 0 and json.loads(after.stdout) == []


def test_check_warns_of_stems_that_write_an_article_number(runner, library, make_question):
    make_question(stem="依照本法第六条规定，下列说法正确的是：")
    result = runner.invoke(args=["laws", "check", "--on", "2026-12-10"])
    assert "题干写有条号 第六条" in result.stderr


def _load(write_law, articles: dict[int, str], **meta):
    return services.run_import(write_law("v.md", "某法", "2020", "2020-01-01", articles,
                                         **meta), CLI)


def test_a_file_loaded_again_with_changes_updates_its_version_and_is_audited(db, write_law):
    first = _load(write_law, {1: "甲。", 2: "乙。", 3: "丙。"})
    assert (first.created, first.updated, first.unchanged) == (1, 0, 0)
    # Only the label and the repeal date change: the version is updated and ends then.
    dates = _load(write_law, {1: "甲。", 2: "乙。", 3: "丙。"}, label="2020年修正",
                  repealed="2022-01-01")
    assert (dates.created, dates.updated, dates.unchanged) == (0, 1, 0)
    version = queries.version_by("某法", "2020")
    assert (version.label, version.repealed, version.ends_on) == (
        "2020年修正", date(2022, 1, 1), date(2022, 1, 1))
    # Only the articles change: 第二条 reworded, 第三条 gone, 第四条 new.
    texts = _load(write_law, {1: "甲。", 2: "乙改。", 4: "丁。"}, label="2020年修正",
                  repealed="2022-01-01")
    assert (texts.updated, texts.unchanged) == (1, 0)
    db.session.expire_all()
    assert [(a.number, a.label, a.text) for a in queries.version_by("某法", "2020").articles] \
        == [(1, "第一条", "甲。"), (2, "第二条", "乙改。"), (4, "第四条", "丁。")]
    same = _load(write_law, {1: "甲。", 2: "乙改。", 4: "丁。"}, label="2020年修正",
                 repealed="2022-01-01")
    assert (same.updated, same.unchanged) == (0, 1)
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "law.version.update").order_by(AuditEntry.id)).all()
    assert [(e.actor_name, e.entity_type, e.entity_id, e.entity_label, e.after)
            for e in entries] == [("cli", "law_version", version.id, "某法 2020",
                                   {"articles": 3})] * 2


def test_a_file_not_in_utf8_is_refused_under_its_name(db, tmp_path):
    path = tmp_path / "gbk.md"
    path.write_bytes(law_file("某法", "2020", "2020-01-01", {1: "经营者应当明码标价。"})
                     .encode("gbk"))
    assert services.run_import(path, CLI).errors == [
        RowError(1, "文件", "gbk.md: 文件应为 UTF-8 编码")]
    assert services.run_import(path, CLI, filename="上传.md").errors == [
        RowError(1, "文件", "上传.md: 文件应为 UTF-8 编码")]
    assert db.session.scalar(select(func.count()).select_from(LawVersion)) == 0
