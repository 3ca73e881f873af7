"""Certificate forms: apply, issue, a status change with its reason, the clearance steps."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from app.certificates.models import ENFORCEMENT, KINDS

REQUIRED = _l("This field is required.")
DATE = {"type": "date"}


class ApplyForm(FlaskForm):
    kind = SelectField(_l("Certificate kind"), choices=list(KINDS.items()), default=ENFORCEMENT)
    categories = StringField(_l("Enforcement categories"), validators=[Optional(), Length(max=200)])
    area = StringField(_l("Enforcement area"), validators=[Optional(), Length(max=100)])
    reason = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Apply"))


class IssueForm(FlaskForm):
    number = StringField(_l("Certificate number"), validators=[DataRequired(REQUIRED),
                                                               Length(max=40)])
    authority = StringField(_l("Issuing authority"), validators=[DataRequired(REQUIRED),
                                                                 Length(max=100)])
    issued_on = DateField(_l("Issued on"), validators=[DataRequired(REQUIRED)], render_kw=DATE)
    valid_until = DateField(_l("Valid until"), validators=[Optional()], render_kw=DATE)
    document_ref = StringField(_l("Document reference"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Record the issue"))


class ActionForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[Length(max=500)])
    document_ref = StringField(_l("Document reference"), validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Confirm"))


class ReportForm(FlaskForm):
    unit_id = SelectField(_l("Unit"), coerce=int, choices=[])
    recipient = StringField(_l("Judicial administration department"),
                            validators=[Optional(), Length(max=100)])
    submit = SubmitField(_l("Generate the cancellation report"))


class SentForm(FlaskForm):
    sent_on = DateField(_l("Sent on"), validators=[DataRequired(REQUIRED)], render_kw=DATE)
    reference = StringField(_l("Document reference"), validators=[Length(max=100)])
    submit = SubmitField(_l("Mark as sent"))


class CancelledForm(FlaskForm):
    """The 注销文号 and a tick on the count: one click never cancels a batch unseen."""
    reference = StringField(_l("Cancellation document reference"), validators=[
        DataRequired(_l("Enter the judicial department's cancellation document reference.")),
        Length(max=100)])
    count = HiddenField()
    confirmed = BooleanField(validators=[DataRequired(_l("Tick the box after checking the "
                                                         "certificates to cancel."))])
    submit = SubmitField(_l("Record the cancellation"))

    def for_count(self, count: int) -> "CancelledForm":
        if self.count.data != str(count):
            self.confirmed.data = False     # what was ticked is not what is now to cancel
        self.count.data = str(count)
        self.confirmed.label.text = _l("I have checked the %(n)s certificates to cancel",
                                       n=count)
        return self


def attach_errors(form, errors: dict[str, str]) -> None:
    """Each service error next to its field; the rest (a lifecycle refusal) above the form."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)
