"""Integers from a URL never reach the database out of its range.

Every id column is an SQL INTEGER: PostgreSQL refuses a value past 2^31 - 1 ("integer out of
range") and SQLite one past 2^63 - 1 (OverflowError), both a 500 before. Route ids past it are
404s, and `request.args.get(..., type=int)` treats them like any other malformed number (the
default). No id, page, year or filter of this system comes near it.
"""
from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter

SQL_INT_MAX = 2**31 - 1


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
