"""One page of a query's rows, with the count a pager needs."""
from dataclasses import dataclass

from sqlalchemy import Select, func, select

from app.extensions import db


@dataclass
class Page:
    items: list
    page: int
    pages: int
    total: int


def paginate(stmt: Select, page: int, size: int) -> Page:
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    pages = max((total + size - 1) // size, 1)
    page = min(max(page, 1), pages)
    items = list(db.session.scalars(stmt.limit(size).offset((page - 1) * size)))
    return Page(items, page, pages, total)
