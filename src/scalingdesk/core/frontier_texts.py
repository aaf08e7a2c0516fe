"""The texts of the frontier views (Kaplan vs Chinchilla, test-time compute), made Qt-free so
the views never format a number (issue 13).  Exponents keep the digits of their sources:
Kaplan et al. 2020, Table 6 (N* ∝ C^0.73) and Hoffmann et al. 2022, Table 2 (0.50, 0.49,
0.46) with two decimals; the reconciliation's own steps with three."""

from __future__ import annotations

from typing import Any

from scalingdesk.core import porian
from scalingdesk.core.units import format_plain


def exponent_text(exponent: float) -> str:
    """The reconciliation plot's fitted slope: "N* ∝ C^0.73"."""
    return f"N* ∝ C^{exponent:.2f}"


def porian_rows(table: Any) -> list[tuple[str, str]]:
    """Porian et al. 2024's measured exponent at each correction (Fig. 1a–e), as (what, exponent)."""
    rows = [(f"Kaplan's law as they restate it ({porian.PAPER})", f"{porian.KAPLAN_LAW_EXPONENT:.2f}")]
    rows += [
        (
            f"Porian 2024 step {s.panel}{'' if s.main_path else ' (side branch)'}: {s.title} — {s.change}",
            f"{s.exponent:.3f}",
        )
        for s in table.porian_steps
    ]
    return rows


#: The reconcile table's one row for Porian et al.'s steps (each step in its tooltip: the view
#: fits its screen without a scroll bar).
PORIAN_ROW = "Porian 2024, measured (Fig. 1a→e): Kaplan's set-up corrected to Chinchilla's"


def reconcile_rows(table: Any) -> list[tuple[str, str]]:
    """The reconciliation table (a :class:`scalingdesk.core.reconcile.ReconcileTable`) as
    (what, exponent) rows: the steps, Kaplan as published, Hoffmann's three approaches, and
    Porian et al.'s first and last measured exponents (:func:`porian_rows` has every step)."""
    rows = [(s.title, f"{s.exponent:.3f}") for s in table.steps]
    rows += [("Kaplan 2020 as published (Table 6)", f"{table.kaplan:.2f}")]
    rows += [(f"Hoffmann 2022 {k} (Table 2)", f"{a:.2f}") for k, a in table.chinchilla.items()]
    main = [s for s in table.porian_steps if s.main_path]
    rows += [(PORIAN_ROW, f"{main[0].exponent:.3f} → {main[-1].exponent:.3f}")]
    return rows


def porian_tip(table: Any) -> str:
    """The Porian row's tooltip: every step and its exponent, one a line."""
    return "\n".join(f"{what}: {value}" for what, value in porian_rows(table))


def model_legend_text(model: str, params: float) -> str:
    """A coverage curve's name with its size in billions: "Llama-3-8B-Instruct (8B)"."""
    return f"{model} ({format_plain(params / 1e9)}B)"


def matched_text(size_ratio: float, samples: float) -> str:
    """What a smaller model may generate at equal total FLOPs (6·N·D_pre + 2·N·D_inf)."""
    return (
        f"At equal total FLOPs (6·N·D_pre + 2·N·D_inf), a model {format_plain(size_ratio)}x smaller "
        f"may generate {samples:,.1f}x the inference tokens. Who wins: shape only, see below."
    )


def test_time_notes(findings: Any, snell_note: str, view_note: str) -> tuple[str, str]:
    """The test-time view's sources and caveats: a short line shown under the plots, and the
    whole text for its tooltip (the view never scrolls)."""
    found = "; ".join(f"{where}: {who}" for where, who in findings)
    short = "Snell et al. 2024: shape only (bars in their Fig. 9, no formula). Hover for sources and caveats."
    return short, f"Snell et al. 2024: {found}. {snell_note}\n{view_note}"
