"""Every KIND of import and export in one table, shared by the CLI, the web and the worker.

A domain adds one `Kind` to KINDS: how to build its importer for an actor,
its headers, how to list its rows for export, who may import and export it.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.auth.models import User
from app.certificates import importer as certificate_io
from app.core.imports import Importer, ImportReport, Progress, run_import
from app.core.scoping import Scope, scoped
from app.extensions import db
from app.jobs.models import Job
from app.jobs.progress import ProgressFile
from app.jobs.runner import handler
from app.laws import exporting as law_io
from app.org import importer as unit_io
from app.org.models import Unit
from app.people import importer as officer_io
from app.questions import exporting as question_export
from app.questions import importer as question_io
from app.questions.forms import QuestionImportForm
from app.questions.reading import SUFFIXES as QUESTION_SUFFIXES
from app.specialties import importer as specialty_io
from app.talentpool import importer as talent_io
from app.training import importer as training_io
from app.training.online import importer as online_io


@dataclass(frozen=True)
class Kind:
    name: str
    title: str                                   # the Chinese name on pages and files
    headers: tuple[str, ...]
    importer: Callable[[object], Importer]       # actor -> importer scoped to that actor
    rows: Callable[[Scope], Iterable[list]]      # scope -> export rows in `headers` order
    import_permission: str
    export_permission: str
    # A kind that reads more than the xlsx/csv template runs its own import:
    # run(path, actor, dry_run=, progress=, **options) -> ImportReport.
    run: Callable[..., ImportReport] | None = None
    suffixes: tuple[str, ...] = (".xlsx", ".csv")   # what the web import page accepts
    form: Callable[[], object] | None = None         # the web form, with an options() method
    yaml: Callable[[Path | None], str | None] | None = None  # `flask export KIND --format yaml`


def _officers_importer(actor) -> Importer:
    units = db.session.scalars(scoped(Unit, Scope.of(actor)))
    return officer_io.OfficerImporter({u.code: u for u in units})


KINDS: dict[str, Kind] = {
    "units": Kind("units", "组织机构", unit_io.HEADERS, lambda actor: unit_io.UnitImporter(),
                  lambda scope: unit_io.export_rows(scoped(Unit, scope)),
                  "units.edit", "units.view"),
    "officers": Kind("officers", "人员名册", officer_io.HEADERS, _officers_importer,
                     lambda scope: officer_io.export_rows(scoped(officer_io.Officer, scope)),
                     "roster.edit", "roster.view"),
    # No template Importer: questions read YAML, GIFT and Aiken too, through `run`.
    "questions": Kind("questions", "题库", question_io.HEADERS, lambda actor: None,
                      lambda scope: question_io.export_rows(),
                      "questions.edit", "questions.view", run=question_io.run,
                      suffixes=QUESTION_SUFFIXES, form=QuestionImportForm,
                      yaml=question_export.write_yaml),
    # Law texts are Markdown files with a front matter, not a template (law_library/README.md).
    "laws": Kind("laws", "法条库", law_io.HEADERS, lambda actor: None, law_io.export_rows,
                 "laws.edit", "laws.view", run=law_io.run, suffixes=(".md", ".txt")),
    "talent": Kind("talent", "执法人才库", talent_io.HEADERS, talent_io.TalentImporter,
                   talent_io.export_rows, "talent.import", "talent.import"),
    "training": Kind("training", "培训记录", training_io.HEADERS,
                     lambda actor: training_io.TrainingImporter(Scope.of(actor)),
                     training_io.export_rows, "training.edit", "training.view"),
    "online-hours": Kind("online-hours", "网络学习学时", online_io.HEADERS,
                         lambda actor: online_io.OnlineHoursImporter(Scope.of(actor)),
                         online_io.export_rows, "training.edit", "training.view"),
    "specialties": Kind("specialties", "专业类别", specialty_io.HEADERS,
                        lambda actor: specialty_io.SpecialtyImporter(), specialty_io.export_rows,
                        "specialties.edit", "specialties.view"),
    "certificates": Kind("certificates", "执法证", certificate_io.HEADERS,
                         lambda actor: certificate_io.CertificateImporter(Scope.of(actor)),
                         certificate_io.export_rows, "certificates.import", "certificates.export"),
}


def kind(name: str) -> Kind:
    return KINDS[name]


def import_file(name: str, path: Path, actor, *, dry_run: bool = False,
                progress: Progress | None = None, options: dict | None = None) -> ImportReport:
    """Run one import and commit it, or roll it all back (bad rows, or a dry run)."""
    kind = KINDS[name]
    if kind.run is not None:
        report = kind.run(path, actor, dry_run=dry_run, progress=progress, **(options or {}))
    else:
        report = run_import(kind.importer(actor), path, actor, dry_run=dry_run,
                            progress=progress)
    if report.ok and not dry_run:
        db.session.commit()
    else:
        db.session.rollback()
    return report


@handler("import")
def import_job(job: Job) -> dict:
    actor = db.session.get(User, job.owner_id)
    path, dry_run = Path(job.params["path"]), job.params.get("dry_run", False)
    try:
        report = import_file(job.params["kind"], path, actor, dry_run=dry_run,
                             progress=ProgressFile(job.id), options=job.params.get("options"))
    finally:
        if not dry_run:
            # The uploaded file holds whole 身份证号: keep it no longer than its import.
            path.unlink(missing_ok=True)
    return report.as_dict() | {"summary": report.summary() if report.ok else ""}


def user_by_username(name: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == name))
