"""What the server acknowledged against what the database holds, answer by answer.

A count of rows hides loss: a missing answer and an unacknowledged stored one cancel out,
and a row holding another value than the one acknowledged still counts. So every
acknowledged (attempt, question, value, seq) is looked up and its value compared:

- lost: acknowledged, and no row for that (attempt, question);
- changed: a row whose value or sequence is not the last acknowledged one (an older save
  stands where the acknowledged one should, or the stored value is not what was sent);
- unacknowledged but stored: a row nobody was told was saved (no acknowledgement for that
  question, or a later save whose answer was lost on the way back). Harmless when its value
  is the one sent with its sequence; given `sent`, one that matches nothing sent with its
  sequence counts as changed too.
"""
from dataclasses import dataclass, field


@dataclass
class Comparison:
    acknowledged: int = 0            # (attempt, question) with at least one acknowledgement
    stored: int = 0
    matched: int = 0
    lost: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unacknowledged_stored: list = field(default_factory=list)

    def line(self) -> str:
        return (f"acknowledged={self.acknowledged} stored={self.stored} matched={self.matched} "
                f"lost={len(self.lost)} changed={len(self.changed)} "
                f"unacknowledged but stored={len(self.unacknowledged_stored)}")


def comparable(qtype: str, value):
    """A value as the page shows it, in one form: letters sorted, blanks stripped."""
    if isinstance(value, list):
        return tuple(b.strip() for b in value)
    if qtype in ("single", "multiple"):
        return "".join(sorted(value or ""))
    return value


def stored_answers(url: str, exam_id: int) -> dict[tuple[int, int], tuple[object, int, str]]:
    """(attempt id, position) -> (value as the candidate's page shows it, seq, type)."""
    from sqlalchemy import create_engine, select

    from app import register_models
    from app.exams.models import Answer, Attempt, PaperItem
    from app.exams.taking import shown
    from app.questions.models import QuestionVersion

    register_models()   # the mappers need every model, not only the ones imported here
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            rows = c.execute(
                select(Answer.attempt_id, PaperItem.position, QuestionVersion.type,
                       PaperItem.option_order, Answer.response, Answer.seq)
                .join(PaperItem, PaperItem.id == Answer.item_id)
                .join(QuestionVersion, QuestionVersion.id == PaperItem.version_id)
                .join(Attempt, Attempt.id == Answer.attempt_id)
                .where(Attempt.exam_id == exam_id)).all()
    finally:
        engine.dispose()
    return {(a, p): (comparable(t, shown(t, order or [], r)), s, t)
            for a, p, t, order, r, s in rows}


def compare(acks, stored: dict, sent=None) -> Comparison:
    """`acks` and `sent`: (attempt, position, value, seq) as the client acknowledged / sent."""
    last: dict[tuple, tuple] = {}
    for attempt, position, value, seq in acks:
        key = (attempt, position)
        if key not in last or seq > last[key][1]:
            last[key] = (value, seq)
    sent_values = {(a, p, s): v for a, p, v, s in (sent or ())}
    out = Comparison(acknowledged=len(last), stored=len(stored))
    for key, (value, seq) in last.items():
        if key not in stored:
            out.lost.append((*key, value, seq))
            continue
        have, have_seq, qtype = stored[key]
        if have_seq > seq:
            continue                # a later, unacknowledged save: judged below
        if have_seq < seq or have != comparable(qtype, value):
            out.changed.append((*key, value, seq, have, have_seq))
        else:
            out.matched += 1
    for key, (have, have_seq, qtype) in stored.items():
        if key in last and last[key][1] >= have_seq:
            continue
        out.unacknowledged_stored.append((*key, have, have_seq))
        if sent is not None:
            value = sent_values.get((*key, have_seq))
            if value is None or comparable(qtype, value) != have:
                out.changed.append((*key, value, have_seq, have, have_seq))
    return out
