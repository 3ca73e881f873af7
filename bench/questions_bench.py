"""Question bank: import of a 10,000-question Excel file, and search over the bank.

    .venv/bin/python bench/questions_bench.py [--questions 10000] [--database-url URL]

Import: wall time and peak RSS of `flask import questions FILE` in a child process
(bench/peak.py), first into an empty bank, then again (every row unchanged); the
floor is reading the same file with openpyxl alone. Search: the list page's
query (count + first page of 50, current versions, tags and categories loaded)
and the page itself, against the bare SQL of the same LIKE in the same run.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.roster_bench import child, timed, token  # noqa: E402

LAWS = ("中华人民共和国行政处罚法", "中华人民共和国食品安全法", "中华人民共和国产品质量法",
        "中华人民共和国广告法", "中华人民共和国价格法", "中华人民共和国计量法",
        "中华人民共和国特种设备安全法", "中华人民共和国反不正当竞争法")
SUBJECTS = ("经营者", "生产者", "当事人", "市场监督管理部门", "执法人员", "广告主", "使用单位")
ACTS = ("未按规定公示信息", "销售不合格产品", "发布虚假广告", "哄抬价格", "使用未经检定的计量器具",
        "未办理使用登记", "实施混淆行为", "逾期不缴纳罚款")
CATEGORIES = ("basic", "food", "product_quality", "advertising", "pricing", "metrology",
              "special_equipment", "competition")
NUMERALS = "一二三四五六七八九十"


def question_row(rng: random.Random, n: int) -> list:
    """One template row: type, stem, options A..H, answer, category, difficulty, basis, ..."""
    from app.questions.formats.rows import HEADERS

    law, subject, act = rng.choice(LAWS), rng.choice(SUBJECTS), rng.choice(ACTS)
    article = f"第{rng.choice(NUMERALS)}十{rng.choice(NUMERALS)}条"
    kind = rng.choice(("单选", "单选", "多选", "判断", "填空", "简答"))
    stem = f"（{n}）依据{law}{article}，{subject}{act}的，下列处理正确的是？"
    cells = dict.fromkeys(HEADERS, "")
    cells.update({"题型": kind, "题干": stem, "专业类别": rng.choice(CATEGORIES),
                  "难度": rng.randint(1, 5), "法律依据": f"《{law}》(2021) {article}",
                  "解析": f"{law}{article}规定，{subject}{act}的，由市场监督管理部门责令改正，处以罚款。",
                  "知识点": rng.choice(("时效", "罚款", "许可", "听证", "没收")) + "、执法程序"})
    if kind in ("单选", "多选"):
        for letter in "ABCD":
            cells[f"选项{letter}"] = f"{rng.choice(('警告', '罚款', '没收违法所得', '责令停业'))}{letter}"
        cells["答案"] = rng.choice("ABCD") if kind == "单选" else "".join(
            sorted(rng.sample("ABCD", rng.randint(2, 4))))
    else:
        cells["答案"] = {"判断": rng.choice(("正确", "错误")), "填空": "十五日/15日|三日",
                        "简答": "应当责令改正，并依法给予行政处罚。"}[kind]
        if kind == "简答":
            cells["评分要点"] = "责令改正\n依法处罚"
    return [cells[h] for h in HEADERS]


def write_file(path: Path, count: int) -> None:
    """An .xlsx as Excel saves it: a normal workbook, which records the sheet's dimension
    (our write-only exports do not, and openpyxl then scans the sheet once more per open)."""
    from openpyxl import Workbook

    from app.questions.formats.rows import HEADERS

    rng = random.Random(2026)
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADERS))
    for n in range(count):
        sheet.append(question_row(rng, n))
    book.save(path)


def migrate(url: str) -> dict:
    env = os.environ | {"DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "upgrade", "heads"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def import_figures(env: dict, path: Path) -> dict:
    flask_import = ["-m", "flask", "--app", "app", "import", "questions", str(path)]
    return {"read only (openpyxl)": child(["bench/read_only.py", str(path)], env),
            "import, empty bank": child(flask_import, env),
            "import again, all unchanged": child(flask_import, env)}


def search_figures() -> dict:
    from app import create_app
    from app.auth.services import create_user
    from app.core.actor import CLI
    from app.core.pagination import paginate
    from app.extensions import db
    from app.questions import queries

    app = create_app()
    client = app.test_client()
    with app.app_context():
        create_user(CLI, username="benchlegal", password="Bench@2026x", role="admin",
                    unit=None, officer=None, display_name="bench")
        db.session.commit()
    client.post("/login", data={"username": "benchlegal", "password": "Bench@2026x",
                                "csrf_token": token(client, "/login")})
    figures = {}
    for term in ("罚款", "哄抬价格 听证", "（9999）"):
        f = queries.QuestionFilter(q=term)
        with app.app_context():
            total = paginate(queries.search(f), 1, 50).total
            figures[term] = (total,
                             timed(lambda f=f: paginate(queries.search(f), 1, 50)),
                             timed(lambda term=term: bare_sql(db, term)),
                             timed(lambda term=term: client.get(f"/questions/?q={term}")))
    return figures


def bare_sql(db, term: str) -> None:
    """The least the page must read: the count and 50 current versions matching every word."""
    from sqlalchemy import text

    words = term.lower().split()
    where = " AND ".join(f"v.search_text LIKE :w{i}" for i in range(len(words)))
    params = {f"w{i}": f"%{w}%" for i, w in enumerate(words)}
    join = ("FROM questions q JOIN question_versions v ON v.question_id = q.id "
            "AND v.number = q.current_number WHERE q.status = 'active' AND " + where)
    with db.engine.connect() as conn:
        conn.execute(text(f"SELECT count(*) {join}"), params).scalar()
        conn.execute(text(f"SELECT q.*, v.* {join} ORDER BY q.id LIMIT 50"), params).all()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="qbench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    os.environ["DATABASE_URL"] = url  # before the app's config is first imported
    env = migrate(url)
    path = workdir / "questions.xlsx"
    write_file(path, args.questions)
    print(f"database: {url.split(':')[0]}, questions: {args.questions}, "
          f"file {path.stat().st_size / 1e6:.1f} MB")
    for name, (seconds, mb) in import_figures(env, path).items():
        print(f"{name}: {seconds:.1f} s, peak RSS {mb:.0f} MB")
    for term, (total, query, sql, page) in search_figures().items():
        print(f"search {term!r} ({total} found): query {query:.1f} ms; bare SQL {sql:.1f} ms; "
              f"ratio {query / sql:.2f}; whole page {page:.1f} ms")


if __name__ == "__main__":
    main()
