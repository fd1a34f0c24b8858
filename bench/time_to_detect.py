"""Time to detect: seconds and requests until each defect's first finding, at default settings.

    python bench/time_to_detect.py            # from reports/detection-matrix.json (run it if missing)
    python bench/time_to_detect.py --rerun    # run the detection matrix again first (no clean runs)

The numbers are the detection matrix's: one `tenantprobe run` per defect with its family's suite;
seconds from the command's launch to the end of the first test with a finding, requests counted at
the server up to that finding's request.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from typing import Any

from _common import ROOT, publish, table

MATRIX = ROOT / "reports" / "detection-matrix.json"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rerun", action="store_true", help="run bench/detection_matrix.py first")
    args = parser.parse_args()
    if args.rerun or not MATRIX.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "detection_matrix.py"), "--no-clean"], check=False
        )
    data = json.loads(MATRIX.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = [
        r for r in data["rows"] if r["defect"] != "(clean build)" and r["dialect"] == "default"
    ]
    body = []
    for row in sorted(rows, key=lambda r: (r["family"], r["seconds_to_first"] or 1e9)):
        requests = row["requests_to_first"]
        if requests is not None and not row["requests_counted_exactly"]:
            requests = f"≤{requests}"
        body.append(
            [
                f"`{row['defect']}`",
                row["family"],
                "yes" if row["detected"] else "**NO**",
                row["seconds_to_first"],
                requests,
                row["wall_s"],
            ]
        )
    seconds = [r["seconds_to_first"] for r in rows if r["seconds_to_first"] is not None]
    exact = [r["requests_to_first"] for r in rows if r["requests_counted_exactly"]]
    notes = (
        f"Median {statistics.median(seconds):.1f} s and max {max(seconds):.1f} s to the first finding; "
        f"median {statistics.median(exact):.0f} requests where the finding is a request to the target. "
        "Seconds include "
        "interpreter start, the embedded target's start and spec load, on a shared 2-core machine."
        if seconds and exact
        else "No detection to summarise."
    )
    header = ["defect", "family", "detected", "s to first finding", "requests to first", "run wall s"]
    publish("time-to-detect", "Time to detect (default settings)", table(header, body), notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
