"""Papers from the blueprint: the fixed paper, or one drawn per candidate, shuffled per candidate.

Every paper of an exam has the same type mix and, per blueprint line, the
same number of questions of each difficulty (the line's `mix`, fixed on the
first draw). A candidate avoids questions seen in the previous four quarters' exams
where the bank has enough others. Draws are seeded (exam seed and candidate id), so a paper
can be explained later.
"""
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select

from app.core.clock import to_local
from app.exams.models import Exam, ExamCandidate, ExamSection, PaperItem
from app.extensions import db
from app.questions import queries as bank
from app.questions import services as bank_services
from app.questions.models import QuestionVersion

CHOICE_TYPES = ("single", "multiple")


class BlueprintError(ValueError):
    """The bank cannot fill the blueprint; the message (Chinese) says which line lacks what."""


def section_specialty(section: ExamSection) -> int:
    return section.specialty_id or section.exam.specialty_id


def exam_day(exam: Exam) -> date:
    """The day the exam's window opens (Shanghai): the law in force that day is examined."""
    return to_local(exam.opens_at).date()


def line_available(exam: Exam, s: ExamSection) -> int:
    """The questions a paper may take for one blueprint line on the exam's first day."""
    return bank_available(section_specialty(s), s.qtype, s.difficulty, s.tags, exam_day(exam))


def bank_available(specialty_id: int, qtype: str, difficulty: int | None,
                   tags: list[str] | None, day: date) -> int:
    """Questions of one blueprint line a paper may take on `day` (cited law in force, reviewed)."""
    return bank.count_candidates(specialty_id, qtype, difficulty=difficulty, tags=tags or None,
                                 on=day)


def available(exam: Exam) -> dict[int, int]:
    """line_available per section id, for the exam page."""
    return {s.id: line_available(exam, s) for s in exam.sections}


def shortages(exam: Exam) -> list[str]:
    """One message per blueprint line the bank cannot fill, empty when all can be."""
    problems = []
    if not exam.sections:
        problems.append("试卷结构为空：请至少设置一类题目")
    for s in exam.sections:
        available_now = line_available(exam, s)
        if available_now < s.count:
            problems.append(f"第{s.position}行：题库中符合条件的题目只有 {available_now} 道，"
                            f"少于需要的 {s.count} 道")
    return problems


def fix_mix(exam: Exam) -> None:
    """Fix each line's questions per difficulty, in proportion to the bank (largest remainder)."""
    for s in exam.sections:
        if s.mix is not None:
            continue
        if s.difficulty is not None:
            s.mix = {str(s.difficulty): s.count}
            continue
        pool = _pool(s, ())
        by_level: dict[str, int] = defaultdict(int)
        for v in pool:
            by_level[str(v.difficulty or 0)] += 1
        s.mix = _allocate(s.count, dict(by_level))


def _allocate(count: int, available: dict[str, int]) -> dict[str, int]:
    total = sum(available.values())
    if total == 0:
        return {}
    shares = {k: count * n / total for k, n in available.items()}
    mix = {k: min(int(share), available[k]) for k, share in shares.items()}
    for k in sorted(shares, key=lambda k: shares[k] - int(shares[k]), reverse=True):
        if sum(mix.values()) >= count:
            break
        if mix[k] < available[k]:
            mix[k] += 1
    return {k: n for k, n in mix.items() if n}


def _pool(section: ExamSection, exclude: Iterable[int]) -> list[QuestionVersion]:
    return bank.candidates(section_specialty(section), section.qtype,
                           difficulty=section.difficulty, tags=section.tags or None,
                           exclude_ids=exclude, on=exam_day(section.exam))


def draw_versions(exam: Exam, rng: random.Random, seen: set[int],
                  pools: dict | None = None) -> list[tuple[ExamSection, QuestionVersion]]:
    """The questions of one paper in blueprint order: per line and difficulty, unseen first."""
    fix_mix(exam)
    pools = {} if pools is None else pools
    chosen = []
    taken: set[int] = set()
    for s in exam.sections:
        if s.id not in pools:
            pools[s.id] = _pool(s, ())
        by_level: dict[str, list[QuestionVersion]] = defaultdict(list)
        for v in pools[s.id]:
            if v.question_id not in taken:
                by_level[str(v.difficulty or 0)].append(v)
        picked = []
        for level, n in sorted((s.mix or {}).items()):
            picked += _pick(by_level[level], n, rng, seen)
        if len(picked) < s.count:   # the bank changed since the mix was fixed: fill from any level
            rest = [v for vs in by_level.values() for v in vs if v not in picked]
            picked += _pick(rest, s.count - len(picked), rng, seen)
        if len(picked) < s.count:
            raise BlueprintError(f"第{s.position}行：题库中符合条件的题目不足 {s.count} 道")
        taken.update(v.question_id for v in picked)
        chosen += [(s, v) for v in picked]
    return chosen


def _pick(pool: list[QuestionVersion], n: int, rng: random.Random,
          seen: set[int]) -> list[QuestionVersion]:
    fresh = [v for v in pool if v.question_id not in seen]
    old = [v for v in pool if v.question_id in seen]
    picked = rng.sample(fresh, min(n, len(fresh)))
    if len(picked) < n:
        picked += rng.sample(old, min(n - len(picked), len(old)))
    return picked


def fixed_paper(exam: Exam) -> list[PaperItem]:
    """The exam's one paper (fixed mode), drawn on first need."""
    items = list(db.session.scalars(select(PaperItem).where(
        PaperItem.exam_id == exam.id, PaperItem.candidate_id.is_(None))
        .order_by(PaperItem.position)))
    if items:
        return items
    rng = random.Random(f"{exam.seed}:fixed")
    for position, (s, v) in enumerate(draw_versions(exam, rng, set()), start=1):
        items.append(PaperItem(exam_id=exam.id, candidate_id=None, position=position,
                               section_position=s.position, version_id=v.id, points=s.points,
                               option_order=sorted((v.options or {}).keys())))
    db.session.add_all(items)
    db.session.flush()
    bank_services.mark_used([i.version_id for i in items])
    return items


AVOID_WINDOW = timedelta(days=365)


def seen_questions(officer_id: int, exam: Exam) -> set[int]:
    """Question ids on this officer's papers of the other exams they took in the four
    quarters before this one (older questions may come back: the bank is finite)."""
    from app.exams.models import Attempt

    stmt = (select(QuestionVersion.question_id)
            .join(PaperItem, PaperItem.version_id == QuestionVersion.id)
            .join(Attempt, Attempt.candidate_id == PaperItem.candidate_id)
            .join(Exam, Exam.id == Attempt.exam_id)
            .where(Attempt.officer_id == officer_id, Attempt.exam_id != exam.id,
                   Exam.opens_at <= exam.opens_at,
                   Exam.opens_at >= exam.opens_at - AVOID_WINDOW))
    return set(db.session.scalars(stmt))


def paper_rows(exam: Exam, candidate: ExamCandidate, pools: dict | None = None) -> list[dict]:
    """The rows of a candidate's paper (not yet written): drawn or fixed, then shuffled."""
    seed = candidate.paper_seed or random.Random(f"{exam.seed}:{candidate.officer_id}").getrandbits(48)
    candidate.paper_seed = seed
    rng = random.Random(seed)
    if exam.mode == "fixed":
        base = [(i.section_position, i.version_id, i.points, i.version)
                for i in fixed_paper(exam)]
    else:
        seen = seen_questions(candidate.officer_id, exam) if exam.avoid_seen else set()
        base = [(s.position, v.id, s.points, v) for s, v in draw_versions(exam, rng, seen, pools)]
    if exam.shuffle:
        base = _shuffle_within_sections(base, rng)
    rows = []
    for position, (section_position, version_id, points, v) in enumerate(base, start=1):
        letters = sorted((v.options or {}).keys())
        if exam.shuffle and v.type in CHOICE_TYPES:
            rng.shuffle(letters)
        rows.append({"exam_id": exam.id, "candidate_id": candidate.id, "position": position,
                     "section_position": section_position, "version_id": version_id,
                     "points": Decimal(points), "option_order": letters})
    return rows


def _shuffle_within_sections(base: list, rng: random.Random) -> list:
    """Questions shuffled within each blueprint line; the lines keep their order (by type)."""
    groups: dict[int, list] = defaultdict(list)
    for row in base:
        groups[row[0]].append(row)
    out = []
    for key in sorted(groups):
        rows = groups[key]
        rng.shuffle(rows)
        out += rows
    return out


def has_paper(candidate: ExamCandidate) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(PaperItem).where(
        PaperItem.candidate_id == candidate.id)))


def draw_paper(exam: Exam, candidate: ExamCandidate, pools: dict | None = None) -> int:
    """Write the candidate's paper if it has none; returns the number of items written."""
    if has_paper(candidate):
        return 0
    rows = paper_rows(exam, candidate, pools)
    db.session.execute(insert(PaperItem), rows)
    mark_new_versions_used(exam, [r["version_id"] for r in rows])
    return len(rows)


def draw_all(exam: Exam, candidates: list[ExamCandidate]) -> int:
    """Papers for every candidate who has none (before exam day, so that starting is quick)."""
    pools: dict = {}
    have = set(db.session.scalars(select(PaperItem.candidate_id).where(
        PaperItem.exam_id == exam.id, PaperItem.candidate_id.is_not(None)).distinct()))
    rows = []
    for c in candidates:
        if c.id not in have:
            rows += paper_rows(exam, c, pools)
    if rows:
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(PaperItem), rows[start:start + 5000])
        mark_new_versions_used(exam, [r["version_id"] for r in rows])
    return len({r["candidate_id"] for r in rows})


def mark_new_versions_used(exam: Exam, version_ids: list[int]) -> None:
    """Tell the bank once per exam that a question was used (a used question cannot be deleted)."""
    written = Counter(version_ids)
    wanted = set(written)
    counts = dict(db.session.execute(
        select(PaperItem.version_id, func.count()).where(
            PaperItem.exam_id == exam.id, PaperItem.version_id.in_(wanted))
        .group_by(PaperItem.version_id)).all())
    # Rows just written count once each; a version already on an earlier paper counts more.
    new = [v for v in wanted if counts.get(v, 0) <= written[v]]
    if new:
        bank_services.mark_used(new)
