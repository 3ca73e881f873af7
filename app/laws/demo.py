"""Demo data for the law library: law_library/ loaded after the bank, as a province that
adopts the library finds it: questions citing a replaced version follow an unchanged
article by themselves; the others wait in the legal section's review queue."""
from pathlib import Path

from app.core.actor import CLI
from app.laws import services

LIBRARY = Path(__file__).resolve().parents[2] / "law_library"


def build(rng=None) -> int:
    if not LIBRARY.is_dir():
        return 0
    report = services.run_import(LIBRARY, CLI)
    if not report.ok:
        raise RuntimeError("法条库演示数据导入失败: " + "; ".join(map(str, report.errors[:5])))
    return report.created
