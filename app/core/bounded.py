"""Integers from a URL never reach the database out of its range.

SQLite and PostgreSQL store at most a signed 64-bit integer; a bigger one in a path or a
query string used to end in an OverflowError (a 500). Route ids above the range are 404s, and
`request.args.get(..., type=int)` treats them like any other malformed number (the default).
"""
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

SQL_INT_MAX = 2**63 - 1


def bounded_int(value) -> int:
    number = int(value)
    if not -SQL_INT_MAX <= number <= SQL_INT_MAX:
        raise ValueError("integer out of the database's range")
    return number


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` with a ceiling: a bigger id matches no route (404)."""

    def __init__(self, map, fixed_digits=0, min=None, max=SQL_INT_MAX, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BoundedArgs(ImmutableMultiDict):
    def get(self, key, default=None, type=None):  # noqa: A002
        return super().get(key, default, bounded_int if type is int else type)

    def getlist(self, key, type=None):  # noqa: A002
        return super().getlist(key, bounded_int if type is int else type)


class BoundedRequest(Request):
    parameter_storage_class = BoundedArgs


def install(app) -> None:
    """Before any route is added: routes bind their converters when registered."""
    app.request_class = BoundedRequest
    app.url_map.converters["int"] = BoundedIntConverter
