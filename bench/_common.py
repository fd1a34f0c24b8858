"""What every benchmark shares: the machine line, markdown tables, results.md and the README section."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results.md"
LATEST = ROOT / "bench" / "latest"
README = ROOT / "README.md"
MARKER, END_MARKER = "<!-- RESULTS -->", "<!-- /RESULTS -->"
# The order of the README's results section, by the name each benchmark saves its table under.
SECTIONS = (
    "detection-matrix", "detection-matrix-2-workers", "detection-matrix-own-limit", "throughput",
    "where-time-goes",
    "time-to-detect", "profile-ci", "profile-default",
    "scaling", "scaling-workers", "peers",
)  # fmt: skip
BUSY_PER_CORE = 1.5  # above this load average per core, seconds say more about the machine than the code


def load_per_core() -> float:
    """The one-minute load average per core (0 where the system does not tell)."""
    if not hasattr(os, "getloadavg"):
        return 0.0
    return os.getloadavg()[0] / (os.cpu_count() or 1)


def busy_flag(per_core: float | None = None) -> str:
    """A warning when the machine was busier than ``BUSY_PER_CORE``, else nothing."""
    value = load_per_core() if per_core is None else per_core
    return f"**busy: load {value:.1f} per core**" if value > BUSY_PER_CORE else ""


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    flag = busy_flag()
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}{load}" + (
        f" — {flag} (above {BUSY_PER_CORE}: seconds not comparable with a quiet machine's)" if flag else ""
    )


def now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def command() -> str:
    return "python " + shlex.join([os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join("" if cell is None else str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def publish(name: str, title: str, body: str, notes: str = "") -> str:
    """Print the table, append it to bench/results.md, keep it as the latest for the README."""
    block = f"### {title}\n\n`{command()}` · {now()} · {machine()}\n\n{body}\n"
    if notes:
        block += f"\n{notes}\n"
    print(block)
    with RESULTS.open("a", encoding="utf-8") as results:
        results.write("\n" + block)
    LATEST.mkdir(exist_ok=True)
    (LATEST / f"{name}.md").write_text(block, encoding="utf-8")
    refresh_readme()
    return block


def refresh_readme() -> None:
    """Rewrite the README's results section from the latest table of every benchmark."""
    text = README.read_text(encoding="utf-8")
    if MARKER not in text:
        return
    head, _, rest = text.partition(MARKER)
    _, found, tail = rest.partition(END_MARKER)
    if not found:  # the first time: the marker line alone stands where the section goes
        tail = rest.split("\n", 1)[1] if "\n" in rest else ""
    parts = [
        (LATEST / f"{name}.md").read_text(encoding="utf-8")
        for name in SECTIONS
        if (LATEST / f"{name}.md").exists()
    ]
    section = (ROOT / "bench" / "README_SECTION.md").read_text(encoding="utf-8").strip()
    body = "\n\n".join([section, *(part.replace("### ", "#### ", 1).strip() for part in parts)])
    README.write_text(f"{head}{MARKER}\n{body}\n{END_MARKER}\n{tail.lstrip(chr(10))}", encoding="utf-8")
