"""`scalingdesk open LINK|FILE [--print] [--json]`: open a scenario file or a share link.

The scenario is validated before the window starts, so a bad file or link exits 2 with one
line naming it (no window, no traceback).  ``--print``/``--json`` show the scenario instead of
opening the window (for scripts, and to check a link on a machine without a display).
"""

from __future__ import annotations

import argparse
from typing import Any

from scalingdesk.core.units import format_count, format_flops


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "open",
        help="open a .scalingdesk file or a scalingdesk:// share link",
        description="Open a scenario file or a share link in the window (validated first).",
    )
    p.add_argument("target", metavar="LINK|FILE", help="a .scalingdesk file or a scalingdesk://… link")
    p.add_argument("--print", action="store_true", help="print the scenario instead of opening the window")
    p.add_argument("--json", action="store_true", help="print the scenario as JSON (implies --print)")


def run(args: argparse.Namespace) -> dict[str, Any] | int:
    from scalingdesk.core.scenario_io import load_any, state_to_dict

    state = load_any(args.target)  # ScenarioFileError (a ValueError): exit 2, one line
    if args.print or args.json:
        out = state_to_dict(state)
        out["compute"] = state.compute
        out["loss"] = state.loss
        return out
    from scalingdesk.qt.app import run_app

    return run_app(args.target)


def format_text(result: dict[str, Any]) -> str:
    lines = [
        f"law        {result['law']}",
        f"compute    {format_flops(result['compute'])}",
        f"parameters {format_count(result['params'])}",
        f"tokens     {format_count(result['tokens'])}",
        f"held       {result['held']}" + ("  (following the optimum)" if result["follow_optimum"] else ""),
        f"loss       {result['loss']:.4f}",
    ]
    if result.get("unique_tokens"):
        lines.append(f"unique tokens {format_count(result['unique_tokens'])}")
    for law in result.get("extra_laws", []):
        lines.append(f"extra law  {law['key']}: {law['label']}")
    return "\n".join(lines)
