"""Run a Python module or script in this process and print its peak RSS (MB) to stderr last.

    python bench/peak.py -m flask --app app import officers FILE
    python bench/peak.py bench/read_only.py FILE
"""
import atexit
import resource
import runpy
import sys


def report() -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"PEAK_RSS_MB {peak:.1f}", file=sys.stderr)


atexit.register(report)
if sys.argv[1] == "-m":
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
