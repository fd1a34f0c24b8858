"""How to run one test again from the command line, exactly that test, from any folder.

Pytest cannot select a node id whose parameter holds a ``/`` or a space (``test[GET /things/{id}]``,
as the generated contract tests are named), and a ``-k`` expression of the name's pieces may select
its siblings too. ``--tp-test NODEID`` (the plugin's option) keeps exactly the tests named and
deselects every other one.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable

TEST_OPTION = "--tp-test"
_XDIST_GROUP = re.compile(r"@[\w\-]+$")  # `--dist loadgroup` appends `@group` to a grouped test's node id


def selection_args(nodeid: str) -> list[str]:
    """Pytest arguments that run exactly the test ``nodeid`` (without the group xdist may append)."""
    return [TEST_OPTION, _XDIST_GROUP.sub("", nodeid)]


def run_options(
    config: str, target_url: str | None, seed: object = None, examples: object = None
) -> list[str]:
    """The ``tenantprobe run`` options that repeat a run: its configuration (an absolute path, so the
    command works from any folder), its target as used, its seed and example count."""
    options = ["--config", config]
    if target_url:
        options += ["--target-url", target_url]
    if seed is not None:
        options += ["--seed", str(seed)]
    if examples:
        options += ["--examples", str(examples)]
    return options


def rerun_command(nodeid: str, options: Iterable[str]) -> str:
    """``tenantprobe run OPTIONS -- --tp-test NODEID``, quoted for a POSIX shell."""
    return shell_line(["tenantprobe", "run", *options, "--", *selection_args(nodeid)])


def shell_line(arguments: Iterable[str]) -> str:
    return " ".join(shlex.quote(argument) for argument in arguments)
