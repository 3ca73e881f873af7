"""The results blueprint, shared by the page modules (views, grading, statistics, officer)."""
from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/results")


def download(filename: str, data: bytes, mimetype: str, inline: bool = False):
    """A file response with a UTF-8 (Chinese) file name."""
    from urllib.parse import quote

    from flask import Response
    how = "inline" if inline else "attachment"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f"{how}; filename*=UTF-8''{quote(filename)}"})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
