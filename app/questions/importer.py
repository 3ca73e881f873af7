"""`flask import questions` and the web import: any question format, all or nothing, idempotent.

The file is read (app.questions.reading), each question's category looked up
and its key (题干 + 专业类别) checked against the rest of the file; only when
nothing is wrong are the questions written, in chunks: new keys become new
questions, changed ones a new version, the others are counted unchanged.
"""
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import selectinload

from app.core import audit
from app.core.imports import ImportReport, Progress, RowError
from app.core.models import utcnow
from app.extensions import db
from app.laws import citations
from app.questions import services
from app.questions.formats import TYPE_LABELS, ParsedQuestion, rows_for_template
from app.questions.formats.answers import snippet
from app.questions.formats.rows import HEADERS
from app.questions.models import (
    Question,
    QuestionVersion,
    question_key,
    version_tags,
    version_values,
)
from app.questions.reading import Reading, read
from app.specialties.models import Specialty

CHUNK = 1000
PREVIEW_LIMIT = 500
ACTIONS = {"create": "新增", "update": "更新", "same": "未变"}


@dataclass
class QuestionImportReport(ImportReport):
    """The foundation's report plus the skipped questions and a list of what each row does."""

    skipped: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    def summary(self) -> str:
        text = super().summary()
        if self.merged:
            text += f", 文件内重复出现的相同题目合并 {len(self.merged)} 道"
        return text + (f", 跳过 {len(self.skipped)} 道不支持的题目" if self.skipped else "")

    def notes(self) -> list[str]:
        """One line per skipped or merged question, for the command line and the web page."""
        return super().notes() + [f"已跳过 {line}" for line in self.skipped] + \
            [f"已合并 {line}" for line in self.merged]

    def as_dict(self) -> dict:
        return super().as_dict() | {"skipped": self.skipped, "merged": self.merged,
                                    "notes": self.notes(), "preview": self.preview}


@dataclass
class _Item:
    """One question of the file, with its category resolved."""

    question: ParsedQuestion
    specialty: Specialty

    @property
    def key(self) -> tuple[int, str]:
        return self.specialty.id, question_key(self.question.type, self.question.stem)


def run(path: Path, actor, *, dry_run: bool = False, progress: Progress | None = None,
        category: str | None = None, skip_unsupported: bool = False,
        format: str | None = None,  # noqa: A002 - the CLI option's name
        filename: str | None = None) -> QuestionImportReport:
    """Read, check and (when every question is good) write; the caller commits or rolls back.

    `filename`: the uploaded file's own name, for error messages (the stored one is random).
    """
    progress = progress or (lambda done, total: None)
    reading = read(path, fmt=format, category=category, skip_unsupported=skip_unsupported,
                   filename=filename)
    skipped = [f"第{line}行: {reason}" for line, reason in reading.result.skipped]
    items, errors, merged = check(reading)
    report = QuestionImportReport(skipped=skipped, merged=merged, dry_run=dry_run)
    if not errors and not items:
        errors = [RowError(1, "文件", "文件中没有题目")]
    if errors:
        report.errors = errors
        return report
    write(items, reading, actor, report, lambda done: progress(done, len(items)))
    citations.link_all()
    return report


def check(reading: Reading) -> tuple[list[_Item], list[RowError], list[str]]:
    """Each question's category found and its key (题干 + 题型 + 专业类别) once in the file.

    Returns the questions to write, every problem, and the repeats merged: a question
    repeated word for word (Moodle's own examples do) is written once; a repeated key
    with other content is an error at its second place.
    """
    errors = [RowError(e.line, e.column, e.message) for e in reading.result.errors]
    specialties, library = _specialties(), citations.Library()
    basis_column = "article" if reading.format == "yaml" else "法律依据"
    items, seen, merged = [], {}, []
    for q in reading.result.questions:
        specialty, problem = _specialty(specialties, q.category)
        if problem:
            errors.append(_error(q, reading.category_column, problem))
            continue
        _ref, problem = library.resolve(q.basis_law, q.basis_version, q.basis_article)
        if problem:
            errors.append(_error(q, basis_column, problem))
            continue
        item = _Item(q, specialty)
        first = seen.get(item.key)
        if first is None:
            seen[item.key] = q
            items.append(item)
        elif replace(first, name=None) == replace(q, name=None):
            merged.append(f"{_where(q)}: 与{_where(first)}的题目相同（{snippet(q.stem)}）")
        else:
            errors.append(_error(q, "题干", f"与{_where(first)}重复（同一专业类别下题型、"
                                            f"题干相同而内容不同: {snippet(q.stem)}）"))
    if reading.format != "yaml":
        errors.sort(key=lambda e: e.row)
    return items, errors, merged


def _specialties() -> dict[str, Specialty]:
    found = {}
    for s in db.session.scalars(select(Specialty)):
        found[s.code], found[s.name] = s, s
    return found


def _specialty(specialties: dict[str, Specialty],
               name: str | None) -> tuple[Specialty | None, str | None]:
    if not name:
        return None, "缺少专业类别（GIFT、Aiken 文件请指定专业类别）"
    specialty = specialties.get(name.strip())
    if specialty is None:
        return None, f"专业类别不存在: {name}"
    if not specialty.active:
        return None, f"专业类别已停用: {name}"
    return specialty, None


def _error(q: ParsedQuestion, column: str, message: str) -> RowError:
    prefix = f"{q.source}: " if q.source else ""
    return RowError(q.source_line, column, prefix + message)


def _where(q: ParsedQuestion) -> str:
    return f"{q.source} 第{q.source_line}行" if q.source else f"第{q.source_line}行"


# ---- writing -----------------------------------------------------------------------------------

def write(items: list[_Item], reading: Reading, actor, report: QuestionImportReport,
          step: Callable[[int], None]) -> None:
    for start in range(0, len(items), CHUNK):
        _write_chunk(items[start:start + CHUNK], reading, actor, report)
        step(min(start + CHUNK, len(items)))


def _write_chunk(chunk: list[_Item], reading: Reading, actor,
                 report: QuestionImportReport) -> None:
    existing = _existing([item.key for item in chunk])
    new = []
    for item in chunk:
        question = existing.get(item.key)
        if question is None:
            new.append(item)
            _note(report, "create", item)
            continue
        content = _with_kept_fields(item.question, question.current,
                                    reading.carries - item.question.blank)
        if services.same_content(question.current, content):
            report.unchanged += 1
            _note(report, "same", item)
        else:
            services.revise_question(actor, question, item.specialty, content)
            report.updated += 1
            _note(report, "update", item)
    _create(new, actor)
    report.created += len(new)
    db.session.flush()


def _existing(keys: list[tuple[int, str]]) -> dict[tuple[int, str], Question]:
    stmt = (select(Question)
            .where(tuple_(Question.specialty_id, Question.key_hash).in_(keys))
            .options(selectinload(Question.current).selectinload(QuestionVersion.tags),
                     selectinload(Question.specialty)))
    return {(q.specialty_id, q.key_hash): q for q in db.session.scalars(stmt)}


def _with_kept_fields(q: ParsedQuestion, current: QuestionVersion,
                      carries: frozenset[str]) -> ParsedQuestion:
    """`q` with the stored value of every field its format cannot carry."""
    kept = {}
    if "difficulty" not in carries:
        kept["difficulty"] = current.difficulty
    if "basis" not in carries:
        kept |= {"basis_law": current.basis_law, "basis_version": current.basis_version,
                 "basis_article": current.basis_article}
    for name in ("explanation", "scoring_points", "name"):
        if name not in carries:
            kept[name] = getattr(current, name)
    if "tags" not in carries:
        kept["tags"] = current.tag_names
    return replace(q, **kept)


def _note(report: QuestionImportReport, action: str, item: _Item) -> None:
    if len(report.preview) < PREVIEW_LIMIT:
        q = item.question
        report.preview.append({
            "action": ACTIONS[action], "where": _where(q), "type": TYPE_LABELS[q.type],
            "category": item.specialty.name, "stem": snippet(q.stem, 60)})


def _create(items: list[_Item], actor) -> None:
    """Insert new questions and their first versions in bulk (executemany, no RETURNING:
    SQLite would fall back to one statement a row), then read their ids back by key."""
    if not items:
        return
    now, actor_id = utcnow(), getattr(actor, "id", None)
    db.session.execute(insert(Question), [
        {"specialty_id": item.specialty.id, "key_hash": item.key[1], "current_number": 1,
         "status": "active", "use_count": 0, "created_at": now, "updated_at": now}
        for item in items])
    question_ids = _ids_by_key([item.key for item in items])
    db.session.execute(insert(QuestionVersion), [
        {"question_id": question_ids[item.key], "number": 1, "created_at": now,
         "created_by_id": actor_id, **version_values(item.question)} for item in items])
    version_ids = dict(db.session.execute(
        select(QuestionVersion.question_id, QuestionVersion.id)
        .where(QuestionVersion.question_id.in_(list(question_ids.values())))).all())
    _tag([version_ids[question_ids[item.key]] for item in items],
         [item.question.tags for item in items])
    audit.record_many([
        audit.entry(actor, "question.import", "question", question_ids[item.key],
                    label=item.question.stem[:100],
                    after={"specialty": item.specialty.code, "type": item.question.type,
                           "version": 1})
        for item in items])


def _ids_by_key(keys: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
    stmt = (select(Question.specialty_id, Question.key_hash, Question.id)
            .where(tuple_(Question.specialty_id, Question.key_hash).in_(keys)))
    return {(sid, key): qid for sid, key, qid in db.session.execute(stmt)}


def _tag(version_ids: list[int], names: list[list[str]]) -> None:
    tags = services.tags_named(n for group in names for n in group)
    db.session.flush()
    ids = {t.name: t.id for t in tags}
    rows = [{"version_id": vid, "tag_id": ids[name.strip()[:50]]}
            for vid, group in zip(version_ids, names, strict=True)
            for name in dict.fromkeys(n for n in group if n.strip())]
    if rows:
        db.session.execute(insert(version_tags), rows)


# ---- exporting ---------------------------------------------------------------------------------

def export_questions(stmt=None, *, category_as: str = "name") -> Iterator[ParsedQuestion]:
    """The current version of each question (of `stmt`, a select of Question) as parsed records."""
    stmt = stmt if stmt is not None else select(Question)
    stmt = stmt.options(selectinload(Question.current).selectinload(QuestionVersion.tags),
                        selectinload(Question.specialty)).order_by(Question.id)
    for question in db.session.scalars(stmt.execution_options(yield_per=1000)):
        yield question.current.parsed(getattr(question.specialty, category_as))


def export_rows(stmt=None) -> Iterable[list]:
    """Rows in the template's headers, so that the export re-imports unchanged."""
    for row in rows_for_template(export_questions(stmt)):
        yield [row[h] for h in HEADERS]
