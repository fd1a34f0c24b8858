"""How to select one test again on the command line, whatever its parameter id holds.

Pytest cannot select a node id whose parameter holds a ``/`` (``test[GET /things/{id}]``, as the
generated contract tests are named); a ``-k`` expression of the id's words selects it instead.
"""

from __future__ import annotations

import re
import shlex

_SELECTABLE = re.compile(r"[\w.\-]*")


def selection_args(nodeid: str) -> list[str]:
    """Pytest arguments that run the test ``nodeid`` (and, rarely, a sibling with the same words)."""
    path, _, rest = nodeid.partition("::")
    name, bracket, parameter = rest.partition("[")
    if not bracket or _SELECTABLE.fullmatch(parameter.rstrip("]")):
        return [nodeid]
    words = [name.split("::")[-1], *re.findall(r"\w+", parameter)]
    return [path, "-k", " and ".join(dict.fromkeys(words))]


def rerun_command(nodeid: str, seed: object = None) -> str:
    seed_option = f" --seed {seed}" if seed is not None else ""
    return f"tenantprobe run{seed_option} -- " + " ".join(shlex.quote(arg) for arg in selection_args(nodeid))
