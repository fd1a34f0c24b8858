"""Reporters: writers over the same stream of results; none of them decides what failed."""

from tenantprobe.reporting.allure import attach_failure, label_item
from tenantprobe.reporting.results import RunResults
from tenantprobe.reporting.write import write_reports

__all__ = ["RunResults", "attach_failure", "label_item", "write_reports"]
