"""Finding categories: one per check family, each with its section of docs/runbook.md.

The Allure categories, summary.html and every finding's rendering name the same category and link the
same runbook anchor, so a person goes from a finding to "what it means, how to confirm, how to fix".
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from tenantprobe.families import FAMILIES, NAMES, family_named

RUNBOOK_ENV = "TP_RUNBOOK_URL"  # e.g. the runbook's address in the team's code browser
_RUNBOOK_FILE = Path(__file__).resolve().parents[3] / "docs" / "runbook.md"


@dataclass(frozen=True)
class Category:
    family: str
    name: str
    anchor: str  # the heading's anchor in docs/runbook.md


CATEGORIES: tuple[Category, ...] = tuple(
    Category(family.name, family.category, family.anchor) for family in FAMILIES
)
HARNESS_ERROR = Category("harness", "Harness error", "harness-error")  # a test failed without a finding
_BY_FAMILY = {category.family: category for category in (*CATEGORIES, HARNESS_ERROR)}


def category_of(family: str) -> Category:
    """The category of ``family``'s findings; a name no family carries is an error."""
    return _BY_FAMILY.get(family) or CATEGORIES[NAMES.index(family_named(family).name)]


def runbook_base() -> str:
    """Where the runbook is read: ``$TP_RUNBOOK_URL``, else the checkout's docs/runbook.md."""
    configured = os.environ.get(RUNBOOK_ENV, "").strip()
    if configured:
        return configured
    return _RUNBOOK_FILE.as_uri() if _RUNBOOK_FILE.exists() else "docs/runbook.md"


def runbook_link(family: str) -> str:
    return f"{runbook_base()}#{category_of(family).anchor}"


def tag(family: str) -> str:
    """The marker put in front of a failure message; Allure's categories match on it."""
    return f"[{family}]"


def runbook_sections(path: Path = _RUNBOOK_FILE) -> dict[str, str]:
    """anchor -> the section's Markdown text, for pages that carry the runbook with them."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    sections: dict[str, str] = {}
    for chunk in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        heading, _, body = chunk.partition("\n")
        sections[slug(heading)] = body.strip()
    return sections


def slug(heading: str) -> str:
    """The anchor a Markdown renderer gives ``heading`` (lower case, spaces to dashes)."""
    cleaned = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return cleaned.replace(" ", "-")
