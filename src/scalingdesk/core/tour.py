"""The guided tour: scenes loaded from plain JSON (resources/tour.json), validated, Qt-free.

A scene sets the scenario, chooses which views are shown, names the part of the window to
highlight, and says one thing with a question to try.  Texts are templates: numbers in them are
``{placeholders}`` filled from :func:`tour_facts`, which computes every figure from the core at
run time, so a scene never states a number the app's own laws disagree with.
"""

from __future__ import annotations

import math
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from scalingdesk.core import allocation, extras
from scalingdesk.core.laws import (
    DEFAULT_FAMILY,
    FAMILIES,
    FLOPS_PER_PARAM_TOKEN,
    KAPLAN_2020,
    chinchilla_family,
    compute_for_optimal_tokens,
)
from scalingdesk.core.scenario import KNOBS, ScenarioError, ScenarioState, validate_state
from scalingdesk.core.units import QuantityError, format_count, format_sci, parse_positive

FORMAT = "scalingdesk-tour"

#: Views a scene can show (the rest of the window is hidden while the scene is on).
VIEWS = ("loss", "isoflop", "plane", "lever", "hardware", "controls", "timeline", "test-time", "reconcile")
#: Controls a scene can highlight, besides the views themselves.
CONTROLS = (
    "knob_c",
    "knob_n",
    "knob_d",
    "hold_c",
    "hold_n",
    "hold_d",
    "follow",
    "family",
    "loss_readout",
    "balance",
    "compute_readout",
    "downstream",
)
#: Parts inside a view a scene can mask: the hardware panel's compute, time and cost figures;
#: the N–D map's compute-optimal path and 20-tokens-per-parameter line (and their names).
VIEW_PARTS = ("hardware_figures", "optimal_path")
HIGHLIGHTS = VIEWS + CONTROLS + ("panel_plot",) + VIEW_PARTS

SCENARIO_KEYS = (
    "model",
    "params",
    "tokens",
    "compute",
    "tokens_per_param",
    "law",
    "held",
    "follow_optimum",
    "unique_tokens",
)
#: Which of N, D and C a scene may name together (anything else is ambiguous).
_SIZE_COMBOS: tuple[frozenset[str], ...] = (
    frozenset(),
    frozenset({"model"}),
    frozenset({"params", "tokens"}),
    frozenset({"params", "tokens_per_param"}),
    frozenset({"compute"}),
    frozenset({"compute", "params"}),
    frozenset({"compute", "tokens"}),
    frozenset({"compute", "tokens_per_param"}),
)

_REQUIRED = ("number", "title", "text", "views", "highlight")
_OPTIONAL = ("question", "choices", "answer", "reveal", "source", "scenario", "panel_plot", "mask")


class TourError(ValueError):
    """Bad tour data; the message names the scene and the field."""


@dataclass(frozen=True)
class Scene:
    number: int  # 1-based position in the tour
    title: str
    text: str  # 2–3 sentences, placeholders already filled
    question: str  # a thing to try; "" for none
    choices: tuple[str, ...]  # answers to pick from; empty for an open question
    answer: int | None  # index into choices, None without choices
    scenario: Mapping[str, Any] = field(hash=False)  # raw, validated spec (see scene_state)
    views: tuple[str, ...]
    highlight: str
    reveal: str = ""  # shown beside the learner's guess, placeholders filled
    source: str = ""  # the papers the scene rests on
    panel_plot: str | None = None  # one of PANEL_PLOTS, drawn inside the tour panel
    #: Parts of the window (HIGHLIGHTS names) that hold the answer: covered until the guess.
    mask: tuple[str, ...] = ()


# --- numbers the scenes state, all from the core -----------------------------------------------


def _model(model_id: str) -> Any:
    from scalingdesk.core.views import real_models

    for m in real_models():
        if m.id == model_id:
            return m
    raise KeyError(model_id)


def _count(value: float) -> str:
    """70e9 → "70B" (no space, as the scene texts write counts)."""
    return format_count(value).replace(" ", "")


def _compute_where_optimal_tokens(law: Any, tokens: float) -> float:
    """The budget whose compute-optimal data is ``tokens`` (for the data wall)."""
    return compute_for_optimal_tokens(law, tokens)


#: Served tokens used for the over-training scene's inference-optimal model (our choice of
#: illustration: 100T tokens, a popular model's lifetime of traffic; not a published figure).
SERVED_TOKENS = 1e14

# The tour panel's small plots (their own module; re-exported here for the tour's callers).
from scalingdesk.core.tour_plots import (  # noqa: E402
    ANSWER_TOKENS,
    PANEL_PLOTS,
    emergence_curves,
)


@lru_cache(maxsize=1)
def tour_facts() -> Mapping[str, Any]:
    """Every figure the scene texts quote, computed from the core (laws, allocation, extras,
    hardware) and resources/models.json.  Counts come pre-formatted ("72.2 B"); ratios are
    floats, formatted by the template ("{kaplan_n10:.0f}")."""
    law = chinchilla_family(DEFAULT_FAMILY)
    f: dict[str, Any] = {"law_label": law.label}

    # 1. The naive guess: double Chinchilla's budget.
    c0 = 5.76e23  # Hoffmann et al. 2022 §4: Gopher's and Chinchilla's budget
    a, b = allocation.optimal(law, c0), allocation.optimal(law, 2 * c0)
    f["double_drop_pct"] = 100 * (a.loss - b.loss) / a.loss
    f["double_loss_before"], f["double_loss_after"] = a.loss, b.loss

    # 2. C ≈ 6·N·D for Chinchilla.
    chin = _model("chinchilla")
    f["chinchilla_flops"] = format_sci(FLOPS_PER_PARAM_TOKEN * chin.params * chin.tokens, 2)

    # 3. Diminishing returns along the frontier from 1e21 FLOPs.
    steps = allocation.diminishing_returns(law, 1e21, 4)
    f["pull1_drop"], f["pull4_drop"] = float(steps.drops[0]), float(steps.drops[3])
    f["pull4_pct"] = 100 * float(steps.drops[3] / steps.drops[0])
    f["floor"] = steps.floor

    # 4. Data held at 20B tokens: the model term vanishes, the data term stays.
    d4 = 2e10
    f["d4_tokens"] = _count(d4)
    f["d4_loss_1b"] = float(law.loss(1e9, d4))
    f["d4_loss_1t"] = float(law.loss(1e12, d4))
    f["d4_floor"] = float(law.E + law.B / d4**law.beta)

    # 5. Kaplan against Chinchilla: growth per 10x of compute, and GPT-3.
    f["kaplan_n10"], f["kaplan_d10"] = 10**KAPLAN_2020.exponent_a, 10 ** (1 - KAPLAN_2020.exponent_a)
    f["chin_n10"], f["chin_d10"] = 10**law.exponent_a, 10**law.exponent_b
    gpt3 = _model("gpt-3")
    g = allocation.optimal(law, gpt3.compute)
    f["gpt3_flops"] = format_sci(gpt3.compute, 2)
    f["gpt3_tpp"] = gpt3.tokens / gpt3.params
    f["gpt3_opt_n"], f["gpt3_opt_d"] = _count(g.params), _count(g.tokens)
    f["gpt3_opt_tpp"] = g.tokens_per_param

    # 6. The IsoFLOP valley at Gopher's compute.
    gopher = _model("gopher")
    v = allocation.optimal(law, gopher.compute)
    f["gopher_opt_n"] = _count(v.params)
    f["gopher_opt_tpp"] = v.tokens_per_param
    f["gopher_gap"] = float(law.loss(gopher.params, gopher.tokens)) - v.loss

    # 7. Over-training on purpose: Llama 3, and Sardana & Frankle's inference-aware optimum.
    l8, l70 = _model("llama-3-8b"), _model("llama-3-70b")
    f["llama3_8b_tpp"], f["llama3_70b_tpp"] = l8.tokens / l8.params, l70.tokens / l70.params
    target = float(law.loss(l8.params, l8.tokens))
    io = allocation.inference_optimal(law, target, SERVED_TOKENS)
    f["llama3_8b_loss"] = target
    f["served"] = _count(SERVED_TOKENS)
    f["io_n"], f["io_d"], f["io_tpp"] = _count(io.params), _count(io.tokens), io.tokens_per_param
    f["chin_tpp"] = allocation.optimal(law, l8.compute).tokens_per_param

    # 8. Mixture of experts: DeepSeek-V3.
    ds = _model("deepseek-v3")
    f["ds_total"], f["ds_active"] = _count(ds.total_params), _count(ds.params)
    f["ds_ratio"] = ds.total_params / ds.params
    f["ds_flops"] = format_sci(FLOPS_PER_PARAM_TOKEN * ds.params * ds.tokens, 2)
    f["ds_dense_flops"] = format_sci(FLOPS_PER_PARAM_TOKEN * ds.total_params * ds.tokens, 2)

    # 9. The data wall (Villalobos et al. 2024) and repeated data (Muennighoff et al. 2023).
    f["stock"] = _count(extras.PUBLIC_TEXT_STOCK)
    f["wall_compute"] = format_sci(_compute_where_optimal_tokens(law, extras.PUBLIC_TEXT_STOCK), 2)
    f["wall_years"] = "{}–{}".format(*extras.DATA_EXHAUSTION_YEARS)  # Villalobos et al. 2024
    u = 1e12
    f["four_epoch_pct"] = 100 * float(extras.effective_tokens(4 * u, u)) / (4 * u)
    f["max_epochs"] = float(extras.max_effective_tokens(u)) / u
    # Scene 9's run: 5T parameters reading 300T unique tokens 4 times, under Muennighoff et al.'s
    # data-constrained law (arXiv 2305.16264, eq. 17), against the same tokens all fresh.
    from scalingdesk.core.data_constrained import with_unique_tokens

    mu = FAMILIES["muennighoff2023"]
    f["dc_loss_fresh"] = float(mu.loss(5e12, 1.2e15))
    f["dc_loss_repeated"] = float(with_unique_tokens(mu, extras.PUBLIC_TEXT_STOCK).loss(5e12, 1.2e15))

    # 10. Emergence as a metric artefact.
    em = emergence_curves(np.array([1e20, 1e22, 1e26]))
    f["answer_tokens"] = ANSWER_TOKENS
    f["em_lo"], f["em_mid"], f["em_hi"] = (float(x) for x in em["exact_match"])
    f["p_lo"], f["p_hi"] = float(em["per_token"][0]), float(em["per_token"][2])

    # 11. Effective compute: the three factors multiply.
    r = extras.GrowthRates()
    f["rate_sw"], f["rate_hw"], f["rate_chips"] = r.software, r.hardware, r.chips
    f["rate_sum"] = r.software + r.hardware + r.chips
    f["rate_product"] = r.software * r.hardware * r.chips

    # 12. From a model to machines: Llama 3.1 405B on H100s.
    from scalingdesk.core import hardware

    l405 = _model("llama-3.1-405b")
    h100 = hardware.get_gpu("h100-80gb")
    hours = float(hardware.training_gpu_hours(l405.compute, h100.peak_flops("bf16"), hardware.DEFAULT_MFU))
    f["l405_flops"] = format_sci(l405.compute, 2)
    f["l405_gpu_hours"] = _count(hours)
    f["l405_gpu_days"] = _count(hours / 24)
    f["mfu_pct"] = 100 * hardware.DEFAULT_MFU
    f["h100_tflops"] = h100.peak_flops("bf16") / 1e12
    from scalingdesk.core.tour_frontier import frontier_facts  # 13-15: timeline, test time, reconcile

    f.update(frontier_facts())
    return MappingProxyType(f)


# --- the end of the tour -------------------------------------------------------------------------

#: The three lessons the tour teaches, and the scenes that teach each.
LESSONS = (
    ("Each 10x of compute buys less: loss is a power law that bends toward a floor.", (1, 3, 10, 11)),
    ("Compute is a budget, C ≈ 6·N·D: grow the model and the data together.", (2, 4, 5, 6, 8)),
    ("The best split depends on what you pay for: serving, data and machines.", (7, 9, 12)),
    ("Beyond the knobs: the compute trend, test-time compute, and why Kaplan differed.", (13, 14, 15)),
)


@dataclass(frozen=True)
class TourSummary:
    lessons: tuple[tuple[str, int, int], ...]  # (lesson, right guesses, guesses made) per lesson
    right: int
    answered: int
    questions: int

    def text(self) -> str:
        lines = [
            f"You got {self.right} of {self.questions} predictions right"
            + (f" ({self.questions - self.answered} skipped)." if self.answered < self.questions else ".")
        ]
        for lesson, right, made in self.lessons:
            lines.append(f"• {lesson} Your guesses: {right} of {made} right.")
        return "\n".join(lines)


def tour_summary(scenes: list[Scene], guesses: Mapping[int, int]) -> TourSummary:
    """The end screen: the learner's own guesses (scene number → choice index), lesson by lesson."""
    asked = [s for s in scenes if s.answer is not None]
    right = sum(1 for s in asked if guesses.get(s.number) == s.answer)
    answered = sum(1 for s in asked if s.number in guesses)
    lessons = []
    for lesson, numbers in LESSONS:
        mine = [s for s in asked if s.number in numbers and s.number in guesses]
        lessons.append((lesson, sum(1 for s in mine if guesses[s.number] == s.answer), len(mine)))
    return TourSummary(tuple(lessons), right, answered, len(asked))


# --- loading and validation --------------------------------------------------------------------


#: Bounds on a tour template: its length, the text it fills to, and a format spec's width and
#: precision ("{floor:>100000}" must not build a 100 kB string, nor "{x:.999999f}" a huge one).
MAX_TEMPLATE, MAX_FILLED, MAX_WIDTH, MAX_PRECISION = 4000, 6000, 40, 20
_SPEC = __import__("re").compile(
    r"(?:(?P<fill>[^{}])?(?P<align>[<>=^]))?(?P<sign>[-+ ])?z?#?0?(?P<width>\d+)?[,_]?"
    r"(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?"
)


def _fill(template: str, where: str, facts: Mapping[str, Any]) -> str:
    """Fill {name} / {name:spec} placeholders from ``facts`` only: no attribute or index access,
    no conversions, no nested fields, bounded widths and output (TourError otherwise)."""
    if len(template) > MAX_TEMPLATE:
        raise TourError(f"{where} is {len(template):,} characters long; at most {MAX_TEMPLATE:,} are allowed")
    out: list[str] = []
    size = 0
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as err:
        raise TourError(f"{where}: bad placeholder or format ({err})") from None
    for literal, name, spec, conversion in parts:
        out.append(literal)
        size += len(literal)
        if name is None:
            continue
        shown = name[:40]
        if name == "" or name.isdigit():
            raise TourError(f"{where}: placeholders need a name, like {{gpt3_tpp}}")
        if not name.isidentifier():
            raise TourError(f"{where}: placeholder {{{shown}}} must be a plain name (no '.', '[' or spaces)")
        if name not in facts:
            raise TourError(f"{where}: unknown placeholder {{{shown}}}; known: {', '.join(sorted(facts))}")
        if conversion is not None:
            raise TourError(f"{where}: placeholder {{{shown}}} may not use a conversion ('!{conversion}')")
        spec = spec or ""
        m = _SPEC.fullmatch(spec)
        if m is None:
            raise TourError(f"{where}: placeholder {{{shown}}} has a bad format {spec[:40]!r}")
        width, precision = int(m["width"] or 0), int(m["precision"] or 0)
        if width > MAX_WIDTH or precision > MAX_PRECISION:
            raise TourError(
                f"{where}: placeholder {{{shown}}} asks for width {width} / precision "
                f"{precision}; at most {MAX_WIDTH} / {MAX_PRECISION} are allowed"
            )
        try:
            text = format(facts[name], spec)
        except (ValueError, TypeError) as err:
            raise TourError(f"{where}: bad placeholder or format ({err})") from None
        out.append(text)
        size += len(text)
        if size > MAX_FILLED:
            break
    if size > MAX_FILLED:
        raise TourError(f"{where} fills to more than {MAX_FILLED:,} characters")
    return "".join(out)


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool) -> str:
    value = raw.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise TourError(f"{where} field {key!r} must be a non-empty text, found {value!r}")
    return value


def _parse_scenario(spec: Any, where: str) -> dict[str, Any]:
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise TourError(f"{where} field 'scenario' must be an object, found {spec!r}")
    out: dict[str, Any] = {}
    for key, value in spec.items():
        at = f"{where} field 'scenario.{key}'"
        if key not in SCENARIO_KEYS:
            raise TourError(f"{at} is not known; use {', '.join(SCENARIO_KEYS)}")
        if key in ("params", "tokens", "compute", "tokens_per_param"):
            if isinstance(value, bool):
                raise TourError(f"{at} must be a number like 70B or 5.76e23, found {value!r}")
            try:
                out[key] = parse_positive(value, what=key)
            except QuantityError as err:
                raise TourError(f"{at}: {err}") from None
        elif key == "unique_tokens":
            if value is None:
                out[key] = None
            else:
                try:
                    out[key] = parse_positive(value, what=key)
                except QuantityError as err:
                    raise TourError(f"{at}: {err}") from None
        elif key == "model":
            try:
                _model(str(value))
            except KeyError:
                raise TourError(f"{at}: no model {value!r} in resources/models.json") from None
            if _model(str(value)).tokens is None:
                raise TourError(f"{at}: {value!r} has no published training tokens")
            out[key] = str(value)
        elif key == "law":
            if value not in FAMILIES:
                raise TourError(f"{at}: unknown law family {value!r}; choose one of {', '.join(FAMILIES)}")
            out[key] = value
        elif key == "held":
            if value not in KNOBS:
                raise TourError(f"{at} must be one of C, N, D, found {value!r}")
            out[key] = value
        elif key == "follow_optimum":
            if not isinstance(value, bool):
                raise TourError(f"{at} must be true or false, found {value!r}")
            out[key] = value
    sizes = frozenset(k for k in ("model", "params", "tokens", "compute", "tokens_per_param") if k in out)
    if sizes not in _SIZE_COMBOS:
        raise TourError(
            f"{where} field 'scenario' names {', '.join(sorted(sizes))} together; give a model, "
            "params with tokens (or tokens_per_param), or compute alone or with one of those"
        )
    return out


def scene_state(scene: Scene, base: ScenarioState) -> ScenarioState:
    """The scenario a scene shows.  Law, held knob, follow-the-optimum and unique tokens default
    to the opening view's (so a scene looks the same whatever came before it); N and D stay as
    in ``base`` only where the scene names none of model/params/tokens/compute; the hardware
    settings and the user's own laws always carry over."""
    spec = scene.scenario
    law_key = spec.get("law", DEFAULT_FAMILY)
    law = FAMILIES[law_key]
    n, d = base.params, base.tokens
    if "model" in spec:
        m = _model(spec["model"])
        n, d = m.params, m.tokens
    elif "compute" in spec:
        c = spec["compute"]
        if "params" in spec:
            n = spec["params"]
            d = c / (FLOPS_PER_PARAM_TOKEN * n)
        elif "tokens" in spec:
            d = spec["tokens"]
            n = c / (FLOPS_PER_PARAM_TOKEN * d)
        elif "tokens_per_param" in spec:
            n = math.sqrt(c / (FLOPS_PER_PARAM_TOKEN * spec["tokens_per_param"]))
            d = spec["tokens_per_param"] * n
        else:
            opt = allocation.optimal(law, c)
            n, d = opt.params, opt.tokens
    elif "params" in spec:
        n = spec["params"]
        d = spec["tokens"] if "tokens" in spec else spec["tokens_per_param"] * n
    follow = spec.get("follow_optimum", False)
    if follow:  # as Scenario.set_follow_optimum: snap onto the frontier at this budget
        opt = allocation.optimal(law, FLOPS_PER_PARAM_TOKEN * n * d)
        n, d = opt.params, opt.tokens
    state = replace(
        base,
        params=float(n),
        tokens=float(d),
        law=law_key,
        held=spec.get("held", "C"),
        follow_optimum=follow,
        unique_tokens=spec.get("unique_tokens"),
    )
    try:
        return validate_state(state)
    except ScenarioError as err:
        raise TourError(f"scene {scene.number} field 'scenario': {err}") from None


def parse_scene(raw: Any, position: int, facts: Mapping[str, Any] | None = None) -> Scene:
    """One scene from its JSON object (``position`` is 1-based); raises TourError naming it."""
    facts = tour_facts() if facts is None else facts
    label = raw.get("title") if isinstance(raw, dict) else None
    where = f"scene {position}" + (f" ({label!r})" if isinstance(label, str) else "")
    if not isinstance(raw, dict):
        raise TourError(f"{where} must be an object, found {type(raw).__name__}")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise TourError(f"{where} has unknown field(s) {', '.join(map(repr, unknown))}")
    for key in _REQUIRED:
        if key not in raw:
            raise TourError(f"{where} is missing the field {key!r}")
    number = raw["number"]
    if isinstance(number, bool) or not isinstance(number, int) or number != position:
        raise TourError(f"{where} field 'number' must be {position} (scenes are numbered in order), found {number!r}")
    title = _fill(_text(raw, "title", where, required=True), f"{where} field 'title'", facts)
    text = _fill(_text(raw, "text", where, required=True), f"{where} field 'text'", facts)
    question = _fill(_text(raw, "question", where, required=False), f"{where} field 'question'", facts)
    reveal = _fill(_text(raw, "reveal", where, required=False), f"{where} field 'reveal'", facts)
    source = _text(raw, "source", where, required=False)
    choices_raw = raw.get("choices", [])
    if not isinstance(choices_raw, list) or not all(isinstance(c, str) and c.strip() for c in choices_raw):
        raise TourError(f"{where} field 'choices' must be a list of non-empty texts, found {choices_raw!r}")
    choices = tuple(_fill(c, f"{where} field 'choices[{i}]'", facts) for i, c in enumerate(choices_raw))
    answer = raw.get("answer")
    if choices:
        if len(choices) < 2:
            raise TourError(f"{where} field 'choices' needs at least two answers to pick from")
        if not question:
            raise TourError(f"{where} field 'question' is needed when there are choices")
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(choices):
            raise TourError(
                f"{where} field 'answer' must be the index (0 to {len(choices) - 1}) of "
                f"the right choice, found {answer!r}"
            )
    elif answer is not None:
        raise TourError(f"{where} field 'answer' is given but there are no 'choices'")
    views = raw["views"]
    if not isinstance(views, list) or not views or not all(v in VIEWS for v in views):
        raise TourError(f"{where} field 'views' must be a non-empty list of {', '.join(VIEWS)}; found {views!r}")
    if len(set(views)) != len(views):
        raise TourError(f"{where} field 'views' names a view twice: {views!r}")
    panel_plot = raw.get("panel_plot")
    if panel_plot is not None and panel_plot not in PANEL_PLOTS:
        raise TourError(f"{where} field 'panel_plot' must be one of {', '.join(PANEL_PLOTS)}, found {panel_plot!r}")
    highlight = raw["highlight"]
    if highlight not in HIGHLIGHTS:
        raise TourError(f"{where} field 'highlight' must be one of {', '.join(HIGHLIGHTS)}, found {highlight!r}")
    # A highlighted part must be on screen: a view in 'views', a control with 'controls' shown.
    if highlight in VIEWS and highlight not in views:
        raise TourError(f"{where} field 'highlight' is {highlight!r}, which 'views' hides")
    if highlight in CONTROLS and "controls" not in views:
        raise TourError(f"{where} field 'highlight' is the control {highlight!r} but 'views' hides the controls")
    if highlight == "panel_plot" and panel_plot is None:
        raise TourError(f"{where} field 'highlight' is 'panel_plot' but the scene has none")
    mask = raw.get("mask", [])
    if not isinstance(mask, list) or not all(m in HIGHLIGHTS for m in mask):
        raise TourError(f"{where} field 'mask' must be a list of {', '.join(HIGHLIGHTS)}; found {mask!r}")
    if mask and not choices:
        raise TourError(f"{where} field 'mask' covers parts until a guess, but there are no 'choices'")
    if "optimal_path" in mask and "plane" not in views:
        raise TourError(f"{where} field 'mask' hides the N–D map's optimal path, but 'views' hides the map")
    scene = Scene(
        number=number,
        title=title,
        text=text,
        question=question,
        choices=choices,
        answer=answer if choices else None,
        scenario=MappingProxyType(_parse_scenario(raw.get("scenario"), where)),
        views=tuple(views),
        highlight=highlight,
        reveal=reveal,
        source=source,
        panel_plot=panel_plot,
        mask=tuple(mask),
    )
    from scalingdesk.core.scenario import opening_state

    scene_state(scene, opening_state())  # refuse a scene whose scenario is out of range now
    return scene


def parse_tour(data: Any) -> list[Scene]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TourError(f'not a ScalingDesk tour: the top level needs "format": "{FORMAT}"')
    scenes = data.get("scenes")
    if not isinstance(scenes, list) or not scenes:
        raise TourError("field 'scenes' must be a non-empty list")
    facts = tour_facts()
    return [parse_scene(raw, i, facts) for i, raw in enumerate(scenes, start=1)]


def load_tour(path: str | Path | None = None) -> list[Scene]:
    """The scenes of a tour file (default resources/tour.json), validated."""
    if path is None:
        from scalingdesk.resources import load_json

        return parse_tour(load_json("tour.json"))
    # A file from outside goes through the boundary's bounded reader (regular files only, a size
    # cap read with a limit, depth-limited JSON): core.tour_file.read_tour.
    from scalingdesk.core.tour_file import read_tour

    return read_tour(path)
