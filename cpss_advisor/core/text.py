"""Numbers and score terms written the way every output writes them, so that sentences built as data (the
explanations of a decision record, the what-if reports) read the same as the tables rendered from them."""

from __future__ import annotations


def number(x: float | None) -> str:
    """A number as people write it: 8 rather than 8.0, 2.5 as it is; '-' for none."""
    if x is None:
        return "-"
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def signed(x: float) -> str:
    """+2, -0.5."""
    return ("+" if x >= 0 else "-") + number(abs(x))


def term_text(t) -> str:
    """A score term (a mapping, or a model with `model_dump`): "+2 label [rule]"."""
    t = t if isinstance(t, dict) else t.model_dump()
    return f"{signed(t['weight'])} {t['label']} [{t['rule']}]"
