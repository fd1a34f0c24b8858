"""Which contract tests share one xdist worker: the generated writes and the link sequences.

A generated write (a DELETE of a random id, a PATCH of one) may change any object that was there
before the run, and with it what depends on it: deleting a parent deletes its children on many
APIs. A link sequence (create, then read) relies on objects that were there before the run (the
child it creates names an existing parent). In one worker they run one after the other; across
workers they would interleave, and the sequence's read would find its object gone (a false
``ensure_resource_availability``). So both go to one worker (``--dist loadgroup``), in the order of
a one-worker run; generated reads still spread over every worker. What other tests created on
purpose is spared by the writes wherever they run (``core.shared_ids``).
"""

from __future__ import annotations

import pytest

from tenantprobe.core.config import SAFE_METHODS

GENERATED_WRITES = "generated-writes"  # the xdist group of every test that writes generated data


def group_generated_writes(items: list[pytest.Item]) -> None:
    """Mark each generated test of a write operation (``METHOD /path``) to run in the writes' worker."""
    for item in items:
        label = getattr(item, "operation_label", None)  # set on schemathesis' generated tests
        if isinstance(label, str) and label.split(" ", 1)[0].upper() not in SAFE_METHODS:
            item.add_marker(pytest.mark.xdist_group(GENERATED_WRITES))
