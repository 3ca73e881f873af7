"""Demo exams: one open now (the demo officer can take it), last quarter's with published
results, and next quarter's specialty exam; organised by the demo city (Nanchang)."""
import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.core.actor import CLI
from app.core.models import utcnow
from app.exams import drawing, services, taking
from app.exams.models import PaperItem
from app.extensions import db
from app.org.models import Unit
from app.specialties.models import find

PAPER = (("single", 10, 4), ("multiple", 5, 6), ("truefalse", 10, 3))


def _data(name, specialty, unit, opens, closes, quarter) -> services.ExamData:
    return services.ExamData(
        name=name, specialty=specialty, unit=unit, year=opens.year, quarter=quarter,
        opens_at=opens, closes_at=closes, time_limit_minutes=60, pass_mark=Decimal(60),
        sections=[services.SectionData(t, n, Decimal(p)) for t, n, p in PAPER])


def _exam(name, code, unit, opens, closes, quarter, now):
    exam = services.create_exam(CLI, _data(name, find(code), unit, opens, closes, quarter))
    if drawing.shortages(exam):
        return None
    services.schedule(CLI, exam, min(now, opens - timedelta(seconds=1)))
    return exam


def build(rng: random.Random) -> None:
    unit = db.session.scalar(select(Unit).where(Unit.code == "360100"))
    if unit is None:
        return
    now = utcnow()
    quarter = (now.month - 1) // 3 + 1
    current = _exam(f"{now.year}年第{quarter}季度基本法律法规知识考试", "basic", unit,
                    now - timedelta(days=1), now + timedelta(days=6), quarter, now)
    if current is not None:
        services.add_candidates(CLI, current, services.pool_officers(current), now)
    past_open = now - timedelta(days=95)
    past = _exam("上季度基本法律法规知识考试", "basic", unit, past_open,
                 past_open + timedelta(days=7), None, past_open)
    if past is not None:
        officers = services.pool_officers(past)[:30]
        services.add_candidates(CLI, past, officers, past_open)
        db.session.flush()
        for officer in officers[:24]:
            _take(past, officer, past_open + timedelta(hours=rng.randrange(1, 100)), rng)
        services.publish_results(CLI, past, past_open + timedelta(days=8))
    upcoming = _exam(f"{now.year}年下季度食品安全专业考试", "food", unit,
                     now + timedelta(days=30), now + timedelta(days=37), None, now)
    if upcoming is not None:
        services.add_candidates(CLI, upcoming, services.pool_officers(upcoming), now)
    db.session.flush()


def _take(exam, officer, at, rng: random.Random) -> None:
    """A finished attempt with answers mostly right (a spread of scores)."""
    attempt = taking.start(CLI, exam, officer, at)
    skill = rng.uniform(0.4, 0.95)
    for seq, item in enumerate(db.session.scalars(select(PaperItem).where(
            PaperItem.candidate_id == attempt.candidate_id)), start=1):
        v = item.version
        right = rng.random() < skill
        if v.type == "truefalse":
            value = v.answer if right else ("错误" if v.answer == "正确" else "正确")
        else:
            letters = v.answer if right else rng.choice(sorted(v.options))
            value = "".join(sorted(chr(65 + item.option_order.index(c)) for c in letters))
        taking.save_answer(CLI, attempt, item.position, value, seq, at)
    taking.submit(CLI, attempt, at + timedelta(minutes=rng.randrange(20, 55)))
