"""Type-check the product packages with mypy against the errors recorded in mypy-baseline.txt.

    .venv/bin/python scripts/mypy_baseline.py            # check (CI runs this)
    .venv/bin/python scripts/mypy_baseline.py --update   # rewrite the baseline from today's errors

The baseline only shrinks: the check fails on an error that is not in it, and also on a recorded
error that is gone, so a fix is written down and cannot come back unnoticed. Each entry is one
error without its line number ("path: error: message  [code]"), so an edit above an old error
does not turn it into a new one; an error repeated in one file is recorded once per occurrence.
Which packages are checked, and how, is set in pyproject.toml under [tool.mypy].
"""

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
HEADER = (
    "# mypy errors accepted for now; fix them and remove them, never add any.\n"
    "# Rewritten by: .venv/bin/python scripts/mypy_baseline.py --update\n"
)
LOCATION = re.compile(r"^(?P<path>[^:]+?)(?::\d+)?(?::\d+)?: error: ")
LINE_REFERENCE = re.compile(r"\bon line \d+")


def normalize(line: str) -> str | None:
    match = LOCATION.match(line)
    if match is None:
        return None
    message = line[match.end() :].rstrip()
    # Messages such as 'Name "x" already defined on line 12' would move with every edit too.
    message = LINE_REFERENCE.sub("on line N", message)
    return f"{match['path']}: error: {message}"


def current_errors() -> Counter[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--no-pretty",
            "--no-color-output",
            "--no-error-summary",
            "--hide-error-context",
            "--show-error-codes",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    # 0: no errors, 1: errors found; anything else means mypy itself failed.
    if result.returncode not in (0, 1):
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit(f"mypy failed to run (exit status {result.returncode}).")
    errors = Counter()
    for line in result.stdout.splitlines():
        entry = normalize(line)
        if entry is not None:
            errors[entry] += 1
    if result.returncode == 1 and not errors:
        sys.stderr.write(result.stdout + result.stderr)
        sys.exit("mypy reported a failure that is not an error line.")
    return errors


def read_baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def write_baseline(errors: Counter[str]) -> None:
    BASELINE.write_text(HEADER + "".join(f"{e}\n" for e in sorted(errors.elements())), "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--update", action="store_true", help="rewrite mypy-baseline.txt from today's errors"
    )
    arguments = parser.parse_args()

    errors = current_errors()
    if arguments.update:
        write_baseline(errors)
        print(f"mypy-baseline.txt: {sum(errors.values())} errors recorded.")
        return 0

    baseline = read_baseline()
    new = errors - baseline
    gone = baseline - errors
    if new:
        print(f"mypy: {sum(new.values())} new errors (not in mypy-baseline.txt), fix them:")
        for entry in sorted(new.elements()):
            print(f"  {entry}")
        print("Their line numbers: .venv/bin/mypy")
    if gone:
        print(f"mypy: {sum(gone.values())} errors are fixed, remove these from the baseline:")
        for entry in sorted(gone.elements()):
            print(f"  {entry}")
        print("(.venv/bin/python scripts/mypy_baseline.py --update rewrites it)")
    if new or gone:
        return 1
    print(f"mypy: no new errors ({sum(baseline.values())} in the baseline).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
