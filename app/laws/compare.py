"""Two versions of a law side by side, article by article, with the changes marked."""
import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape

from app.laws.models import Article, LawVersion
from app.laws.services import counterpart


@dataclass
class Row:
    old: Article | None
    new: Article | None
    status: str          # same, renumbered, changed, deleted, added
    diff: Markup


def marked(old: str, new: str) -> Markup:
    """The new text with insertions in <ins> and deletions in <del> (character level)."""
    out = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            out.append(Markup("<del>%s</del>") % old[i1:i2])
        if op in ("insert", "replace"):
            out.append(Markup("<ins>%s</ins>") % new[j1:j2])
        if op == "equal":
            out.append(escape(new[j1:j2]))
    return Markup("").join(out)


def compare(old: LawVersion, new: LawVersion) -> list[Row]:
    rows, matched = [], set()
    articles = list(new.articles)
    for a in old.articles:
        kind, other = counterpart(a, articles)
        status = kind or "same"
        if other is not None:
            matched.add(other.id)
        rows.append(Row(a, other, status, marked(a.text, other.text) if other else Markup("")))
    rows += [Row(None, a, "added", escape(a.text)) for a in articles if a.id not in matched]
    return rows
