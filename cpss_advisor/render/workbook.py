"""Writing workbooks: the intake workbook a country office fills in (`template_workbook`, for
`cpss template --format xlsx` and `cpss assessment new -o a.xlsx`) and the plan as a workbook (`plan_workbook`, for
`cpss recommend FILE --format xlsx -o plan.xlsx`).

Both are written with XlsxWriter (`xlsx_book`): the same input gives the same bytes, and every piece of user text is
written as text, whatever it starts with. Reading a filled intake workbook back is `cpss_advisor.intake.workbook`."""

from __future__ import annotations

from .plan_workbook import plan_workbook
from .template_workbook import template_workbook

__all__ = ["plan_workbook", "template_workbook"]
