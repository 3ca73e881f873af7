from tests.assessment.conftest import year_2026  # noqa: F401  (the same hand-computed year)
