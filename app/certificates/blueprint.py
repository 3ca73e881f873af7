"""The certificates blueprint, shared by the page modules (views, clearance_views)."""
from urllib.parse import quote

from flask import Blueprint, Response

bp = Blueprint("certificates", __name__, url_prefix="/certificates")

MIMETYPES = {"pdf": "application/pdf",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(filename: str, data: bytes, kind: str) -> Response:
    return Response(data, mimetype=MIMETYPES[kind], headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})
