"""The plan as a workbook (`cpss recommend FILE --format xlsx -o plan.xlsx`): Plan (the steps, with a filter),
Roadmap (steps by subdomain and period), Phases (current against target phase, with a column chart), Deferred,
Warnings and Provenance. Sheets are not protected: the plan is the office's to annotate."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from ..kb.knowledge_base import KnowledgeBase
from .xlsx_book import Book, Sheet

PLAN_HEADERS = ["Rank", "Period", "Months", "Track", "Step", "Subdomain", "From phase", "To phase", "Score",
                "Score terms", "Interventions", "Lead actors", "Rationale", "Requires", "Unblocks"]
_PLAN_WIDTHS = [6, 7, 8, 9, 10, 30, 20, 20, 7, 44, 60, 36, 80, 14, 14]
PHASES_HEADERS = ["Subdomain", "Title", "Current phase", "Target phase"]
_PHASES_WIDTHS = [11, 34, 14, 14]
DEFERRED_HEADERS = ["Step", "Subdomain", "From phase", "To phase", "Score", "Reason", "Requires", "Not before wave"]
_DEFERRED_WIDTHS = [10, 30, 20, 20, 7, 70, 16, 10]
WARNING_HEADERS = ["Kind", "Code", "Subdomains", "Text", "Rule or place"]
_WARNING_WIDTHS = [10, 22, 14, 90, 30]
_PROVENANCE_WIDTHS = [36, 70]
#: The chart of the Phases sheet: its title, axes and size (26 x 12 cm at 96 pixels an inch), beside the table.
CHART_TITLE = "Current and target phase by subdomain"
_CHART_SIZE = {"width": 983, "height": 454}


def plan_workbook(plan, kb: KnowledgeBase) -> bytes:
    """The plan (a `plan_model.Plan`) as a workbook: Plan, Roadmap, Phases (with a column chart), Deferred,
    Warnings and Provenance."""
    data = plan.model_dump(mode="json")
    book = Book(f"CPSS plan for {data.get('country', '')}")
    _plan_sheet(book, data, kb)
    _roadmap_sheet(book, data, kb)
    _phases_sheet(book, data, kb)
    _deferred_sheet(book, data, kb)
    _warnings_sheet(book, data)
    _provenance_sheet(book, data)
    return book.close()


def _subdomain_order(kb: KnowledgeBase) -> list[str]:
    return [s for o in sorted(kb.outcomes) for s in kb.subdomains_of(o)]


def _phase_label(kb: KnowledgeBase, n: int | None) -> str | None:
    return None if n is None else f"{n} {kb.phases[n].name}" if n in kb.phases else str(n)


def _bullets(items: Iterable[str]) -> str | None:
    items = [i for i in items if i]
    return "\n".join(f"- {i}" for i in items) if items else None


def _table(book: Book, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
           widths: Sequence[float], *, freeze: tuple[int, int] | None = (1, 0)) -> tuple[Sheet, int]:
    """A sheet of a header row and `rows` (wrapped, top-aligned), rows fitted to their text; returns the sheet and
    the number of data rows."""
    sheet = book.sheet(name, widths)
    sheet.header(headers)
    n = 0
    for n, values in enumerate(rows, 1):
        sheet.put_row(n, values, "wrap")
    if freeze:
        sheet.ws.freeze_panes(*freeze)
    sheet.fit_rows()
    return sheet, n


def _plan_sheet(book: Book, data: dict, kb: KnowledgeBase) -> None:
    actors = {a.id: a.title for a in kb.vocabulary.actors} if kb.vocabulary else {}
    rows = []
    for rec in sorted(data.get("recommendations", []), key=lambda x: x["rank"]):
        ivs = rec.get("interventions", [])
        leads = sorted({a for iv in ivs for a in iv.get("lead_actors", [])})
        rows.append([
            rec["rank"], rec["wave"], f"{rec['start_month']}-{rec['end_month']}", rec["track"], rec["id"],
            f"{rec['subdomain']} {rec.get('subdomain_title') or kb.subdomains[rec['subdomain']].title}",
            _phase_label(kb, rec["from_phase"]), _phase_label(kb, rec["to_phase"]), rec["score"],
            _bullets(f"{t['weight']:+g} {t['label']} [{t['rule']}]" for t in rec.get("score_terms", [])),
            _bullets(f"{iv['title']} [{iv['id']}]" for iv in ivs),
            ", ".join(actors.get(a, a) for a in leads) or None,
            _bullets(x.get("text", "") for x in rec.get("rationale", [])),
            ", ".join(rec.get("requires", [])) or None,
            ", ".join(rec.get("unblocks", [])) or None,
        ])
    sheet, n = _table(book, "Plan", PLAN_HEADERS, rows, _PLAN_WIDTHS, freeze=(1, 5))
    sheet.ws.autofilter(0, 0, n, len(PLAN_HEADERS) - 1)


def _roadmap_sheet(book: Book, data: dict, kb: KnowledgeBase) -> None:
    waves = [w["wave"] for w in data.get("waves", [])]
    months = {w["wave"]: w["months"] for w in data.get("waves", [])}
    headers = ["Subdomain", "Title"] + [f"Period {w} (months {months[w]})" for w in waves] + ["Deferred"]
    cells: dict[tuple[str, Any], list[str]] = {}
    for rec in sorted(data.get("recommendations", []), key=lambda x: x["rank"]):
        cells.setdefault((rec["subdomain"], rec["wave"]), []).append(rec["id"])
    for d in data.get("deferred", []):
        cells.setdefault((d["subdomain"], "deferred"), []).append(d["id"])
    rows = []
    for sid in _subdomain_order(kb):
        row = [sid, kb.subdomains[sid].title]
        row += ["\n".join(cells.get((sid, w), [])) or None for w in waves]
        row.append("\n".join(cells.get((sid, "deferred"), [])) or None)
        rows.append(row)
    _table(book, "Roadmap", headers, rows, [11, 34] + [18] * len(waves) + [18], freeze=(1, 2))


def _phases_sheet(book: Book, data: dict, kb: KnowledgeBase) -> None:
    current = {r["subdomain"]: r["phase"] for r in data.get("ratings", [])}
    target = {t["subdomain"]: t["phase"] for t in data.get("targets", [])}
    rows = [[sid, kb.subdomains[sid].title, current.get(sid), target.get(sid, current.get(sid))]
            for sid in _subdomain_order(kb)]
    sheet, n = _table(book, "Phases", PHASES_HEADERS, rows, _PHASES_WIDTHS)
    name = sheet.ws.name
    chart = book.workbook.add_chart({"type": "column"})
    for col in (2, 3):  # current, target: named by their headers, one column per subdomain
        chart.add_series({"name": [name, 0, col], "categories": [name, 1, 0, n, 0],
                          "values": [name, 1, col, n, col]})
    chart.set_title({"name": CHART_TITLE})
    chart.set_x_axis({"name": "Subdomain"})
    chart.set_y_axis({"name": "Phase (1 Building - 4 Maturity)", "min": 0, "max": 4, "major_unit": 1})
    chart.set_size(_CHART_SIZE)
    sheet.ws.insert_chart("F2", chart)


def _deferred_sheet(book: Book, data: dict, kb: KnowledgeBase) -> None:
    rows = [[d["id"], f"{d['subdomain']} {kb.subdomains[d['subdomain']].title}",
             _phase_label(kb, d["from_phase"]), _phase_label(kb, d["to_phase"]), d["score"], d.get("reason"),
             ", ".join(d.get("requires", [])) or None, d.get("not_before")]
            for d in data.get("deferred", [])]
    _table(book, "Deferred", DEFERRED_HEADERS, rows, _DEFERRED_WIDTHS)


def _warnings_sheet(book: Book, data: dict) -> None:
    rows = [["advice", a.get("code"), None, a.get("text"), a.get("rule")] for a in data.get("advice", [])]
    for w in data.get("warnings", []):
        subs = w.get("subdomains") or ([w["subdomain"]] if w.get("subdomain") else [])
        rows.append(["warning", w.get("code"), ", ".join(subs) or None, w.get("text"), w.get("rule") or w.get("at")])
    _table(book, "Warnings", WARNING_HEADERS, rows, _WARNING_WIDTHS)


def _provenance_sheet(book: Book, data: dict) -> None:
    prov = data.get("provenance", {})
    rated, unrated = len(data.get("ratings", [])), len(data.get("unrated", []))
    rows = [
        ("Country", data.get("country")),
        ("As of", data.get("as_of")),
        ("Horizon (years)", data.get("horizon_years")),
        ("Capacity (steps starting per wave)", data.get("capacity")),
        ("Waves", ", ".join(f"{w['wave']}: months {w['months']}" for w in data.get("waves", [])) or None),
        ("Context", ", ".join(data.get("context", [])) or "none given"),
        ("Subdomains rated", f"{rated} of {rated + unrated}"),
        ("Unrated", ", ".join(data.get("unrated", [])) or None),
        ("Steps planned", len(data.get("recommendations", []))),
        ("Steps deferred", len(data.get("deferred", []))),
        ("Plan schema version", data.get("schema_version")),
    ] + [(k.replace("_", " "), prov[k]) for k in sorted(prov)]
    _table(book, "Provenance", ["Field", "Value"], rows, _PROVENANCE_WIDTHS, freeze=None)
