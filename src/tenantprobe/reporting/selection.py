"""How to select one test again on the command line, whatever its parameter id holds.

Pytest cannot select a node id whose parameter holds a ``/`` (``test[GET /things/{id}]``, as the
generated contract tests are named); a ``-k`` expression of the name's pieces selects it instead:
each piece is a run of the characters ``-k`` accepts, so ``test[GET`` pins the start of the name
and ``/things/me]`` its end.
"""

from __future__ import annotations

import re
import shlex

_SELECTABLE = re.compile(r"[\w.\-]*")
_K_PIECE = re.compile(r"[\w:+\-.\[\]\\/]+")  # what pytest's -k takes as one identifier
_K_SKIPPED = {"and", "or", "not", "True", "False", "None", "]"}  # -k's own words; a bare `]` says nothing
_XDIST_GROUP = re.compile(r"@[\w\-]+$")  # `--dist loadgroup` appends `@group` to a grouped test's node id


def selection_args(nodeid: str) -> list[str]:
    """Pytest arguments that run the test ``nodeid`` (and, rarely, a sibling sharing its pieces)."""
    nodeid = _XDIST_GROUP.sub("", nodeid)
    path, _, rest = nodeid.partition("::")
    name, bracket, parameter = rest.rpartition("::")[-1].partition("[")
    if not bracket or _SELECTABLE.fullmatch(parameter.rstrip("]")):
        return [nodeid]
    pieces = [piece for piece in _K_PIECE.findall(f"{name}[{parameter}") if piece not in _K_SKIPPED]
    return [path, "-k", " and ".join(dict.fromkeys(pieces))]


def rerun_command(nodeid: str, seed: object = None) -> str:
    seed_option = f" --seed {seed}" if seed is not None else ""
    return f"tenantprobe run{seed_option} -- " + " ".join(shlex.quote(arg) for arg in selection_args(nodeid))
