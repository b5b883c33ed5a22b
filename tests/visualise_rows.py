"""Hand-made finding rows shared by the visualise tests (not a test module)."""

from __future__ import annotations

import datetime

from ofsted_kg.visualise.rows import FindingRow, PersistenceRow, ThemeInfo

BASE = "https://w3id.org/ofsted-kg/inspection/"
A1, A2, A3 = BASE + "alpha/2009-01-12", BASE + "alpha/2012-05-01", BASE + "alpha/2017-02-06"
B1, B2 = BASE + "beta/2010-03-01", BASE + "beta/2014-06-09"

THEMES = [
    ThemeInfo("supervision", "Supervision", "workforce-and-leadership"),
    ThemeInfo("caseloads", "Caseloads & <workload>", "workforce-and-leadership"),
    ThemeInfo("timeliness", "Timeliness", "practice-quality"),
    ThemeInfo("assessment-quality", "Quality of assessments", "practice-quality"),
    ThemeInfo("neglect", 'Neglect "chronic"', "specific-needs"),
    ThemeInfo("early-help", "Early help", "help-and-protection"),
]


def _row(inspection, authority, region, day, framework, category, themes, grade=None):
    return FindingRow(inspection, authority, region, day, framework, category, tuple(themes), grade)


D = datetime.date
ROWS = [
    _row(A1, "Alpha", "London", D(2009, 1, 12), "UCRA", "strength", ["early-help"]),
    _row(A1, "Alpha", "London", D(2009, 1, 12), "UCRA", "area-for-development", ["supervision", "caseloads"]),
    _row(A1, "Alpha", "London", D(2009, 1, 12), "UCRA", "area-for-development", ["timeliness"]),
    _row(A2, "Alpha", "London", D(2012, 5, 1), "SIF", "area-for-priority-action", ["supervision", "timeliness"],
         "inadequate"),
    _row(A2, "Alpha", "London", D(2012, 5, 1), "SIF", "recommendation", ["supervision"], "inadequate"),
    _row(A3, "Alpha", "London", D(2017, 2, 6), "ILACS", "strength", ["supervision", "assessment-quality"], "good"),
    _row(B1, "Beta", "North West", D(2010, 3, 1), "UCRA", "area-for-development", ["neglect", "timeliness"]),
    _row(B1, "Beta", "North West", D(2010, 3, 1), "UCRA", "satisfactory", ["early-help"]),
    _row(B2, "Beta", "North West", D(2014, 6, 9), "SIF", "area-for-improvement", ["neglect", "unknown-theme"],
         "requires improvement"),
]
PERSISTENCE = [
    PersistenceRow("Alpha", "supervision", A1, A2),
    PersistenceRow("Alpha", "timeliness", A1, A2),
    PersistenceRow("Beta", "neglect", B1, B2),
]
