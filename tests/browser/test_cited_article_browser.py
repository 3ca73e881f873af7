"""Issue 15: the cited article's text under a question, in the review after an exam and in
practice, on the desktop and on a 375-px phone (screenshots in test-artifacts/)."""
import re

from tests.browser.journeys import needs_chromium

pytestmark = needs_chromium
JOURNEY = "cited-article"
CHECK = "提交答案"


def _reviewable(viewport: str) -> dict:
    """A demo officer with a submitted attempt whose review is open and whose paper cites the
    library, given an account here (one officer per viewport), practice not locked."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.auth.services import create_user
    from app.core.actor import CLI
    from app.core.models import utcnow
    from app.demo import DEMO_PASSWORD
    from app.exams.models import Attempt, PaperItem
    from app.extensions import db
    from app.people.models import Officer
    from app.questions.models import Question, QuestionVersion
    from app.results import access, practice

    login = f"reviewer-{viewport}"
    now = utcnow()
    user = db.session.scalar(select(User).where(User.username == login))
    accounts = set(db.session.scalars(select(User.officer_id).where(User.officer_id.is_not(None))))
    found = None
    for attempt in db.session.scalars(select(Attempt).where(Attempt.state == "submitted")
                                      .order_by(Attempt.id)):
        if user is not None and attempt.officer_id != user.officer_id:
            continue
        if user is None and (attempt.officer_id in accounts or found is not None):
            continue
        if not access.review_open(attempt.exam, now):
            continue
        cites = db.session.scalar(select(PaperItem.id).join(QuestionVersion).where(
            PaperItem.exam_id == attempt.exam_id, QuestionVersion.law_article_id.is_not(None)))
        if cites is not None:
            found = attempt
            break
    assert found is not None, "no reviewable attempt citing the library in the demo"
    if user is None:
        officer = db.session.get(Officer, found.officer_id)
        create_user(CLI, username=login, password=DEMO_PASSWORD, role="officer",
                    unit=officer.unit, officer=officer, display_name=officer.name)
        accounts.add(officer.id)
    # Practice: the demo's examinees sit this quarter's open exam, which locks practice.
    practiser = f"practiser-{viewport}"
    if db.session.scalar(select(User).where(User.username == practiser)) is None:
        officer = next(o for o in db.session.scalars(select(Officer).where(
            Officer.status == "active", Officer.on_post.is_(True)).order_by(Officer.id))
            if o.id not in accounts and practice.locked_until(o.id, now) is None
            and practice.next_question(o.id, None, now) is not None)
        create_user(CLI, username=practiser, password=DEMO_PASSWORD, role="officer",
                    unit=officer.unit, officer=officer, display_name=officer.name)
    db.session.commit()
    question = db.session.scalar(select(Question.id).join(Question.versions).where(
        Question.status == "active", QuestionVersion.basis_clause.is_not(None),
        QuestionVersion.law_article_id.is_not(None)).order_by(Question.id))
    return {"login": login, "practiser": practiser, "attempt": found.id, "question": question}


def test_the_cited_article_reads_under_question_review_and_practice(site, journey, viewport):
    from playwright.sync_api import expect

    page = journey.page
    facts = site.query(lambda: _reviewable(viewport))
    article = page.locator("figure.law-article")

    journey.login("legal", site.password)
    journey.go(f"/questions/{facts['question']}")
    expect(article.first).to_be_visible()
    expect(article.first.locator("figcaption")).to_contain_text(re.compile(r"所引条文：《.+》（.+）第.+条"))
    expect(article.first.locator("p.fw-semibold")).to_have_count(1)     # the cited 款
    journey.step("1-question")
    page.context.clear_cookies()

    journey.login(facts["login"], site.password)
    journey.go(f"/results/attempts/{facts['attempt']}")
    expect(article.first).to_be_visible()
    journey.step("2-exam-review")
    page.context.clear_cookies()

    journey.login(facts["practiser"], site.password)

    for _ in range(15):                 # practice draws at random: go on until one cites a law
        journey.go("/results/practice")
        button = page.get_by_role("button", name=CHECK)
        first = page.locator("input[name=answer]").first
        if first.get_attribute("type") in ("radio", "checkbox"):
            first.check()
        else:
            first.fill("答")
        button.click()
        if article.count():
            break
    expect(article.first).to_be_visible()
    journey.step("3-practice")
