"""`flask import laws` / `flask export laws`: the law library as files and rows."""
from collections.abc import Iterable

from sqlalchemy import select

from app.extensions import db
from app.laws import services
from app.laws.models import Article, Law, LawVersion

HEADERS = ("法律", "版本", "公布日期", "施行日期", "废止日期", "条号", "条文")


def run(path, actor, *, dry_run: bool = False, progress=None, filename: str | None = None,
        **_options):
    return services.run_import(path, actor, dry_run=dry_run, progress=progress,
                               filename=filename)


def export_rows(_scope=None) -> Iterable[list]:
    stmt = (select(Law.name, LawVersion.year, LawVersion.promulgated, LawVersion.effective,
                   LawVersion.repealed, Article.label, Article.text)
            .join(LawVersion, LawVersion.law_id == Law.id)
            .join(Article, Article.version_id == LawVersion.id)
            .order_by(Law.name, LawVersion.effective, Article.number))
    for row in db.session.execute(stmt):
        yield list(row)
