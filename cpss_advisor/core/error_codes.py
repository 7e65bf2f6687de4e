"""The catalogue of problem codes: every code a `Problem` can carry, what it means and how to fix it.

Each entry names its code, the area it belongs to (reading a file, an assessment, a workbook, the knowledge base,
the rule set, an output, ...), the exit codes a run that reports it can end with, one sentence saying what it
means and one or two saying how to fix it. A code built while running (an f-string) is one entry for its family,
written with its pattern (``unknown-{what}``) and listing the codes it stands for.

The catalogue is kept true by the tests: a scan of the source finds every code the package writes and checks
that each is here and that nothing here is unused; while the test suite runs, every problem the package creates
must have a code of the catalogue, and every error must end with an exit code its problems' entries list.

`cpss errors [CODE]` shows the catalogue; ``docs/errors.md`` is generated from it:

    python -m cpss_advisor.core.error_codes -o docs/errors.md    (or: make docs)
"""

from __future__ import annotations

import textwrap
import typing

from pydantic_core.core_schema import ErrorType

from .error_entries import ENTRIES
from .i18n import SOURCE_LANGUAGE, translator
from .error_model import _AREAS, AREAS, EXIT_MEANINGS, WARNING, ErrorCode

__all__ = ["AREAS", "CATALOGUE", "ENTRIES", "EXIT_MEANINGS", "ErrorCode", "ErrorType", "WARNING", "typing"]


def _check(entries: tuple[ErrorCode, ...]) -> None:
    """The catalogue's own consistency, checked when it is loaded: one entry per code, known areas and exits."""
    seen: set[str] = set()
    for e in entries:
        if e.code in seen:
            raise ValueError(f"error code '{e.code}' is registered twice")
        seen.add(e.code)
        if e.area not in _AREAS:
            raise ValueError(f"error code '{e.code}': unknown area '{e.area}'")
        if not e.exits or any(x not in EXIT_MEANINGS for x in e.exits):
            raise ValueError(f"error code '{e.code}': exit codes {e.exits} are not among {sorted(EXIT_MEANINGS)}")
        if e.family != bool(e.members):
            raise ValueError(f"error code '{e.code}': a family is written with {{...}} and lists its members")
        for text in (e.meaning, e.fix):
            if not text or not text.endswith("."):
                raise ValueError(f"error code '{e.code}': meaning and fix are sentences")


_check(ENTRIES)

#: code -> its entry (families by their pattern)
CATALOGUE: dict[str, ErrorCode] = {e.code: e for e in ENTRIES}
#: every code a problem may carry, families expanded
_REGISTERED = frozenset(c for e in ENTRIES for c in (e.members if e.family else (e.code,)))


def lookup(code: str) -> list[ErrorCode]:
    """The entries for `code`: its own, and those of the families it belongs to (an `unknown-subdomain` in an
    assessment, and the knowledge base's `unknown-{what}`)."""
    return [e for e in ENTRIES if e.matches(code) or e.code == code]


def is_registered(code: str) -> bool:
    return code in _REGISTERED


def exits_of(code: str) -> set[int]:
    """Every exit code a run reporting `code` may end with (WARNING: it may be a warning)."""
    return {x for e in lookup(code) for x in e.exits}


def known_codes() -> list[str]:
    """Every code a problem may carry, families expanded."""
    return sorted(_REGISTERED)


def named_codes() -> list[str]:
    """The codes the catalogue names one by one (a family whose members come from pydantic names a few): the
    candidates for a "did you mean"."""
    return sorted({c for e in ENTRIES for c in ((e.members if not e.examples else ()) if e.family else (e.code,))})


def catalogue_data() -> dict:
    """The catalogue as data (`cpss errors --format json`)."""
    return {"exit_codes": {str(k): v for k, v in EXIT_MEANINGS.items()},
            "areas": [{"id": a.id, "title": a.title, "about": a.about} for a in AREAS],
            "codes": [e.as_dict() for e in _ordered()]}


def _ordered() -> list[ErrorCode]:
    order = {a.id: i for i, a in enumerate(AREAS)}
    return sorted(ENTRIES, key=lambda e: (order[e.area], e.code))


def _exits_text(exits: tuple[int, ...], language: str = SOURCE_LANGUAGE) -> str:
    """"1 (bad input), or 3 (invalid knowledge base or rule set)"; a warning says so."""
    _ = translator(language).gettext
    return _(", or ").join(_("%(code)s (%(meaning)s)") % {"code": x, "meaning": _(EXIT_MEANINGS[x])} if x != WARNING
                           else _("none, a warning (the command goes on)") for x in exits)


# --- views -----------------------------------------------------------------------------------------------------

_WIDTH = 110


def _wrap(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, _WIDTH, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False,
                         break_long_words=False)


def catalogue_text(language: str = SOURCE_LANGUAGE) -> str:
    """Every code by area, one line each: the code, its exit codes, what it means (`cpss errors`), in `language`
    (an entry not yet translated stays English)."""
    _ = translator(language).gettext
    exits = ", ".join(f"{k} {_(v)}" for k, v in EXIT_MEANINGS.items() if k != WARNING)
    lines = [_("%(n)s problem codes by area; 'cpss errors CODE' explains one. Exit codes: %(exits)s; w: a warning, "
               "the command goes on.") % {"n": len(ENTRIES), "exits": exits}, ""]
    width = max(len(e.code) for e in ENTRIES)
    for area in AREAS:
        entries = [e for e in _ordered() if e.area == area.id]
        lines.append(_(area.title))
        for e in entries:
            exits = ",".join("w" if x == WARNING else str(x) for x in e.exits)
            head = f"  {e.code:<{width}}  {exits:<5} "
            lines.extend(_wrap(_(e.meaning), head, " " * len(head)))
        lines.append("")
    return "\n".join(lines)


def explain_text(code: str, entries: list[ErrorCode], language: str = SOURCE_LANGUAGE) -> str:
    """What `code` means, how to fix it and the exit codes, from each entry it has (`cpss errors CODE`), in
    `language` (an entry not yet translated stays English)."""
    _ = translator(language).gettext
    blocks = []
    for e in entries:
        head = code if e.code == code else _("%(code)s (one of %(family)s)") % {"code": code, "family": e.code}
        lines = [_("%(head)s: %(area)s") % {"head": head, "area": _(_AREAS[e.area].title)}]
        for label, text in ((_("What it means: %(text)s"), _(e.meaning)), (_("How to fix it: %(text)s"), _(e.fix)),
                            (_("Exit code: %(text)s"), _exits_text(e.exits, language))):
            lines.extend(_wrap(label % {"text": text}, "  ", "    "))
        if e.family and e.code == code and len(e.members) <= 20:
            lines.extend(_wrap(_("Codes: %(codes)s") % {"codes": ", ".join(e.members)}, "  ", "    "))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def render_markdown() -> str:
    """docs/errors.md: every code by area, each with an anchor (`errors.md#not-found`)."""
    out = ["# Problem codes", "",
           "<!-- Generated from cpss_advisor/core/error_codes.py by `make docs` "
           "(python -m cpss_advisor.core.error_codes -o docs/errors.md); do not edit by hand. -->", "",
           "Every problem cpss reports carries a code, shown by `--format json` and in decision records. This page "
           "lists them all, by area: what each means and how to fix it. `cpss errors CODE` prints the same in a "
           "terminal, and `cpss errors --format json` gives the catalogue as data.", "",
           "Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_MEANINGS.items() if k != WARNING)
           + ". A code marked *warning* is reported while the command goes on.", ""]
    for area in AREAS:
        n = sum(e.area == area.id for e in ENTRIES)
        out.append(f"- [{area.title}](#area-{area.id}) ({n})")
    out.append("")
    for area in AREAS:
        out += [f'<a id="area-{area.id}"></a>', "", f"## {area.title}", "", area.about, ""]
        for e in (e for e in _ordered() if e.area == area.id):
            out += [f'<a id="{e.anchor}"></a>', "", f"### `{e.code}`", "", e.meaning, "",
                    f"**Fix:** {e.fix}", "", f"**Exit:** {_exits_text(e.exits)}.", ""]
            if e.family:
                shown = e.members if not e.examples else e.examples
                label = "Codes" if not e.examples else "For example"
                out += [f"**{label}:** " + ", ".join(f"`{m}`" for m in shown) + ".", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    import argparse

    from .output import write_atomic

    parser = argparse.ArgumentParser(prog="python -m cpss_advisor.core.error_codes",
                                     description="Write docs/errors.md, the catalogue of problem codes.")
    parser.add_argument("-o", "--output", help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    text = render_markdown()
    if args.output:
        write_atomic(args.output, text)
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
