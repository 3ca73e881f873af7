"""Study time as the server measures it, from heartbeats.

A page sends a beat every 30 s saying which chapter, whether the page is visible, whether the
video plays, its playback rate and position. The server credits the time *between two beats it
received itself*, and only when:

- both beats came from the same tab, on the same chapter, and both were active (visible, and
  playing for a video): a hidden or paused page earns nothing;
- the gap is at most `max_gap` (two beat intervals): time without beats is not counted;
- the tab is the officer's one counting tab (`LiveStudy`): a second tab or a second course
  is told so and earns nothing until the first has been silent for `max_gap`;
- no "仍在学习吗" check is pending;

and scaled by min(1, 1.5 / rate), where rate is the larger of the rate the page reports and the
rate its video positions show, so 4× playback earns 37.5 % of the wall time whatever it claims.
The credit can therefore never exceed the wall time the server saw pass.
"""
import random
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.core.clock import local_date
from app.extensions import db
from app.learning.models import (
    Chapter,
    ChapterProgress,
    Enrolment,
    LiveStudy,
    StudyBeat,
)


@dataclass(frozen=True)
class Rules:
    beat_seconds: int = 30
    max_rate: float = 1.5
    check_every: tuple[int, int] = (600, 1200)   # counted seconds between two checks

    @property
    def max_gap(self) -> float:
        return 2 * self.beat_seconds


@dataclass(frozen=True)
class Beat:
    tab: str
    chapter_id: int
    visible: bool
    playing: bool
    rate: float = 1.0
    position: float = 0.0


@dataclass(frozen=True)
class Verdict:
    credited: float
    verdict: str          # counted, fast, start, gap, hidden, paused, other_tab, check, closed
    chapter_seconds: float
    chapter_complete: bool
    check: bool

    def as_json(self) -> dict:
        return {"credited": round(self.credited, 1), "verdict": self.verdict,
                "chapter_seconds": round(self.chapter_seconds), "complete": self.chapter_complete,
                "check": self.check}


class BeatRefused(ValueError):
    """A beat for a chapter outside the enrolment's course."""


def record(enrolment: Enrolment, chapter: Chapter, beat: Beat, now: datetime,
           rules: Rules = Rules(), rng: random.Random | None = None) -> Verdict:
    """Judge one beat of `enrolment` (already checked to be the officer's own) and store it."""
    if chapter.course_id != enrolment.course_id:
        raise BeatRefused("章节不属于该课程")
    progress = _progress(enrolment, chapter)
    live = _live(enrolment.officer_id)
    if not enrolment.course.is_open_on(local_date(now)):
        return _log(enrolment, chapter, progress, now, 0.0, "closed", beat.rate)
    if _other_tab(live, beat, now, rules):
        return _log(enrolment, chapter, progress, now, 0.0, "other_tab", beat.rate)
    active = beat.visible and (beat.playing or chapter.kind != "video")
    credited, verdict, rate = _judge(live, beat, chapter, active, now, rules)
    if credited > 0 and enrolment.check_pending:
        credited, verdict = 0.0, "check"
    _move_live(live, enrolment, beat, now, active)
    progress.position = max(0.0, beat.position)
    enrolment.last_chapter_id = chapter.id
    if credited > 0:
        _credit(enrolment, progress, chapter, credited, now, rules, rng)
    return _log(enrolment, chapter, progress, now, credited, verdict, rate)


def confirm_presence(enrolment: Enrolment, rules: Rules = Rules(),
                     rng: random.Random | None = None) -> None:
    """The officer answered "仍在学习吗": time counts again until the next check."""
    enrolment.check_pending = False
    enrolment.check_at_seconds = int(total_seconds(enrolment)) + _next_check(rules, rng)


def total_seconds(enrolment: Enrolment) -> float:
    return sum(p.counted_seconds for p in enrolment.progress)


def _judge(live: LiveStudy | None, beat: Beat, chapter: Chapter, active: bool, now: datetime,
           rules: Rules) -> tuple[float, str, float]:
    if not beat.visible:
        return 0.0, "hidden", beat.rate
    if not active:
        return 0.0, "paused", beat.rate
    if live is None or live.tab != beat.tab or live.chapter_id != chapter.id or not live.active:
        return 0.0, "start", beat.rate
    elapsed = (now - live.last_at).total_seconds()
    if elapsed <= 0:
        return 0.0, "start", beat.rate
    if elapsed > rules.max_gap:
        return 0.0, "gap", beat.rate
    rate = _rate(live, beat, chapter, elapsed)
    factor = min(1.0, rules.max_rate / rate)
    return elapsed * factor, ("counted" if factor == 1.0 else "fast"), rate


def _rate(live: LiveStudy, beat: Beat, chapter: Chapter, elapsed: float) -> float:
    """The playback rate: what the page says, or what its positions show if that is faster."""
    claimed = max(beat.rate, 0.1)
    if chapter.kind != "video":
        return 1.0
    observed = (beat.position - live.last_position) / elapsed
    return max(claimed, observed)


def _other_tab(live: LiveStudy | None, beat: Beat, now: datetime, rules: Rules) -> bool:
    """Another tab (or course) is counting and has beaten recently."""
    if live is None or live.tab == beat.tab or not live.active:
        return False
    return (now - live.last_at).total_seconds() <= rules.max_gap


def _credit(enrolment: Enrolment, progress: ChapterProgress, chapter: Chapter, seconds: float,
            now: datetime, rules: Rules, rng: random.Random | None) -> None:
    progress.counted_seconds = (progress.counted_seconds or 0.0) + seconds
    if progress.completed_at is None and progress.counted_seconds >= chapter.min_seconds:
        progress.completed_at = now
    if total_seconds(enrolment) >= enrolment.check_at_seconds:
        enrolment.check_pending = True


def _next_check(rules: Rules, rng: random.Random | None) -> int:
    low, high = rules.check_every
    return (rng or random).randint(low, high)


def _progress(enrolment: Enrolment, chapter: Chapter) -> ChapterProgress:
    for p in enrolment.progress:
        if p.chapter_id == chapter.id:
            return p
    progress = ChapterProgress(enrolment=enrolment, chapter_id=chapter.id, counted_seconds=0.0,
                               position=0.0)
    db.session.add(progress)
    return progress


def _live(officer_id: int) -> LiveStudy | None:
    """The officer's live row, locked on PostgreSQL so two tabs' beats take turns."""
    return db.session.scalar(select(LiveStudy).where(LiveStudy.officer_id == officer_id)
                             .with_for_update())


def _move_live(live: LiveStudy | None, enrolment: Enrolment, beat: Beat, now: datetime,
               active: bool) -> None:
    if live is None:
        live = LiveStudy(officer_id=enrolment.officer_id)
        db.session.add(live)
    live.tab, live.enrolment_id, live.chapter_id = beat.tab, enrolment.id, beat.chapter_id
    live.last_at, live.last_position, live.active = now, beat.position, active


def _log(enrolment: Enrolment, chapter: Chapter, progress: ChapterProgress, now: datetime,
         credited: float, verdict: str, rate: float) -> Verdict:
    db.session.add(StudyBeat(enrolment_id=enrolment.id, chapter_id=chapter.id, at=now,
                             credited=credited, verdict=verdict, rate=float(rate)))
    db.session.flush()
    return Verdict(credited, verdict, progress.counted_seconds or 0.0,
                   progress.completed_at is not None, enrolment.check_pending)

