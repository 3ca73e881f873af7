"""A database that goes away answers 503 in Chinese, and nothing half-written stays."""
import logging

from sqlalchemy.exc import OperationalError

from app.core.logs import JsonFormatter


def test_a_lost_database_answers_503_with_a_chinese_message(auth, make_user, province,
                                                            monkeypatch):
    auth.login(make_user("admin").username)
    from app.people import views

    def down(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    monkeypatch.setattr(views, "paginate", down)
    response = auth.client.get("/officers/")
    assert response.status_code == 503
    assert "数据库暂时不可用" in response.get_data(as_text=True)
    monkeypatch.undo()
    assert auth.client.get("/officers/").status_code == 200


def test_json_log_lines_carry_the_request(app):
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "出错了 %s", ("A",), None)
    with app.test_request_context("/officers/?q=1", method="GET"):
        line = JsonFormatter().format(record)
    import json
    entry = json.loads(line)
    assert entry["message"] == "出错了 A" and entry["path"] == "/officers/"
