"""``tenantprobe report``: the Allure HTML report from reports/allure-results, with the Allure CLI;
``--merge DIR...``: one summary.json and summary.html from the report folders of sharded runs.

The CLI is looked for on PATH (``allure``: allure-commandline or the npm ``allure`` package installed
globally) and in ``./node_modules/.bin``. Where none is found, the command says how to install one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tenantprobe.reporting.allure import allure_categories
from tenantprobe.reporting.html import write_summary_html
from tenantprobe.reporting.merge import MergeError, merge_summaries, read_shard

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

INSTALL_HINT = """\
tenantprobe report: no Allure command line found (looked for `allure` on PATH and in ./node_modules/.bin).
Install one of:
  npm install --save-dev allure          # Allure 3, needs Node.js 20+; then rerun this command
  npm install -g allure-commandline      # Allure 2, needs Java 8+ on PATH
or view the results without it: open {html} (written by every run)."""


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reports", default="reports", help="the run's report folder (default: reports)")
    parser.add_argument("--output", help="where the HTML report goes (default: REPORTS/allure-report)")
    parser.add_argument("--allure", help="the Allure command to use (default: found on PATH)")
    parser.add_argument(
        "--merge",
        nargs="+",
        metavar="DIR",
        help="merge the report folders of sharded runs into --reports (summary.json, summary.html)",
    )
    parser.set_defaults(handler=handle)


def find_allure(explicit: str | None = None) -> str | None:
    if explicit:
        return shutil.which(explicit) or (explicit if Path(explicit).is_file() else None)
    local = Path.cwd() / "node_modules" / ".bin" / "allure"
    return shutil.which("allure") or (str(local) if local.is_file() else None)


def allure_major_version(allure: str) -> int:
    """2 or 3: their ``generate`` options differ; unknown answers count as 3 (the current one)."""
    try:
        completed = subprocess.run(
            [allure, "--version"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return 3
    version = (completed.stdout or completed.stderr).strip()
    return 2 if version.startswith("2.") else 3


def generate_command(
    allure: str, results: Path, output: Path, major: int, config: Path | None = None
) -> list[str]:
    if major == 2:
        return [allure, "generate", str(results), "-o", str(output), "--clean"]
    extra = ["--config", str(config)] if config is not None else []
    return [allure, "generate", str(results), "--output", str(output), *extra]


def write_allure3_config(results: Path, folder: Path) -> Path:
    """Allure 3 takes categories from its config file, not from categories.json: hand them over."""
    try:
        categories = json.loads((results / "categories.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        categories = allure_categories()
    path = folder / "allurerc.json"
    path.write_text(json.dumps({"name": "tenantprobe", "categories": categories}, indent=2), encoding="utf-8")
    return path


def merge(folders: list[str], into: Path) -> int:
    """Write the merged summary.json, findings/ and summary.html; exit 1 when the run found anything."""
    try:
        shards = [read_shard(Path(folder)) for folder in folders]
        document = merge_summaries(shards, folders)
    except MergeError as error:
        print(f"tenantprobe report --merge: {error}", file=sys.stderr)
        return EXIT_USAGE
    into.mkdir(parents=True, exist_ok=True)
    (into / "summary.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    detail = into / "findings"
    detail.mkdir(exist_ok=True)
    for folder in folders:
        for path in sorted((Path(folder) / "findings").glob("*.json")):
            if path.parent.resolve() != detail.resolve():
                shutil.copyfile(path, detail / path.name)
    write_summary_html(into, document)
    findings, errors = document["findings"], document["errors"]
    print(
        f"tenantprobe report: {len(folders)} shard(s) merged into {into / 'summary.json'} and summary.html: "
        f"{len(findings)} finding(s), {len(errors)} harness error(s)"
    )
    return EXIT_FAILED if findings or errors else EXIT_OK


def handle(args: argparse.Namespace) -> int:
    if args.merge:
        return merge(args.merge, Path(args.reports))
    reports = Path(args.reports)
    results = reports / "allure-results"
    if not results.is_dir() or not any(results.glob("*-result.json")):
        print(
            f"tenantprobe report: no Allure results in {results}; run `tenantprobe run` first "
            "(or pass --reports with the folder of a CI run)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    allure = find_allure(args.allure)
    if allure is None:
        print(INSTALL_HINT.format(html=reports / "summary.html"), file=sys.stderr)
        return EXIT_USAGE
    output = Path(args.output) if args.output else reports / "allure-report"
    if output.exists():
        shutil.rmtree(output)
    major = allure_major_version(allure)
    with tempfile.TemporaryDirectory(prefix="tenantprobe-allure-") as scratch:
        config = write_allure3_config(results, Path(scratch)) if major == 3 else None
        command = generate_command(allure, results, output, major, config)
        print("tenantprobe report: " + " ".join(command))
        code = subprocess.call(command, stdin=subprocess.DEVNULL)
    if code != 0 or not (output / "index.html").is_file():
        print(f"tenantprobe report: Allure failed (exit {code}); see its output above", file=sys.stderr)
        return EXIT_FAILED
    print(f"tenantprobe report: {output / 'index.html'}")
    return EXIT_OK
