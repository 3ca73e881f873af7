"""Floor for the import: read every row of a roster file and do nothing else."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.tables import read_rows  # noqa: E402

count = sum(1 for _ in read_rows(Path(sys.argv[1])))
print(count)
