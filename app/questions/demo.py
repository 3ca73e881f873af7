"""Demo data for the bank: the real questions of question_bank/, a few of them retired."""
from pathlib import Path

from sqlalchemy import select

from app.core.actor import CLI
from app.extensions import db
from app.questions import importer, services
from app.questions.models import Question

BANK = Path(__file__).resolve().parents[2] / "question_bank"


def build(rng=None) -> int:
    """Import question_bank/ (when the folder is there) and retire every 150th question;
    no commit. Draws nothing from the shared random generator, so other demo data stay put."""
    if not BANK.is_dir():
        return 0
    report = importer.run(BANK, CLI)
    if not report.ok:
        raise RuntimeError("题库演示数据导入失败: " + "; ".join(map(str, report.errors[:5])))
    questions = db.session.scalars(select(Question).order_by(Question.id)).all()
    for question in questions[::150]:
        services.retire_question(CLI, question)
    return report.created
