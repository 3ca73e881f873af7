"""Export jobs reuse the training fixtures (sessions and attendance)."""
from tests.training.conftest import attend, make_session  # noqa: F401  (fixtures)
