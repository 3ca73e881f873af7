"""Training forms, validated on the server; domain checks come back from the services."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.training.models import CATEGORIES, FORMATS, MODES

REQUIRED = _l("This field is required.")


def _date(label):
    return DateField(label, validators=[DataRequired(REQUIRED)], render_kw={"type": "date"})


def _hours(label, required=True):
    checks = [InputRequired(REQUIRED)] if required else [Optional()]
    return DecimalField(label, places=1, validators=checks,
                        render_kw={"step": "0.5", "min": "0.5", "inputmode": "decimal"})


class SessionForm(FlaskForm):
    title = StringField(_l("Course title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    category = SelectField(_l("Category"), choices=list(CATEGORIES.items()))
    study_format = SelectField(_l("Format"), choices=[(f, f) for f in FORMATS])
    unit_id = SelectField(_l("Organiser"), coerce=int, choices=[])
    start_date = _date(_l("Start date"))
    end_date = _date(_l("End date"))
    hours = _hours(_l("Hours"))
    mode = SelectField(_l("Online or offline"), choices=list(MODES.items()))
    plan_item_id = SelectField(_l("Planned course"), coerce=int, choices=[])
    # Its own id: "content" is the page's <main>, which the label would then point at.
    content = TextAreaField(_l("Content"), validators=[Optional(), Length(max=2000)],
                            id="course-content")
    submit = SubmitField(_l("Save"))


class AttendanceForm(FlaskForm):
    id_number = StringField(_l("ID number"), validators=[DataRequired(REQUIRED)])
    hours = _hours(_l("Hours (empty: the whole course)"), required=False)
    submit = SubmitField(_l("Add attendee"))


class PickForm(FlaskForm):
    """Attendees picked by name or by unit: the check-boxes are officer_id values."""
    hours = _hours(_l("Hours (empty: the whole course)"), required=False)
    submit = SubmitField(_l("Add the selected officers"))


class FileForm(FlaskForm):
    file = FileField(_l("File"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Upload"))


class SheetForm(FlaskForm):
    sheet = FileField(_l("Sign-in sheet (.xlsx or .csv)"), validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Upload sign-in sheet"))


class ExternalForm(FlaskForm):
    title = StringField(_l("Course title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    organiser = StringField(_l("Organised by"), validators=[DataRequired(REQUIRED),
                                                          Length(max=200)])
    category = SelectField(_l("Category"), choices=list(CATEGORIES.items()))
    start_date = _date(_l("Start date"))
    end_date = _date(_l("End date"))
    hours = _hours(_l("Hours"))
    # Its own id: "content" is the page's <main>, which the label would then point at.
    content = TextAreaField(_l("Content"), validators=[Optional(), Length(max=2000)],
                            id="course-content")
    file = FileField(_l("Evidence (PDF, JPEG, PNG, XLSX, DOCX)"),
                     validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_l("Submit for approval"))


class RejectForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(REQUIRED), Length(max=500)])
    submit = SubmitField(_l("Reject"))


class PolicyForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[DataRequired(REQUIRED),
                                                NumberRange(2000, 2100)])
    public_law_hours = _hours(_l("Public legal knowledge, at least"))
    business_hours = _hours(_l("Business knowledge and skills, at least"))
    total_hours = _hours(_l("Total, at least"))
    submit = SubmitField(_l("Save"))


class PoliticalFloorForm(FlaskForm):
    year = IntegerField(_l("Year"), validators=[DataRequired(REQUIRED),
                                                NumberRange(2000, 2100)])
    political_hours = DecimalField(
        _l("Political theory and party education, at least (0: not required)"), places=1,
        validators=[InputRequired(REQUIRED)],
        render_kw={"step": "0.5", "min": "0", "inputmode": "decimal"})
    submit = SubmitField(_l("Save"))


class PlanForm(FlaskForm):
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[])
    title = StringField(_l("Course title"), validators=[DataRequired(REQUIRED), Length(max=200)])
    category = SelectField(_l("Category"), choices=list(CATEGORIES.items()))
    planned_hours = _hours(_l("Planned hours"))
    month = SelectField(_l("Month"), coerce=int, choices=[(m, str(m)) for m in range(1, 13)])
    audience = StringField(_l("Audience"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Add to the plan"))
