"""The shape of the problem-code catalogue: areas, entries, exit codes (the entries are in
`cpss_advisor.core.error_entries`; `cpss_advisor.core.error_codes` looks codes up and writes the catalogue)."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass

from pydantic_core.core_schema import ErrorType

from .errors import EXIT_BAD_INPUT, EXIT_INVALID_KNOWLEDGE, EXIT_IO
from .i18n import N_

#: Not an exit code: the problem is a warning, reported while the command goes on (and ends with 0).
WARNING = 0

#: What each exit code a problem can end a run with means (usage errors, exit 2, come from the command line parser
#: and carry no code).
EXIT_MEANINGS = {
    WARNING: N_("a warning: the command goes on"),
    EXIT_BAD_INPUT: N_("bad input"),
    EXIT_INVALID_KNOWLEDGE: N_("invalid knowledge base or rule set"),
    EXIT_IO: N_("an output could not be written"),
}

_IN_ANY_FILE = (EXIT_BAD_INPUT, EXIT_INVALID_KNOWLEDGE)  # an input file, or a knowledge or rule file


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    about: str
    exits: tuple[int, ...]  # the exit codes of its entries, unless an entry says otherwise


AREAS = (
    Area("file", N_("Reading a file"),
         N_("Any file cpss reads: assessments, answer sheets, scenario files, decision records, and the files of a "
            "knowledge base or rule set (then the run ends with exit code 3)."), _IN_ANY_FILE),
    Area("fields", N_("Fields and values"),
         N_("The fields of a YAML or JSON file and the kind of value each takes; in any kind of file."), _IN_ANY_FILE),
    Area("assessment", N_("Assessments"),
         N_("What an assessment says: subdomains, phases, targets, context, figures (YAML, JSON or a workbook)."),
         (EXIT_BAD_INPUT,)),
    Area("workbook", N_("Assessment workbooks (.xlsx)"),
         N_("The sheets, columns and rows of an assessment workbook made from 'cpss template --format xlsx'."),
         (EXIT_BAD_INPUT,)),
    Area("case-management", N_("Case management checklist"),
         N_("The case management benchmarks checklist: a `case_management:` section, or a file for 'cpss cm'."),
         (EXIT_BAD_INPUT,)),
    Area("answer-sheet", N_("Answer sheets (cpss assess)"),
         N_("The evidence questionnaire's answers, and the assessment made from them."), (EXIT_BAD_INPUT,)),
    Area("scenario", N_("What-if changes and scenario files"),
         N_("Changes given to 'cpss whatif' and 'cpss sensitivity' on the command line or in a scenario file."),
         (EXIT_BAD_INPUT,)),
    Area("portfolio", N_("Portfolios"), N_("The files and directories given to 'cpss portfolio'."), (EXIT_BAD_INPUT,)),
    Area("consensus", N_("Consensus"),
         N_("Participants' assessments given to 'cpss consensus', its decisions file, and an assessment's "
            "'participant:' and 'consensus:' sections."), (EXIT_BAD_INPUT,)),
    Area("record", N_("Decision records"),
         N_("Records written by 'cpss recommend --record' and read by 'cpss verify' and 'cpss explain'."),
         (EXIT_BAD_INPUT,)),
    Area("knowledge", N_("Knowledge base"),
         N_("The knowledge files (knowledge/*.yaml, or a directory given with --knowledge): their references and "
            "their completeness. These matter to whoever adapts the knowledge base."), (EXIT_INVALID_KNOWLEDGE,)),
    Area("rules", N_("Rule sets"),
         N_("The rule files and their cases (rules/*.yaml, or a directory given with --rules), and what the rule "
            "engine can run. These matter to whoever adapts the rules."), (EXIT_INVALID_KNOWLEDGE,)),
    Area("output", N_("Writing outputs"), N_("The file given with -o (or written by 'cpss template' and 'cpss assess')."),
         (EXIT_IO,)),
    Area("general", N_("Any command"), N_("Codes that any command may report."), (EXIT_BAD_INPUT,)),
)
_AREAS = {a.id: a for a in AREAS}


@dataclass(frozen=True)
class ErrorCode:
    """One problem code, or one family of codes built while running (then `code` is its pattern)."""

    code: str
    area: str
    meaning: str
    fix: str
    exits: tuple[int, ...]
    #: for a family: the codes it stands for
    members: tuple[str, ...] = ()
    #: for a family whose members come from elsewhere (pydantic): a few of them, for the documentation
    examples: tuple[str, ...] = ()

    @property
    def family(self) -> bool:
        return "{" in self.code

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9-]+", "", self.code.replace("{", "").replace("}", ""))

    def matches(self, code: str) -> bool:
        return code in self.members if self.family else code == self.code

    def as_dict(self) -> dict:
        out = {"code": self.code, "area": self.area, "area_title": _AREAS[self.area].title, "meaning": self.meaning,
               "fix": self.fix, "exit_codes": list(self.exits), "anchor": self.anchor}
        if self.family:
            out["members"] = list(self.members)
        return out


def _entry(code: str, area: str, meaning: str, fix: str, exits: tuple[int, ...] | None = None,
           members: tuple[str, ...] = (), examples: tuple[str, ...] = ()) -> ErrorCode:
    return ErrorCode(code, area, meaning, fix, exits if exits is not None else _AREAS[area].exits,
                     tuple(sorted(members)), examples)


# pydantic's own checks that core/validation.py reports under codes of their own; every other check of pydantic
# reaches the user under its own name, with '-' for '_' (the `{pydantic-check}` family below).
_PYDANTIC_NAMED = {"extra_forbidden", "missing", "value_error", "assertion_error", "literal_error",
                   "string_pattern_mismatch", "model_type", "model_attributes_type"}


def _pydantic_checks() -> tuple[str, ...]:
    return tuple(k.replace("_", "-") for k in typing.get_args(ErrorType)
                 if k not in _PYDANTIC_NAMED and not k.endswith("_type"))
