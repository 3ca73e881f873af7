"""One way for a view to run a service: commit and say so, or roll back and show why."""
from collections.abc import Callable
from typing import TypeVar

from flask import flash

from app.extensions import db

T = TypeVar("T")


def perform(call: Callable[[], T], errors: type[Exception] | tuple[type[Exception], ...],
            success: str | Callable[[T], str] | None = None) -> tuple[bool, T | None]:
    """(True, result) after committing `call()` and flashing `success` (a text, or a function
    of the result); (False, None) after rolling back and flashing the domain error."""
    try:
        result = call()
    except errors as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return False, None
    db.session.commit()
    if success:
        flash(success(result) if callable(success) else success, "success")
    return True, result
