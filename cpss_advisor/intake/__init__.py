"""Assessments in: the assessment model and its checks, the intake workbook reader, answer sheets and the evidence questionnaire, the case management checklist, and the one door `load_assessment`."""
