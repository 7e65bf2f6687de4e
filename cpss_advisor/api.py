"""The Python API: what the command line does, as functions (see docs/api.md).

Every function takes the assessment as any source `load_assessment` accepts (a path to .yaml, .json or .xlsx,
bytes with `name=`, or a mapping) and, optionally, `knowledge=` and `rules=`: a directory, an object already
loaded, or None for the installed ones. Results are the typed `Plan` (`plan.model_dump()` gives its JSON data) or
plain data; `render_report(report, data, fmt)` writes any of them in the formats of `cpss_advisor.render.registry`.

Bad input raises `cpss_advisor.core.errors.InputError` (its `.problems` say where and what), an invalid knowledge
base or rule set `KnowledgeError`: the same problems the command line prints.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .analysis import consensus as _consensus
from .analysis import consensus_agree as _agree
from .analysis import portfolio as _portfolio
from .analysis import progress as _progress
from .analysis import robustness as _robustness
from .analysis import sensitivity as _sensitivity
from .analysis import whatif as _whatif
from .analysis.scenario import Scenario, from_command_line, load_scenarios
from .analysis.summary import summary_view
from .core import errors as _errors
from .core import i18n as _i18n
from .core import output as _output
from .engine.rule_loader import load_rulebook
from .engine.rulebook import Rulebook
from .intake import load as _load
from .intake.assessment import Assessment
from .engine.rule_texts import rule_texts
from .kb import translations as _translations
from .kb.knowledge_base import KnowledgeBase
from .kb.localisation import english_texts
from .kb.loader import load_knowledge
from .planning.pipeline import Advisor, PlanOptions
from .planning.plan_model import Plan
from .render import registry

#: the errors callers catch (`except api.CpssError`), and results as JSON as every command writes them
CpssError, InputError, OutputError = _errors.CpssError, _errors.InputError, _errors.OutputError
Problem = _errors.Problem
to_json = _output.to_json

KnowledgeArg = KnowledgeBase | str | Path | None
RulesArg = Rulebook | str | Path | None


def knowledge_base(source: KnowledgeArg = None, *, lang: str | None = None) -> KnowledgeBase:
    """The knowledge base: loaded and checked from a directory (None: the installed one), or as given. `lang`
    ("fr"): its texts in that language where translated (``i18n/<lang>/``), English elsewhere; same ids."""
    if isinstance(source, KnowledgeBase):
        return source if lang in (None, source.language) else load_knowledge(source.directory, lang=lang)
    return load_knowledge(source, lang=lang)


def languages() -> tuple[str, ...]:
    """The languages reports can be written in (``--lang``, ``CPSS_LANG``): English, then each language whose
    catalogue of the code's words ships with the package (``cpss_advisor/locale/``)."""
    return _i18n.languages()


def translator(language: str):
    """The code's words in `language` (``.gettext``, ``.ngettext``; English: the identity), for a caller that
    writes its own text, such as the web app's pages; `ValueError` for a language not in `languages()`."""
    return _i18n.translator(language)


def direction(language: str) -> str:
    """``ltr`` or ``rtl``: the direction `language` is written in (for HTML's ``dir``)."""
    return _i18n.direction(language)


def translations(*, knowledge: KnowledgeArg = None, rules: RulesArg = None, lang: str | None = None,
                 complete: bool = False) -> list[_translations.Report]:
    """Check the translations beside the knowledge base (``i18n/<language>/``), one report per language (only
    `lang` when given): texts of the knowledge base and rules without a current translation (warnings; errors
    with `complete`), translations of unknown entries or fields and broken placeholders (errors)."""
    kb = knowledge_base(knowledge)
    book = rules if isinstance(rules, Rulebook) else load_rulebook(kb, rules)
    english = {**english_texts(kb), **rule_texts(book)}
    langs = [lang] if lang else _translations.languages(kb.directory)
    return [_translations.check_translations(english, _translations.read_translations(kb.directory, code),
                                             complete=complete) for code in langs]


def advisor(knowledge: KnowledgeArg = None, rules: RulesArg = None) -> Advisor:
    """The knowledge base and rule set of a run, checked and ready to plan (the same content loads once)."""
    kb = knowledge_base(knowledge)
    book = rules if isinstance(rules, Rulebook) else load_rulebook(kb, rules)
    return Advisor(kb, book)


def read_assessment(source: _load.Source, *, knowledge: KnowledgeArg = None, name: str | None = None,
                    today: _dt.date | None = None) -> _load.Intake:
    """An assessment and the content it was read from (see `cpss_advisor.intake.load`)."""
    return _load.read_assessment(source, knowledge_base(knowledge), name=name, today=today)


def load_assessment(source: _load.Source, *, knowledge: KnowledgeArg = None, name: str | None = None,
                    today: _dt.date | None = None) -> Assessment:
    """Read and check an assessment; `InputError` lists every problem, located."""
    return read_assessment(source, knowledge=knowledge, name=name, today=today).assessment


def recommend(source: _load.Source | Assessment, *, horizon_years: int | None = None, capacity: int | None = None,
              per_lead: int | None = None, knowledge: KnowledgeArg = None, rules: RulesArg = None,
              name: str | None = None) -> Plan:
    """The plan for an assessment, as `cpss recommend` makes it."""
    adv = advisor(knowledge, rules)
    return adv.plan(_assessment(source, adv.kb, name), PlanOptions(horizon_years, capacity, per_lead))


def validate(source: _load.Source, *, knowledge: KnowledgeArg = None, name: str | None = None) -> dict:
    """The summary `cpss validate` shows of a valid assessment (ratings, outcomes, context, figures, warnings)."""
    kb = knowledge_base(knowledge)
    return summary_view(load_assessment(source, knowledge=kb, name=name), kb)


def scenarios(*, knowledge: KnowledgeArg = None, sets: Sequence[str] = (), contexts: Sequence[str] = (),
              shocks: Sequence[str] = (), file: str | Path | None = None) -> list[Scenario]:
    """What-if scenarios: one from changes written as on the command line (``"5.1=3"``, ``"+armed_conflict"``,
    a shock preset id), and those of a scenarios file."""
    kb = knowledge_base(knowledge)
    out = [from_command_line(kb, tuple(sets), tuple(contexts), tuple(shocks))] if (sets or contexts or shocks) else []
    if file is not None:
        out.extend(load_scenarios(file, kb))
    return out


def whatif(source: _load.Source | Assessment, scenarios: Sequence[Scenario], *, horizon_years: int | None = None,
           capacity: int | None = None, per_lead: int | None = None, jobs: int = 1, knowledge: KnowledgeArg = None,
           rules: RulesArg = None, base: Plan | None = None) -> dict:
    """The base plan against each scenario's: the steps added, removed, moved or re-ranked, and why. `base`: the
    base plan `whatif_base` made of the same assessment and options, when many what-ifs compare with one base."""
    adv = advisor(knowledge, rules)
    return _whatif.whatif(adv, _assessment(source, adv.kb), list(scenarios),
                          PlanOptions(horizon_years, capacity, per_lead), jobs=jobs, dirs=_dirs(adv), base=base)


def whatif_base(source: _load.Source | Assessment, *, horizon_years: int | None = None, capacity: int | None = None,
                per_lead: int | None = None, knowledge: KnowledgeArg = None, rules: RulesArg = None) -> Plan:
    """The plan a what-if compares its scenarios with (lean: without the reasons' detail), made once for `whatif`'s
    `base=`."""
    adv = advisor(knowledge, rules)
    return _whatif.base_plan(adv, _assessment(source, adv.kb), PlanOptions(horizon_years, capacity, per_lead))


def sensitivity(source: _load.Source | Assessment, *, top: int = 5, horizon_years: int | None = None,
                capacity: int | None = None, per_lead: int | None = None, jobs: int = 1,
                knowledge: KnowledgeArg = None, rules: RulesArg = None) -> dict:
    """Each rated subdomain one phase up and one down, alone: how the first period and the top of the plan change,
    and for each planned milestone the share of those changes under which it keeps its place."""
    adv = advisor(knowledge, rules)
    return _sensitivity.sensitivity(adv, _assessment(source, adv.kb), PlanOptions(horizon_years, capacity, per_lead),
                                   top=top, jobs=jobs, dirs=_dirs(adv))


def robustness(source: _load.Source | Assessment, *, samples: int = 200, seed: int = 1, top: int = 10,
               horizon_years: int | None = None, capacity: int | None = None, per_lead: int | None = None,
               jobs: int | None = None, knowledge: KnowledgeArg = None, rules: RulesArg = None) -> dict:
    """Plausible ratings sampled from each rating's confidence: for each planned milestone (a subdomain reaching a
    phase) how often it is in the plan, in the first period and ranked first; how often the first two steps tie;
    which single rating, verified, most steadies the first period. `top`: how many milestones a report for people
    shows. The same seed gives the same report, whatever `jobs` (worker processes; None: one per 250 samples, up
    to the processors this process may use)."""
    if jobs is None:
        jobs = _robustness.workers_for(samples)
    adv = advisor(knowledge, rules)
    return _robustness.robustness(adv, _assessment(source, adv.kb), PlanOptions(horizon_years, capacity, per_lead),
                                  samples=samples, seed=seed, top=top, jobs=jobs, dirs=_dirs(adv))


def portfolio(paths: Iterable[str | Path], *, horizon_years: int | None = None, capacity: int | None = None,
              per_lead: int | None = None, jobs: int | None = None, knowledge: KnowledgeArg = None,
              rules: RulesArg = None, skipped: list | None = None) -> dict:
    """Many countries side by side: files and directories of assessments (see `cpss portfolio`), with the regional
    analysis (milestones, regional investments, profiles). `jobs` worker processes read and plan the files (None:
    one per core, for 100 files or more per worker). `skipped`, when given, receives the (path, reason) of files
    left out."""
    adv = advisor(knowledge, rules)
    return _portfolio.build_portfolio(paths, adv, PlanOptions(horizon_years, capacity, per_lead), jobs=jobs,
                                      skipped=skipped, **_dirs(adv))


def compare(old: _load.Source | Assessment, new: _load.Source | Assessment, *, record: str | Path | dict | None = None,
            knowledge: KnowledgeArg = None) -> dict:
    """Two assessments of one country, the earlier first: each subdomain's phase change (up, unchanged, down) with
    the evidence of both, regressions flagged with the benchmarks' note on set-backs, the context flags added and
    removed (see `cpss_advisor.analysis.progress`). With `record`, the decision record of the earlier assessment's
    plan (a path, or a record already read with `cpss_advisor.audit.record.read_record`): which planned steps were
    achieved, slipped or are not yet due, the moves that were not planned, and the percentage to target. Raises
    `InputError` for assessments of two countries and for a record of another assessment; a later assessment that
    is not dated after the earlier one is a warning in the result (`warnings`)."""
    from .audit.record import read_record

    kb = knowledge_base(knowledge)
    a, b = _assessment(old, kb), _assessment(new, kb)
    record_name = record_sha256 = None
    if record is not None and not isinstance(record, dict):
        record_name, record = str(record), read_record(record)
        record_sha256 = _progress_file_sha256(record_name)
    return _progress.compare(a, b, kb, record=record, record_name=record_name or ("<record>" if record else None),
                             record_sha256=record_sha256)


def _progress_file_sha256(path: str) -> str | None:
    from .analysis.portfolio import file_sha256

    return file_sha256(Path(path))


def consensus(sources: Sequence[_load.Source | Assessment], *, names: Sequence[str] | None = None,
              knowledge: KnowledgeArg = None, options: PlanOptions | dict | None = None, rules: RulesArg = None,
              decisions: Any = None, jobs: int = 1) -> _consensus.Consensus:
    """Several participants' assessments of one country (paths or `Assessment`s): where they agree and disagree
    per subdomain, and which disagreements change the plan (`options`: a `PlanOptions` or a mapping of
    horizon_years, capacity, per_lead). `names` name the participants in order (default: each file's
    `participant:`, else its name). `decisions` (as for `agree`), when given, hold the subdomains decided so far at
    the agreed phase; they are checked, but a disagreement may still be undecided."""
    adv = advisor(knowledge, rules)
    people = _consensus.read_participants(sources, adv.kb, names)
    decided = None
    if decisions is not None:
        found = _agree.parse_decisions(_agree.decisions_document(decisions), [p.name for p in people], adv.kb)
        decided = {sid: d.model_dump(exclude_none=True) for sid, d in found.items()}
    return _consensus.consensus(adv, people, _consensus.options_from(options), decided=decided, jobs=jobs,
                                dirs=_dirs(adv))


def consensus_words(consensus: _consensus.Consensus, *, knowledge: KnowledgeArg = None) -> dict:
    """The consensus's sentences in the knowledge base's language (the data keeps them in English):
    ``{"assumption": ..., "changes": {subdomain: what its disagreement changes}}``."""
    return _consensus.consensus_words(consensus, knowledge_base(knowledge))


def agree(consensus: _consensus.Consensus, decisions: Any, *, knowledge: KnowledgeArg = None) -> Assessment:
    """The agreed assessment: the consensus's ratings with the group's `decisions` (a mapping or a YAML or JSON
    file: {subdomain: {"phase": 2, "agreed_by": [names], "evidence": "..."}}) on the subdomains they disagree on;
    it keeps every individual rating under `consensus:`. `InputError` names each disagreement left undecided."""
    kb = consensus.kb if knowledge is None and consensus.kb is not None else knowledge_base(knowledge)
    return _agree.agree(consensus, decisions, kb)


def workplan(plan: Plan, *, previous: str | Path | None = None, knowledge: KnowledgeArg = None,
             notify: Callable[[str], None] | None = None, inputs: Iterable[str | Path] = ()):
    """The plan as a workplan to write over the file `previous` (`render_report("plan", workplan, "xlsx")`): the
    values people filled in there (Owner, Budget, Status, Notes) go to the same intervention of the same step, and
    those whose intervention is no longer in the plan to its 'Carried over' sheet; `notify` is told what was
    carried over. Raises `OutputError` when that file is open in another program or is not a workplan. A
    `previous` that is one of the run's `inputs` is not read (writing over an input is refused)."""
    from .core.escape import terminal
    from .intake.workplan_edits import read_previous
    from .render.plan_workbook import Workplan

    if previous is not None and any(_same_file(previous, i) for i in inputs):
        previous = None
    work = Workplan(plan, read_previous(previous) if previous is not None else None)
    if work.previous is not None and work.previous.edits and notify is not None:
        carry = work.carry(knowledge_base(knowledge))
        shown = terminal(previous)

        def rows(n: int) -> str:
            return f"{n} row{'' if n == 1 else 's'}"

        if carry.placed:
            notify(f"carried over what was filled in on {rows(len(carry.placed))} of {shown}")
        if carry.kept:
            notify(f"what was filled in on {rows(len(carry.kept))} of {shown} has no place in the new plan: it is "
                   "kept on the 'Carried over' sheet")
    return work


def render_report(report: str, data: Any, fmt: str | None = None, *, knowledge: KnowledgeArg = None,
                  detail: str | None = None) -> str | bytes:
    """A report (``"plan"``, ``"portfolio"``, ``"whatif"``, ...: `cpss_advisor.render.registry.REPORTS`) in one of
    its formats (default: its first, text). A plan in html, markdown or docx is the brief by default;
    ``detail="full"`` adds the annex (every rule, fact, edge, criterion, id and hash). `detail` is refused for a
    format that does not take it."""
    return registry.render(report, fmt or registry.default_format(report), data, knowledge_base(knowledge),
                           detail=detail)


# --- for the local web app (`cpss serve`): what its pages show and offer, from the same code as the command line ---

def rating_form(*, knowledge: KnowledgeArg = None) -> dict:
    """What a rating form shows: the phases; the outcomes, each with its subdomains and, for each, the criteria of
    the four phases; the context flags and the combinations refused; the figures and their standards; the shock
    presets; the case management checklist by unit; the evidence questions by subdomain."""
    from .render.kb_views import contexts_view, shocks_view

    kb = knowledge_base(knowledge)
    outcomes = []
    for oid, outcome in kb.outcomes.items():
        subs = []
        for sid in sorted((s for s, sd in kb.subdomains.items() if sd.outcome == oid), key=_subdomain_key):
            sd = kb.subdomains[sid]
            subs.append({"id": sid, "title": sd.title, "short": sd.short, "phases": [
                {"phase": n, "name": kb.phases[n].name, "summary": " ".join(c.summary.split()) if c else None,
                 "criteria": list(c.criteria) if c else []}
                for n in sorted(kb.phases) for c in [kb.criteria.get((sid, n))]]})
        outcomes.append({"id": oid, "title": outcome.title, "subdomains": subs})
    units = [{"id": u.id, "title": u.title, "actions": [
        {"id": a.id, "text": " ".join(a.text.split()), "from_level": t.from_level} for t in u.transitions
        for a in t.actions]} for u in kb.checklist.units]
    questions = {sid: [{"id": q.id, "phase": q.phase, "text": " ".join(q.text.split()),
                        "help": " ".join(q.help.split()) if q.help else None} for q in qs]
                 for sid, qs in sorted(kb.questions.items(), key=lambda x: _subdomain_key(x[0]))}
    figures = [{"id": m, "limit": s.limit, "comparison": s.comparison, "unit": s.unit, "text": " ".join(s.text.split())}
               for m, s in sorted(kb.standards().items())]
    return {"phases": {n: p.name for n, p in sorted(kb.phases.items())}, "outcomes": outcomes,
            "contexts": contexts_view(kb), "shocks": shocks_view(kb), "figures": figures, "checklist": units,
            "questions": questions}


def _subdomain_key(sid: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in sid.split("."))


def questionnaire_ratings(answers: dict[str, str], *, knowledge: KnowledgeArg = None) -> dict[str, dict]:
    """The phase and confidence the benchmarking questionnaire gives each subdomain with an answered question
    (answers: question id -> yes, partly, no or unknown), as `cpss assess` finds them."""
    from .intake.questionnaire import normalise_answer, rate_all

    kb = knowledge_base(knowledge)
    given = {q: a for q, v in answers.items() if (a := normalise_answer(v)) is not None}
    return {sid: {"phase": r.phase, "confidence": r.confidence} for sid, r in rate_all(kb, given).items()}


def assessment_data(source: _load.Source | Assessment, *, knowledge: KnowledgeArg = None,
                    name: str | None = None) -> dict:
    """An assessment as the data of an assessment file (plain values): `load_assessment` of it gives the same
    assessment back, and it is what a form edits."""
    from .intake.assessment_data import assessment_data as _data

    return _data(_assessment(source, knowledge_base(knowledge), name))


def assessment_yaml(source: _load.Source | Assessment, *, knowledge: KnowledgeArg = None,
                    name: str | None = None) -> str:
    """An assessment (or its data, `assessment_data`) as the YAML text of an assessment file."""
    from .render.assessment_yaml import render_yaml

    return render_yaml(_assessment(source, knowledge_base(knowledge), name))


def assessment_workbook(source: _load.Source | Assessment, *, knowledge: KnowledgeArg = None,
                        name: str | None = None) -> bytes:
    """An assessment as the intake workbook (`cpss template --format xlsx`) with its values filled in."""
    from .render.template_workbook import template_workbook

    kb = knowledge_base(knowledge)
    a = _assessment(source, kb, name)
    return template_workbook(kb, a.as_of, a)


def record_assessment(raw: bytes, name: str, *, knowledge: KnowledgeArg = None) -> _load.Intake:
    """The assessment a decision record embeds, from the record's bytes (an upload named `name`); `InputError`
    when they are not a decision record, or what it embeds is not a valid assessment."""
    from .audit.record import MAX_RECORD_BYTES, input_bytes, read_record_text
    from .core.document import decode_text

    if len(raw) > MAX_RECORD_BYTES:
        raise InputError(Problem(name, None, None, "too-large",
                                 f"the record is {len(raw):,} bytes; the limit is {MAX_RECORD_BYTES:,} bytes",
                                 "a decision record is at most a few megabytes: is this the right file?"))
    inp = read_record_text(decode_text(raw, name), name)["input"]
    return read_assessment(input_bytes(inp), knowledge=knowledge, name=Path(inp["file"]).name or name)


def decision_record(intake: _load.Intake, plan: Plan, *, horizon_years: int | None = None,
                    capacity: int | None = None, per_lead: int | None = None) -> dict:
    """The decision record of a plan made from `intake` with these options (`cpss recommend --record`)."""
    from .audit.record import make_record

    return make_record(intake.name, intake.content(), PlanOptions(horizon_years, capacity, per_lead), plan)


def explain(record: dict, step: str | None = None) -> dict:
    """What `cpss explain` says of a decision record: one step (its id), or the whole plan step by step
    (`render_report("explanation", ..., "text")` writes it for people)."""
    from .audit.explain import explain_plan, explain_step

    return explain_plan(record) if step is None else explain_step(record, step)


def brief_fragment(plan: Plan, *, knowledge: KnowledgeArg = None) -> str:
    """The brief of a plan as an HTML fragment (the body of `render_report("plan", plan, "html")`, with the
    dependency chart), for a page that has its own head; `brief_stylesheet()` is its style."""
    from .render.brief_html import render_brief_fragment

    return render_brief_fragment(plan, knowledge_base(knowledge))


def brief_stylesheet() -> str:
    """The CSS of the brief, for the page that shows `brief_fragment`."""
    from .render.brief_html import brief_stylesheet as _css

    return _css()


def step_words(plan: Plan, *, knowledge: KnowledgeArg = None) -> dict[str, str]:
    """Each step of a plan (and each deferred step) by id, in the brief's words ("3.3 Case management ...
    reaching System Enhancement")."""
    from .render.brief_words import Words

    words = Words(knowledge_base(knowledge))
    return {s.id: words.step(s.id) for s in [*plan.recommendations, *plan.deferred]}


def step_label(step_id: str, *, knowledge: KnowledgeArg = None) -> str:
    """One step id ("3.3:1-2", or an action's) in the brief's words."""
    from .render.brief_words import Words

    return Words(knowledge_base(knowledge)).step(step_id)


def portfolio_of(assessments: Sequence[tuple[str, Assessment]], *, horizon_years: int | None = None,
                 capacity: int | None = None, per_lead: int | None = None, knowledge: KnowledgeArg = None,
                 rules: RulesArg = None) -> dict:
    """`portfolio` of assessments already read, each with the name it is shown by (its file's name)."""
    adv = advisor(knowledge, rules)
    options = PlanOptions(horizon_years, capacity, per_lead)
    inputs = [_portfolio.Input(Path(name), a.sha256, valid=True) for name, a in assessments]
    rows = [_portfolio.country_row(a, _portfolio.schedule_digest(adv.schedule(a, options)), adv.kb, name)
            for name, a in assessments]
    data = _portfolio.portfolio_data(inputs, rows, adv, options)
    return _portfolio.with_trajectories(data, [a for _, a in assessments], adv.kb)


def save_new(directory: str | Path, name: str, data: str | bytes) -> Path:
    """Write `data` atomically into `directory` as a new file named `name`, or `name` with -2, -3, ... before
    its extension when that name is taken: never over another file. Returns the path written."""
    from .core.output import write_atomic

    base = Path(directory)
    stem, suffix = Path(name).stem, Path(name).suffix
    for n in range(1, 10_000):
        target = base / (name if n == 1 else f"{stem}-{n}{suffix}")
        try:
            with open(target, "xb"):  # claims the name: two writers never pick the same one
                pass
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(Problem(str(base), None, None, "write-failed",
                                      f"cannot write into {base}: {exc.strerror or exc}",
                                      "check that the directory exists and can be written")) from None
        write_atomic(target, data)
        return target
    raise OutputError(Problem(str(base), None, None, "no-free-name", f"no free file name for {name} in {base}",
                              "move some of the files saved there elsewhere"))


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return Path(a).resolve() == Path(b).resolve()


def _assessment(source: Any, kb: KnowledgeBase, name: str | None = None) -> Assessment:
    return source if isinstance(source, Assessment) else _load.load_assessment(source, kb, name=name)


def _dirs(adv: Advisor) -> dict:
    """Where worker processes load their own copies of the knowledge base and rules from."""
    return {"knowledge_dir": adv.kb.directory, "rules_dir": adv.book.directory}
