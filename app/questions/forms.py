"""Forms of the question bank: one question, and the import options."""
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.questions.formats import TYPE_LABELS, ParsedQuestion, normalize_answer
from app.questions.formats.answers import split_list
from app.questions.formats.model import OPTION_LETTERS
from app.specialties.models import all_specialties

REQUIRED = _l("This field is required.")
# The validation's column names (formats/validation.py) -> this form's fields.
FIELD_OF_COLUMN = {"题型": "type", "题干": "stem", "选项": "option_a", "答案": "answer",
                   "难度": "difficulty", "法律依据": "basis_law", "评分要点": "scoring_points",
                   **{f"选项{letter}": f"option_{letter.lower()}" for letter in OPTION_LETTERS}}


class QuestionForm(FlaskForm):
    type = SelectField(_l("Question type"), choices=list(TYPE_LABELS.items()))
    specialty_id = SelectField(_l("Specialty category"), coerce=int, choices=[])
    stem = TextAreaField(_l("Stem"), validators=[DataRequired(REQUIRED), Length(max=5000)],
                         render_kw={"rows": 3})
    option_a = StringField(_l("Option A"), validators=[Length(max=1000)])
    option_b = StringField(_l("Option B"), validators=[Length(max=1000)])
    option_c = StringField(_l("Option C"), validators=[Length(max=1000)])
    option_d = StringField(_l("Option D"), validators=[Length(max=1000)])
    option_e = StringField(_l("Option E"), validators=[Length(max=1000)])
    option_f = StringField(_l("Option F"), validators=[Length(max=1000)])
    option_g = StringField(_l("Option G"), validators=[Length(max=1000)])
    option_h = StringField(_l("Option H"), validators=[Length(max=1000)])
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(REQUIRED), Length(max=5000)],
                           render_kw={"rows": 2},
                           description=_l("Single: one letter (B). Multiple: letters (ACD). "
                                          "True/false: 正确 or 错误. Fill-in: blanks separated "
                                          "by |, alternatives by /. Short answer: the model "
                                          "answer."))
    scoring_points = TextAreaField(_l("Scoring points (short answer, one per line)"),
                                   render_kw={"rows": 3})
    difficulty = SelectField(_l("Difficulty"), coerce=lambda v: int(v) if v else None,
                             choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 6)],
                             validators=[Optional()])
    basis_law = StringField(_l("Law"), validators=[Length(max=200)])
    basis_version = StringField(_l("Version year"), validators=[Length(max=4)])
    basis_article = StringField(_l("Article"), validators=[Length(max=100)])
    explanation = TextAreaField(_l("Explanation"), render_kw={"rows": 3})
    tags = StringField(_l("Knowledge points (separated by commas)"),
                       validators=[Length(max=500)])
    submit = SubmitField(_l("Save"))

    def content(self, category: str) -> ParsedQuestion:
        """The form as a question record, normalised like an import."""
        qtype = self.type.data
        options = {letter: text for letter in OPTION_LETTERS
                   if (text := (getattr(self, f"option_{letter.lower()}").data or "").strip())}
        return ParsedQuestion(
            type=qtype, stem=(self.stem.data or "").strip(), options=options,
            answer=normalize_answer(qtype, self.answer.data or ""), category=category,
            difficulty=self.difficulty.data, basis_law=_text(self.basis_law.data),
            basis_version=_text(self.basis_version.data),
            basis_article=_text(self.basis_article.data),
            explanation=_text(self.explanation.data),
            tags=split_list(self.tags.data or "", ",，、"),
            scoring_points=split_list(self.scoring_points.data or "", "\n"))

    def fill(self, version) -> None:
        """Start from a stored version (GET of the edit page)."""
        self.type.data, self.stem.data, self.answer.data = (version.type, version.stem,
                                                            version.answer)
        for letter, text in (version.options or {}).items():
            getattr(self, f"option_{letter.lower()}").data = text
        self.difficulty.data = version.difficulty
        self.basis_law.data, self.basis_version.data, self.basis_article.data = (
            version.basis_law, version.basis_version, version.basis_article)
        self.explanation.data = version.explanation
        self.tags.data = "、".join(version.tag_names)
        self.scoring_points.data = "\n".join(version.scoring_points or [])

    def show_problems(self, found: list[tuple[str, str]]) -> None:
        """Put each service problem next to its field (the stem when no field fits)."""
        for column, message in found:
            getattr(self, FIELD_OF_COLUMN.get(column, "stem")).errors.append(message)


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


class QuestionImportForm(FlaskForm):
    file = FileField(_l("File (.xlsx, .csv, .yaml, .yml, or GIFT/Aiken .txt)"),
                     validators=[DataRequired(REQUIRED)])
    format = SelectField(_l("Format of a .txt file"),
                         choices=[("", _l("Detect")), ("gift", "Moodle GIFT"),
                                  ("aiken", "Aiken")])
    category = SelectField(_l("Specialty category of a GIFT or Aiken file"), choices=[])
    skip_unsupported = BooleanField(_l("Skip question types the bank lacks (each is listed)"))
    dry_run = BooleanField(_l("Preview first: check and list what would be written"),
                           default=True)
    submit = SubmitField(_l("Upload"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.category.choices = [("", "—")] + [(s.code, s.name) for s in all_specialties()]

    def options(self) -> dict:
        """The import options for the job (only those given)."""
        found = {"format": self.format.data or None,
                 "category": (self.category.data or "").strip() or None,
                 "skip_unsupported": bool(self.skip_unsupported.data),
                 # Errors name the file as the user knows it, not as it was stored.
                 "filename": Path(getattr(self.file.data, "filename", "") or "").name[:100]}
        return {key: value for key, value in found.items() if value}
