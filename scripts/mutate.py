"""Mutation testing of the rule modules, one module at a time, each against its own tests.

    .venv/bin/python scripts/mutate.py [--report | --again] [MODULE_SUBSTRING ...]

mutmut 3 runs in a work folder per module (build/mutate/<module>/) whose pyproject.toml is
the project's [tool.mutmut] plus `only_mutate` = that module and the test paths of GUARDS as
the test selection; within them mutmut runs, for each mutant, only the tests that called the
mutated function. Prints a score per module: killed / (mutants − equivalent ones), where the
equivalent ones are listed in tests/mutation_equivalents.md. Exits 1 when a module scores
under 90 %. --report prints the table of the last run without running anything; --again runs
only the mutants the last run left alive (after tests were added to the guard's files), keeping
the rest of its results; a module whose guard lists other files than then runs in full.
MUTATE_JOBS (default 2) is how many mutants run at once.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutate"
EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.md"
BAR = 0.90

# Each rule module and the tests that guard it.
GUARDS = {
    "app/training/rules.py": ["tests/training/test_rules.py", "tests/training/test_properties.py"],
    "app/core/scoping.py": ["tests/core/test_scoping.py"],
    "app/core/idcard.py": ["tests/core/test_idcard.py"],
    "app/exams/grading.py": ["tests/exams/test_grading.py", "tests/exams/test_taking.py"],
    "app/certificates/clearance.py": ["tests/certificates/test_clearance.py"],
    "app/talentpool/eligibility.py": ["tests/talentpool/test_rules.py"],
    # The property tests (tests/training/test_properties.py) also hold the SQL to the rules,
    # but at several seconds a run they would make this module alone take most of an hour.
    "app/training/compliance.py": ["tests/training/test_compliance.py"],
    "app/results/grading.py": ["tests/results/test_grading.py"],
    "app/exams/taking.py": ["tests/exams/test_taking_rules.py", "tests/exams/test_taking.py"],
    "app/exams/drawing.py": ["tests/exams/test_drawing_rules.py", "tests/exams/test_services.py"],
}
# Each format module on its own, so each gets its score (and its run stays at minutes).
FORMAT_TESTS = ["tests/questions/test_format_rules.py", "tests/questions/test_formats.py",
                "tests/questions/test_moodle_markup.py", "tests/questions/test_format_readers.py"]
for _name in ("aiken", "answers", "gift", "markup", "model", "rows", "validation", "yaml_bank"):
    GUARDS[f"app/questions/formats/{_name}.py"] = FORMAT_TESTS
# The law library's rule modules (its views, forms, CLI and export are left out).
LAW_RULES = "tests/laws/test_law_rules.py"
GUARDS.update({
    "app/laws/numbers.py": ["tests/laws/test_files.py", LAW_RULES],
    "app/laws/files.py": ["tests/laws/test_files.py", LAW_RULES],
    "app/laws/models.py": ["tests/laws/test_files.py", LAW_RULES, "tests/laws/test_drawing.py"],
    "app/laws/queries.py": ["tests/laws/test_drawing.py", "tests/laws/test_review.py", LAW_RULES],
    "app/laws/citations.py": ["tests/laws/test_citations.py", LAW_RULES],
    # `flask laws list` and `flask laws check` (tests/laws/test_import.py) are what checks serves.
    "app/laws/checks.py": ["tests/laws/test_import.py", "tests/laws/test_citations.py",
                           "tests/laws/test_drawing.py", LAW_RULES],
    "app/laws/services.py": ["tests/laws/test_import.py", "tests/laws/test_review.py",
                             LAW_RULES],
})
# Files and folders the tests need beside app/ and tests/ (copied by mutmut into mutants/).
LINKED = ["app", "tests", "config.py", "migrations", "question_bank", "law_library", "babel.cfg"]

# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code): 1 and 3 killed, the rest
# timeouts; 0 survived, 33 no test ran it, anything else counts as not killed either.
KILLED = {1, 3, 36, 24, -24, 152, 255}


def slug(module: str) -> str:
    return module.strip("/").removesuffix(".py").replace("/", ".")


def equivalents() -> dict[str, str]:
    """mutant name -> why it changes no behaviour, from the list beside the configuration.

    Under a heading `## app/x/y.py`, a line "- `function` 3, 7: why" (`Class.method` for a
    method) names mutmut's mutants app.x.y.x_function__mutmut_3 and _7.
    """
    found, module = {}, ""
    for line in EQUIVALENTS.read_text("utf-8").splitlines():
        if line.startswith("## "):
            module = slug(line[3:].strip())
        m = re.match(r"^- `([\w.]+)` ([\d, ]+):\s*(.+)", line)
        if m and module:
            function = m.group(1)
            mangled = "xǁ" + function.replace(".", "ǁ") if "." in function else "x_" + function
            for n in re.findall(r"\d+", m.group(2)):
                found[f"{module}.{mangled}__mutmut_{n}"] = m.group(3)
    return found


def settings_text(module: str, tests: list[str]) -> str:
    """The work folder's pyproject.toml: the project's [tool.mutmut] for this module and tests."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    base = project["tool"]["mutmut"]
    pattern = module + "*" if module.endswith("/") else module
    lines = ["[tool.mutmut]"]
    if module.startswith("app/laws/"):     # the law tests load the repository's library
        base = dict(base, also_copy=[*base["also_copy"], "law_library"])
    settings = dict(base, only_mutate=[pattern],
                    pytest_add_cli_args_test_selection=[t for t in tests if (ROOT / t).exists()])
    lines += [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    lines += ["", "[tool.pytest.ini_options]"]
    lines += [f"{key} = {json.dumps(value)}"
              for key, value in project["tool"]["pytest"]["ini_options"].items()]
    return "\n".join(lines) + "\n"


def prepare(module: str, tests: list[str]) -> Path:
    folder = WORK / slug(module)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in LINKED:
        if (ROOT / name).exists():
            (folder / name).symlink_to(ROOT / name)
    (folder / "pyproject.toml").write_text(settings_text(module, tests), "utf-8")
    return folder


def run(module: str, tests: list[str], mode: str = "") -> dict[str, int]:
    """mutant name -> exit code, after running mutmut on one module (or from its last run).

    mode "report": the last run's results; "again": rerun only its survivors that are not
    listed as equivalent (mutmut collects which functions the added tests call first)."""
    folder = WORK / slug(module)
    if mode == "report":
        return results(folder)
    names: list[str] = []
    settings = folder / "pyproject.toml"
    # Changed settings (a test file added to the guard) make mutmut forget every result.
    if mode == "again" and results(folder) and settings.exists() and \
            settings.read_text("utf-8") == settings_text(module, tests):
        known = equivalents()
        names = sorted(n for n, c in results(folder).items() if c not in KILLED and n not in known)
        if not names:
            return results(folder)
    else:
        folder = prepare(module, tests)
    log = folder / "mutmut.log"
    jobs = os.environ.get("MUTATE_JOBS", "2")
    with log.open("a" if names else "w") as out:
        subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", jobs, *names],
                       cwd=folder, stdout=out, stderr=subprocess.STDOUT, check=False,
                       env=dict(os.environ, HYPOTHESIS_PROFILE="mutation",
                                MIGRATED_SQLITE=str(folder / "migrated.db")))
    codes = results(folder)
    if not codes:
        print(f"{module}: no mutants ran, see {log.relative_to(ROOT)}", file=sys.stderr)
    return codes


def results(folder: Path) -> dict[str, int]:
    codes = {}
    for meta in (folder / "mutants").rglob("*.py.meta"):
        codes.update(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])
    return codes


def main(wanted: list[str]) -> int:
    mode = "report" if "--report" in wanted else "again" if "--again" in wanted else ""
    report_only = mode == "report"
    wanted = [w for w in wanted if w not in ("--report", "--again")]
    known = equivalents()
    rows, survivors = [], []
    for module, tests in GUARDS.items():
        if wanted and not any(w in module for w in wanted):
            continue
        codes = run(module, tests, mode)
        if report_only and not codes:
            continue
        equivalent = [name for name in codes if name in known]
        stale = [n for n in known if n.startswith(slug(module) + ".") and n not in codes]
        if stale:
            print(f"  {module}: listed as equivalent but not generated: {stale}")
        # An equivalent mutant counts on neither side, even when a timeout under load "killed" it.
        killed = sum(1 for n, code in codes.items() if code in KILLED and n not in known)
        counted = len(codes) - len(equivalent)
        alive = [n for n, c in codes.items() if c not in KILLED and n not in known]
        survivors += [(n, codes[n]) for n in sorted(alive)]
        score = killed / counted if counted else 0.0
        rows.append((module, len(codes), len(equivalent), killed, score))
        print(f"  {module}: {killed}/{counted} ({score:.0%})", flush=True)
    print()
    print(f"{'module':34} {'mutants':>7} {'equiv.':>6} {'killed':>6} {'score':>6}")
    for module, total, equivalent, killed, score in rows:
        print(f"{module:34} {total:7} {equivalent:6} {killed:6} {score:6.0%}")
    if survivors:
        print("\nnot killed (mutmut show NAME in build/mutate/<module>/ shows the change):")
        for name, code in survivors:
            print(f"  {name} (exit {code})")
    return 0 if rows and all(score >= BAR for *_, score in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
