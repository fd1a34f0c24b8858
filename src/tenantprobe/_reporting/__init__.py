"""Reporters: writers over the same stream of results; none of them decides what failed."""

from tenantprobe._reporting._allure import attach_failure, label_item
from tenantprobe._reporting._results import RunResults
from tenantprobe._reporting._write import write_reports

__all__ = ["RunResults", "attach_failure", "label_item", "write_reports"]
