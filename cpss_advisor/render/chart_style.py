"""What the charts share: the page they are drawn for, type sizes, the black-and-white styles, and text fitted to
the room it has.

Every chart is 17 cm wide (the text width of an A4 portrait page with 2 cm margins) and at most `MAX_HEIGHT_IN`
high, so that it prints on one page with its caption. Type is 6.5-8 pt, legible in print at that size. Everything
that tells two things apart also does so without colour: hatching, line styles, borders, bold type.
"""

from __future__ import annotations

from ..core.escape import visible
from ..kb.knowledge_base import KnowledgeBase

WIDTH_IN = 17 / 2.54
MAX_HEIGHT_IN = 9.4

#: type sizes, in points
SMALL = 6.5
BODY = 7.5
HEADING = 8.0

INK = "#000000"
DARK = "#1f4e79"      # current phase, steps: a dark blue that prints as dark grey
GRID = "#9a9a9a"
SHADE = "#ededed"     # alternate bands (phases, periods)
MUTED = "#555555"


def fit(text: str, chars: int, lines: int = 1) -> list[str]:
    """`text` on at most `lines` lines of at most about `chars` characters, words kept whole where they fit; what
    does not fit ends in an ellipsis. Control characters are shown as escapes, never drawn as boxes."""
    words = visible(" ".join(str(text).split())).split(" ")
    out: list[str] = []
    for word in words:
        if out and len(out[-1]) + 1 + len(word) <= chars:
            out[-1] += " " + word
        else:
            out.append(word)
    out = [w if len(w) <= chars else w[:chars - 1] + "\u2026" for w in out] or [""]
    if len(out) > lines:
        last = out[lines - 1]
        out = out[:lines - 1] + [(last if len(last) < chars else last[:chars - 1].rstrip()) + "\u2026"]
    return out


def one_line(text: str, chars: int) -> str:
    return fit(text, chars, 1)[0]


def subdomain_label(kb: KnowledgeBase, sid: str) -> str:
    """ "3.3 Case management and referral": the benchmark's number and the subdomain's short title."""
    sub = kb.subdomains.get(sid)
    return f"{sid} {sub.short}" if sub else sid


def subdomain_title(kb: KnowledgeBase, sid: str) -> str:
    sub = kb.subdomains.get(sid)
    return sub.short if sub else sid


def phase_name(kb: KnowledgeBase, phase: int) -> str:
    """The phase as people name it: "System Integration" (its number when the knowledge base lacks it)."""
    return kb.phases[phase].name if phase in kb.phases else f"phase {phase}"


def months(start: int, end: int) -> str:
    return f"{start}\u2013{end}"


def sid_key(sid: str) -> tuple:
    """Subdomain ids in the benchmark's order: "2.10" after "2.9"."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in sid.split("."))


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"
