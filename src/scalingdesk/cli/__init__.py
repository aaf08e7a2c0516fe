"""The command-line face: ``scalingdesk <command> … [--json]``.

Plain ``scalingdesk`` opens the window.  Every science command goes through the Qt-free core, so
scripts, tests and reviewers can check numbers without a screen.  Bad arguments exit with
status 2 and a one-line message.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from scalingdesk import __version__
from scalingdesk.core import allocation
from scalingdesk.core.boundary import one_line
from scalingdesk.core.laws import DEFAULT_FAMILY, FAMILIES, get_law
from scalingdesk.core.units import QuantityError, format_count, format_flops, format_sci, parse_positive, parse_quantity

#: Modules that add subcommands: each has ``add_parser(subparsers)`` and ``run(args) -> dict``,
#: and may have ``format_text(result) -> str`` for output without --json.  Add new ones here.
#: ``SUBCOMMAND_MODULES`` (the modules themselves) imports them when first asked for, which is when
#: the parser is built: plain ``scalingdesk`` opens the window without them (the fit's and the
#: frontier's imports cost start-up time, issue 18).
SUBCOMMAND_MODULE_NAMES: tuple[str, ...] = (
    "scalingdesk.cli.hardware",
    "scalingdesk.cli.fit",
    "scalingdesk.cli.open_file",
    "scalingdesk.cli.frontier",
)


def __getattr__(name: str) -> Any:
    if name == "SUBCOMMAND_MODULES":
        return tuple(importlib.import_module(m) for m in SUBCOMMAND_MODULE_NAMES)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Largest inputs the science commands take (far beyond any real run; the outputs stay finite).
MAX_COMPUTE = 1e40
MAX_COUNT = 1e20
MAX_PULLS = 30


class UsageError(Exception):
    """Bad arguments: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


def _quantity(what: str, maximum: float = MAX_COUNT) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = parse_positive(text, what=what)
        except QuantityError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
        if value > maximum:
            raise argparse.ArgumentTypeError(
                f"{what} {text!r} is larger than {format_sci(maximum)}, the most this command takes"
            )
        return value

    parse.__name__ = what  # argparse names the type in its messages
    return parse


def _add_law(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--law",
        choices=list(FAMILIES),
        default=DEFAULT_FAMILY,
        help=f"law family (default {DEFAULT_FAMILY}: Epoch AI's 2024 re-fit of Chinchilla)",
    )


def _non_negative(what: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = parse_quantity(text, what=what)
        except QuantityError as err:
            raise argparse.ArgumentTypeError(str(err)) from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"{what} {text!r} must be 0 or more")
        return value

    parse.__name__ = what
    return parse


def _add_unique(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--unique-tokens",
        type=_quantity("unique tokens"),
        default=None,
        help="unique tokens available, e.g. 1e11; repeats count for less under "
        "--law muennighoff2023 (Muennighoff et al. 2023)",
    )


def _add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON (keys are stable for scripts)")


# --- science commands -----------------------------------------------------------------------


def _cmd_optimal(args: argparse.Namespace) -> dict[str, Any]:
    from scalingdesk.core.reports import optimal_report

    return optimal_report(args.law, args.compute, args.unique_tokens)


def _cmd_loss(args: argparse.Namespace) -> dict[str, Any]:
    from scalingdesk.core.reports import loss_report

    return loss_report(args.law, args.params, args.tokens, args.unique_tokens)


def _cmd_inference_optimal(args: argparse.Namespace) -> dict[str, Any]:
    law = get_law(args.law)
    r = allocation.inference_optimal(law, args.loss, args.served_tokens)
    chin = allocation.inference_optimal(law, args.loss, 0.0)
    return {
        "law": law.key,
        "loss": args.loss,
        "served_tokens": args.served_tokens,
        "params": r.params,
        "tokens": r.tokens,
        "tokens_per_param": r.tokens_per_param,
        "training_flops": r.training_flops,
        "inference_flops": r.inference_flops,
        "total_flops": r.total_flops,
        "training_only_optimum": {"params": chin.params, "tokens": chin.tokens},
    }


def _cmd_diminishing(args: argparse.Namespace) -> dict[str, Any]:
    law = get_law(args.law)
    steps = allocation.diminishing_returns(law, args.compute, args.pulls)
    return {
        "law": law.key,
        "compute": steps.compute.tolist(),
        "loss": steps.loss.tolist(),
        "drops": steps.drops.tolist(),
        "floor": steps.floor,
    }


def _cmd_laws(args: argparse.Namespace) -> dict[str, Any]:
    from scalingdesk.core.reports import laws_report

    return laws_report()


def _pulls(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"pulls {text!r} is not a whole number") from None
    if not 1 <= value <= MAX_PULLS:
        raise argparse.ArgumentTypeError(f"pulls {text!r} must be from 1 to {MAX_PULLS}")
    return value


def _human(command: str, result: dict[str, Any]) -> str:
    formatter = _FORMATTERS.get(command)
    if formatter is not None:
        return formatter(result)
    if command == "inference-optimal":
        return "\n".join(
            [
                f"law              {result['law']}",
                f"target loss      {result['loss']:.4f}",
                f"served tokens    {format_count(result['served_tokens'])}",
                f"parameters       {format_count(result['params'])}",
                f"tokens           {format_count(result['tokens'])}",
                f"tokens/param     {result['tokens_per_param']:.1f}",
                f"training         {format_flops(result['training_flops'])}",
                f"inference        {format_flops(result['inference_flops'])}",
                f"total            {format_flops(result['total_flops'])}",
                f"training-only optimum: {format_count(result['training_only_optimum']['params'])} "
                f"parameters, {format_count(result['training_only_optimum']['tokens'])} tokens",
            ]
        )
    if command == "diminishing":
        lines = [
            f"law {result['law']}; floor (irreducible loss) {result['floor']:.4f}",
            f"{'compute':>12}  {'loss':>8}  {'drop':>8}",
        ]
        drops = [None] + list(result["drops"])
        for c, l_, d in zip(result["compute"], result["loss"], drops):
            lines.append(f"{format_flops(c):>12}  {l_:8.4f}  {'' if d is None else f'{d:8.4f}':>8}")
        return "\n".join(lines)
    if command == "laws":
        lines = [f"default: {result['default']}"]
        for key, law in result["laws"].items():
            lines.append(f"{key:<16} {law['label']}  ({law['source']})")
        return "\n".join(lines)
    if command in ("optimal", "loss"):
        lines = [
            f"law        {result['law']}",
            f"compute    {format_flops(result['compute'])}",
            f"parameters {format_count(result['params'])}",
            f"tokens     {format_count(result['tokens'])}",
        ]
        if "tokens_per_param" in result:
            lines.append(f"tokens/param {result['tokens_per_param']:.1f}")
        if "epochs" in result:
            lines.append(f"epochs     {result['epochs']:.3g} of {format_count(result['unique_tokens'])} unique tokens")
        if "effective_tokens" in result:
            lines.append(f"D' (fresh-equivalent tokens) {format_count(result['effective_tokens'])}")
            lines.append(f"N' (effective parameters)    {format_count(result['effective_params'])}")
        lines.append(f"loss       {result['loss']:.4f}")
        lines.extend(f"warning: {w}" for w in result.get("warnings", ()))
        return "\n".join(lines)
    return getattr(result, "text", None) or json.dumps(result, indent=2)  # a module's own text


# --- the parser ---------------------------------------------------------------------------------


_FORMATTERS: dict[str, Callable[[dict[str, Any]], str]] = {}


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="scalingdesk",
        description="Explore language-model scaling laws. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"scalingdesk {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="start the window offscreen, turn every knob, render every view, fit the sample "
        "runs, save and load a scenario; exit 0 only if all of that worked",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("optimal", help="compute-optimal parameters and tokens for a budget")
    p.add_argument("--compute", required=True, type=_quantity("compute", MAX_COMPUTE), help="FLOPs, e.g. 5.76e23")
    _add_law(p)
    _add_unique(p)
    _add_json(p)
    p.set_defaults(run=_cmd_optimal)

    p = sub.add_parser("loss", help="predicted loss of N parameters trained on D tokens")
    p.add_argument("--params", required=True, type=_quantity("params"), help="e.g. 7e10 or 70B")
    p.add_argument("--tokens", required=True, type=_quantity("tokens"), help="e.g. 1.4e12 or 1.4T")
    _add_law(p)
    _add_unique(p)
    _add_json(p)
    p.set_defaults(run=_cmd_loss)

    p = sub.add_parser(
        "inference-optimal",
        help="N and D reaching a target loss with the least training + inference compute (Sardana & Frankle 2023)",
    )
    p.add_argument("--loss", required=True, type=_quantity("loss", 100.0), help="target loss, e.g. 2.0")
    p.add_argument(
        "--served-tokens",
        required=True,
        type=_non_negative("served tokens"),
        help="tokens to be generated in deployment, e.g. 2e13 (0: the plain compute-optimal case)",
    )
    _add_law(p)
    _add_json(p)
    p.set_defaults(run=_cmd_inference_optimal)

    p = sub.add_parser("diminishing", help="loss drop bought by each 10x of compute on the frontier")
    p.add_argument("--compute", required=True, type=_quantity("compute", MAX_COMPUTE), help="starting budget")
    p.add_argument("--pulls", type=_pulls, default=5, help=f"number of 10x steps, 1 to {MAX_PULLS} (default 5)")
    _add_law(p)
    _add_json(p)
    p.set_defaults(run=_cmd_diminishing)

    p = sub.add_parser("laws", help="the law families, their constants and sources")
    _add_json(p)
    p.set_defaults(run=_cmd_laws)

    for mod in __getattr__("SUBCOMMAND_MODULES"):
        before = set(sub.choices)
        mod.add_parser(sub)
        for name in set(sub.choices) - before:
            sub.choices[name].set_defaults(run=mod.run)
            if hasattr(mod, "format_text"):
                _FORMATTERS[name] = mod.format_text
            if not any(a.dest == "json" for a in sub.choices[name]._actions):
                _add_json(sub.choices[name])

    p = sub.add_parser("screenshot", help="render the window (or one view) offscreen to a PNG")
    p.add_argument("output", help="PNG file to write")
    p.add_argument("--scenario", help="a .scalingdesk file or a scalingdesk:// link to load first")
    p.add_argument(
        "--tour",
        metavar="FILE",
        help="a tour file (JSON) to show instead of the built-in tour; with --scene N, that scene",
    )
    p.add_argument("--size", default="1600x900", help="window size WxH (default 1600x900)")
    p.add_argument(
        "--view", default="window", help="window, lever, loss, isoflop, plane, hardware, timeline, test-time, reconcile"
    )
    p.add_argument("--pulls", type=int, default=3, help="lever pulls before the shot (--view lever)")
    p.add_argument("--theme", default=None, help="dark, light or projector")
    p.add_argument("--presenter", action="store_true", help="as the audience sees presenter mode")
    p.add_argument("--scene", type=int, default=None, help="tour scene number (1-based)")
    p.set_defaults(run=None, gui="screenshot")
    return parser


_VALUE_LIKE = re.compile(r"^-(?:\d|\.\d|inf|nan)", re.IGNORECASE)


def _join_negative_values(argv: list[str]) -> list[str]:
    """``--params -5B`` → ``--params=-5B``, so the value reaches its parser (which names it)
    instead of argparse taking it for an option ("expected one argument")."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        if (
            tok.startswith("--")
            and "=" not in tok
            and len(tok) > 2
            and i + 1 < len(argv)
            and _VALUE_LIKE.match(argv[i + 1])
        ):
            out.append(f"{tok}={argv[i + 1]}")
            i += 2
            continue
        out.append(tok)
        i += 1
    return out


def _not_finite(value: Any, path: str = "") -> str | None:
    """The first key of a result whose number is not finite (None when all are)."""
    if isinstance(value, float) and not math.isfinite(value):
        return path or "result"
    if isinstance(value, dict):
        for k, v in value.items():
            if (bad := _not_finite(v, f"{path}.{k}" if path else str(k))) is not None:
                return bad
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            if (bad := _not_finite(v, f"{path}[{i}]")) is not None:
                return bad
    return None


def _fail(prefix: str, err: object) -> int:
    print(one_line(f"{prefix}: {err}", 400), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv:  # plain `scalingdesk`: the window, straight away (no parser, no sub-command imports)
        from scalingdesk.qt.app import run_app

        return run_app(None)
    if argv[:1] == ["--register-desktop"]:  # a pip install: menu entry and scalingdesk:// links
        from scalingdesk.desktop_entry import main as register_desktop

        return register_desktop(argv[1:])
    # Opening a scenario file or a share link (a double-click, a file manager's "open with").
    if len(argv) == 1 and (argv[0].endswith(".scalingdesk") or argv[0].startswith("scalingdesk://")):
        argv = ["open", argv[0]]
    parser = build_parser()
    try:
        args = parser.parse_args(_join_negative_values(argv))
    except UsageError as err:
        print(one_line(err, 400), file=sys.stderr)
        return 2

    if args.self_test:
        from scalingdesk.selftest import run_self_test

        return run_self_test()
    if args.command is None:
        from scalingdesk.qt.app import run_app

        return run_app(None)
    if getattr(args, "gui", None) == "screenshot":
        from scalingdesk.cli.screenshot import screenshot

        try:
            return screenshot(args)
        except (ValueError, OverflowError, OSError) as err:
            return _fail("scalingdesk screenshot", err)

    try:
        result = args.run(args)
    except (ValueError, QuantityError, ArithmeticError, RecursionError) as err:  # the one place
        return _fail(f"scalingdesk {args.command}", err)
    except OSError as err:
        return _fail(f"scalingdesk {args.command}", err.strerror or err)
    if result is None or isinstance(result, int):  # a command that ran the window (open)
        return int(result or 0)
    if (bad := _not_finite(result)) is not None:
        given = " ".join(
            f"--{k.replace('_', '-')} {format_sci(v) if isinstance(v, float) else v}"
            for k, v in vars(args).items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("seed",)
        )
        return _fail(
            f"scalingdesk {args.command}",
            f"the result's {bad} is not finite for {given or 'these inputs'}; use smaller values",
        )
    try:
        text = (
            json.dumps(result, indent=2, allow_nan=False)
            if getattr(args, "json", False)
            else _human(args.command, result)
        )
    except (ValueError, TypeError, KeyError) as err:
        return _fail(f"scalingdesk {args.command}", f"the result could not be printed ({err})")
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `scalingdesk … | head`: the reader left, which is not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
