"""question_bank/ is deep enough for a year of quarterly exams in every category (issue 16)."""
from datetime import datetime
from pathlib import Path

from app.core.actor import CLI
from app.exams import plan
from app.specialties.models import all_specialties

ROOT = Path(__file__).resolve().parents[2]


def test_the_2027_plan_opens_every_quarterly_exam_of_every_category(runner, db, province):
    for kind, path in (("laws", "law_library"), ("questions", "question_bank")):
        result = runner.invoke(args=["import", kind, str(ROOT / path)])
        assert result.exit_code == 0, result.output
    outcome = plan.create_year_plan(CLI, 2027, province["top"], plan.PlanTemplate(),
                                    datetime(2026, 12, 6))
    assert [(e.name, why) for e, why in outcome.drafts] == []
    assert len(outcome.scheduled) == 4 * len(all_specialties())
