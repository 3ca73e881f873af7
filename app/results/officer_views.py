"""The officer's pages: my results and history, the review, practice and the wrong-answer book.

Everything here is the officer's own: attempts are looked up by id AND officer
(another's is 404), and keys only leave the server through access.review_open()
or practice.allowed().
"""
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from app.auth.permissions import require
from app.core.models import utcnow
from app.exams import queries as exam_queries
from app.exams.models import Attempt
from app.extensions import db
from app.results import access, practice, queries, review
from app.results.blueprint import bp
from app.results.forms import PostForm


def _own_attempt(attempt_id: int) -> Attempt:
    return exam_queries.own_attempt(attempt_id, current_user.officer_id)


@bp.route("/mine")
@require("results.self")
def mine():
    return render_template("results/history.html", officer=current_user.officer,
                           seats=queries.history(current_user.officer_id), fmt=queries.fmt,
                           staff=False, now=utcnow(), review_open=access.review_open,
                           score_visible=access.score_visible)


@bp.route("/attempts/<int:attempt_id>")
@require("results.self")
def attempt(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    now = utcnow()
    is_open = access.review_open(attempt.exam, now)
    return render_template(
        "results/attempt.html", attempt=attempt, exam=attempt.exam, fmt=queries.fmt,
        visible=access.score_visible(attempt), review_open=is_open,
        review_opens=access.review_opens_at(attempt.exam),
        items=review.items(attempt) if is_open and attempt.state == "submitted" else [])


@bp.route("/attempts/<int:attempt_id>/review.json")
@require("results.self")
def attempt_json(attempt_id: int):
    attempt = _own_attempt(attempt_id)
    if attempt.state != "submitted" or not access.review_open(attempt.exam, utcnow()):
        abort(404)
    return jsonify({"attempt": attempt.id, "score": str(attempt.score),
                    "passed": attempt.passed, "items": review.as_json(attempt)})


@bp.route("/practice", endpoint="practice")
@require("results.self")
def practice_page():
    officer_id, now = current_user.officer_id, utcnow()
    category = request.args.get("category", type=int)
    try:
        version = practice.next_question(officer_id, category, now)
    except practice.PracticeError as exc:
        return render_template("results/practice.html", blocked=str(exc), version=None,
                               categories=[], category=None, post=PostForm())
    return render_template("results/practice.html", version=version, blocked=None,
                           categories=practice.categories(officer_id), category=category,
                           post=PostForm())


@bp.route("/practice/answer", methods=["POST"])
@require("results.self")
def practice_answer():
    if not PostForm().validate_on_submit():
        abort(400)
    officer_id, now = current_user.officer_id, utcnow()
    try:
        version = practice.allowed(officer_id, request.form.get("version", type=int) or 0, now)
    except practice.PracticeError:
        abort(404)
    response = practice.response_from(version, request.form.getlist("answer"))
    right = practice.check(officer_id, version, response, now)
    db.session.commit()
    return render_template("results/practice_result.html", version=version, right=right,
                           response=response, category=request.form.get("category", type=int),
                           from_book=request.form.get("from_book") == "1")


@bp.route("/wrong-book")
@require("results.self")
def wrong_book():
    officer_id, now = current_user.officer_id, utcnow()
    until = practice.locked_until(officer_id, now)
    if until is not None:
        return render_template("results/wrong_book.html", blocked=practice.lock_message(until),
                               entries=[], cleared=False)
    practice.sync_exam_wrongs(officer_id, now)
    db.session.commit()
    cleared = request.args.get("cleared") == "1"
    return render_template("results/wrong_book.html", blocked=False, cleared=cleared,
                           entries=practice.book(officer_id, now, cleared=cleared))


@bp.route("/wrong-book/<int:entry_id>/retry")
@require("results.self")
def retry(entry_id: int):
    now = utcnow()
    entry = practice.entry(current_user.officer_id, entry_id, now)
    if entry is None:
        abort(404)
    until = practice.locked_until(current_user.officer_id, now)
    if until is not None:
        flash(practice.lock_message(until), "warning")
        return redirect(url_for("results.wrong_book"))
    return render_template("results/practice.html", version=entry.version, blocked=None,
                           categories=[], category=None, post=PostForm(), from_book=True)
