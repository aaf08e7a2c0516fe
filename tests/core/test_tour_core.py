"""The guided tour: scene data checked against the core, and the tour walked like a learner."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import copy  # noqa: E402
import json  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from scalingdesk.core import allocation, extras, views  # noqa: E402
from scalingdesk.core.laws import EPOCH_2024  # noqa: E402
from scalingdesk.core.scenario import opening_state  # noqa: E402
from scalingdesk.core.tour import (  # noqa: E402
    TourError,
    emergence_curves,
    load_tour,
    parse_tour,
    scene_state,
    tour_facts,
)
from scalingdesk.core.views import real_models  # noqa: E402
from scalingdesk.resources import resource_path  # noqa: E402

RAW = json.loads(resource_path("tour.json").read_text(encoding="utf-8"))

MODELS = {m.id: m for m in real_models()}


def test_the_tour_has_the_twelve_scenes_of_the_issue():
    scenes = load_tour()
    assert [s.number for s in scenes] == list(range(1, 16))  # 12 of the issue + 3 of issue 17
    titles = " | ".join(s.title for s in scenes).lower()
    for word in (
        "naive",
        "6·n·d",
        "diminishing",
        "together",
        "kaplan",
        "isoflop",
        "over-training",
        "experts",
        "data wall",
        "emergence",
        "effective compute",
        "machines",
        "real models",
        "test-time",
        "kaplan said",
    ):
        assert word in titles
    for s in scenes:
        assert s.source, f"scene {s.number} names no source"
        assert len(s.text) < 420, f"scene {s.number} is longer than 2-3 sentences"
        assert s.choices and s.answer is not None and s.reveal
        assert "{" not in s.text + s.reveal + s.question + "".join(s.choices)


def test_scene_5_states_kaplan_against_chinchilla_from_the_laws():
    s5 = load_tour()[4]
    assert "~5x" in s5.text and "~2x" in s5.text and "~3x and ~3x" in s5.text
    facts = tour_facts()
    assert facts["kaplan_n10"] == pytest.approx(10**0.73)  # Kaplan 2020 Table 6: N ∝ C^0.73
    assert facts["kaplan_d10"] == pytest.approx(10**0.27)
    assert 2.9 < facts["chin_n10"] < 3.5 and 2.9 < facts["chin_d10"] < 3.5
    # GPT-3 was under-trained: the optimum at its compute is a smaller model on more data.
    gpt3 = MODELS["gpt-3"]
    opt = allocation.optimal(EPOCH_2024, gpt3.compute)
    assert opt.params < gpt3.params and opt.tokens > gpt3.tokens
    assert s5.choices[s5.answer].startswith("A smaller model")


def test_scene_7_quotes_llama_3_tokens_per_parameter():
    s7 = load_tour()[6]
    assert "~1,875 per parameter" in s7.text and "~214" in s7.text  # 15T/8B, 15T/70B
    f = tour_facts()
    # Serving many tokens pushes the optimum far past Chinchilla's ~20 (Sardana & Frankle 2023).
    assert f["io_tpp"] > 10 * f["chin_tpp"]
    assert "1,000" in s7.choices[s7.answer]


def test_answers_agree_with_the_core():
    scenes = load_tour()
    f = tour_facts()
    # 1: doubling compute lowers the loss by about 1%.
    assert 0.5 < f["double_drop_pct"] < 2 and "1%" in scenes[0].choices[scenes[0].answer]
    # 2: 6·70B·1.4T ≈ 5.9e23, and Hoffmann et al. report 5.76e23.
    assert scenes[1].choices[scenes[1].answer] == "≈ 6e23"
    # 3: the fourth 10x buys about 30% of the first.
    steps = allocation.diminishing_returns(EPOCH_2024, 1e21, 4)
    assert 0.2 < steps.drops[3] / steps.drops[0] < 0.4
    # 4: with D held, the loss flattens at E + B/D^β.
    assert f["d4_loss_1t"] - f["d4_floor"] < 0.05 < f["d4_loss_1b"] - f["d4_loss_1t"]
    # 6: Gopher sits above the valley's bottom, Chinchilla near it.
    assert f["gopher_gap"] > 0.01
    # 8: DeepSeek-V3's training FLOPs follow its 37B active parameters.
    ds = MODELS["deepseek-v3"]
    assert ds.total_params / ds.params == pytest.approx(18.1, abs=0.1)
    # 9: four epochs are worth >90% of fresh data (Muennighoff et al. 2023).
    assert 90 < f["four_epoch_pct"] < 100
    # 10: exact match stays near zero, then rises (Schaeffer et al. 2023).
    em = emergence_curves(np.logspace(18, 28, 11))["exact_match"]
    assert em[2] < 0.01 and em[-1] > 0.5 and np.all(np.diff(em) > 0)
    # 11: the three rates multiply to ~9x a year: 2^(12/8) (Ho et al. 2024) × 2^(1/2.1)
    # (Hobbhahn et al. 2023) × 2.4 (Cottier et al. 2024).
    r = extras.GrowthRates()
    assert "~9x" in scenes[10].choices[scenes[10].answer]
    assert r.software * r.hardware * r.chips == pytest.approx(2**1.5 * 2 ** (1 / 2.1) * 2.4, rel=0.01)
    # 12: 3.8e25 FLOPs at 40% of 989 TFLOP/s ≈ 27M GPU-hours (Meta reports 30.84M).
    assert f["l405_gpu_hours"].endswith("M") and 20 < float(f["l405_gpu_hours"][:-1]) < 35
    assert scenes[11].choices[scenes[11].answer] == "About 30 million"


def test_scene_states_are_the_scenes_scenarios():
    scenes = load_tour()
    base = opening_state()
    s1 = scene_state(scenes[0], base)
    assert s1.follow_optimum and s1.compute == pytest.approx(5.76e23)
    s5 = scene_state(scenes[4], base)
    assert (s5.params, s5.tokens, s5.held) == (1.75e11, 3.0e11, "C")
    s4 = scene_state(scenes[3], base)
    assert (s4.params, s4.tokens, s4.held) == (1e9, 2e10, "D")
    s9 = scene_state(scenes[8], base)
    assert s9.unique_tokens == pytest.approx(3e14)
    # Scene 9 reads its unique data 4 times, and its model stays on the N-D map.
    assert s9.tokens / s9.unique_tokens == pytest.approx(4.0)
    assert views.PARAMS_SPAN[0] <= s9.params <= views.PARAMS_SPAN[1]
    assert views.TOKENS_SPAN[0] <= s9.tokens <= views.TOKENS_SPAN[1]


def _broken(**change):
    data = copy.deepcopy(RAW)
    data["scenes"][2].update(change)
    return data


@pytest.mark.parametrize(
    "change, message",
    [
        ({"views": ["loss", "radar"]}, r"scene 3 .*field 'views'"),
        ({"highlight": "knob_x"}, r"scene 3 .*field 'highlight'"),
        ({"highlight": "isoflop"}, r"scene 3 .*'highlight' is 'isoflop', which 'views' hides"),
        ({"answer": 7}, r"scene 3 .*field 'answer'"),
        ({"number": 4}, r"scene 3 .*field 'number' must be 3"),
        ({"text": "It costs {no_such_fact} FLOPs."}, r"scene 3 .*field 'text'.*no_such_fact"),
        ({"scenario": {"params": "70X"}}, r"scene 3 .*scenario.params"),
        ({"scenario": {"params": 1e20, "tokens": 1e12}}, r"scene 3 field 'scenario'.*parameters"),
        ({"scenario": {"model": "gpt-9"}}, r"scene 3 .*no model 'gpt-9'"),
        ({"scenario": {"model": "gpt-3", "params": 1e9}}, r"scene 3 .*names model, params"),
        ({"scenario": {"held": "X"}}, r"scene 3 .*scenario.held"),
        ({"colour": "red"}, r"scene 3 .*unknown field"),
        ({"mask": ["optimal_path"]}, r"scene 3 .*'mask' hides the N–D map's optimal path, but 'views' hides the map"),
    ],
)
def test_bad_scenes_are_refused_naming_scene_and_field(change, message):
    with pytest.raises(TourError, match=message):
        parse_tour(_broken(**change))


def test_a_presenter_can_write_their_own_tour(tmp_path):
    own = {
        "format": "scalingdesk-tour",
        "scenes": [
            {
                "number": 1,
                "title": "Chinchilla",
                "text": "Seventy billion parameters.",
                "views": ["plane", "controls"],
                "highlight": "knob_n",
                "scenario": {"params": "70B", "tokens": "1.4T", "held": "N"},
            }
        ],
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(own), encoding="utf-8")
    (scene,) = load_tour(path)
    assert scene.choices == () and scene.answer is None
    state = scene_state(scene, opening_state())
    assert (state.params, state.tokens, state.held) == (7e10, 1.4e12, "N")
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TourError, match="not valid JSON"):
        load_tour(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_load_tour_reads_a_path_through_the_bounded_reader(tmp_path):
    # issue 12: a FIFO would block a plain read forever, /dev/zero would never end, a huge file
    # would be read whole; the bounded reader refuses each with one line naming the file.
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 600_000 + b"{}")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    for path, needle in [(fifo, "not a regular file"), (big, "big.json"), (deep, "deep.json")]:
        with pytest.raises(TourError, match=needle) as err:
            load_tour(path)
        assert "\n" not in str(err.value)
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    with pytest.raises(TourError, match="not a regular file"):
        load_tour(link)
