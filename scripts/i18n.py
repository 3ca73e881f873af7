"""Keep the Simplified Chinese catalogue (folder zh: Babel resolves zh_CN to zh_Hans_CN, then zh) in step with the source: extract, merge, report what is untranslated.

Usage: python scripts/i18n.py [TRANSLATIONS.py]
A translations file defines ZH = {english: chinese}; its entries are written
into app/translations/zh/LC_MESSAGES/messages.po.
"""
import runpy
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "app/translations/zh/LC_MESSAGES/messages.po"
POT = ROOT / "build/messages.pot"


def extract() -> None:
    POT.parent.mkdir(exist_ok=True)
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(POT), "."],
                   cwd=ROOT, check=True, capture_output=True)


def merge(extra: dict[str, str]) -> list[str]:
    template = read_po(POT.open("rb"))
    old = read_po(PO.open("rb"), locale="zh_CN") if PO.exists() else None
    template.locale = "zh_CN"
    template.fuzzy = False
    missing = []
    for message in template:
        if not message.id:
            continue
        known = old.get(message.id) if old else None
        message.string = extra.get(message.id) or (known.string if known else "")
        if not message.string:
            missing.append(message.id)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as out:
        write_po(out, template, width=100, omit_header=False)
    return missing


if __name__ == "__main__":
    extract()
    extra = {}
    for source in sorted((ROOT / "scripts/zh").glob("*.py")):
        extra |= runpy.run_path(str(source))["ZH"]
    missing = merge(extra)
    print("untranslated:", *missing, sep="\n  ") if missing else print("all translated")
