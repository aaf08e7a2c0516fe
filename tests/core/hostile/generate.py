"""A generated corpus of hostile inputs for every input surface (issue 12).

``cases()`` returns :class:`Case` objects, deterministic (no randomness), ≥ 500 in all:
scenario files, share links, CSV/TSV runs, tour files and saved sessions.  ``materialise(case,
folder)`` writes a file case to disk (or makes the FIFO, device symlink, folder or dangling
path it names) and returns the path; link and session cases carry their text.

``expect`` is "refuse" (the loader must refuse it with a one-line message), "accept" (it must
load) or "any" (either, but cleanly).  Run ``python tests/hostile/generate.py OUT`` to write the
corpus to a folder for manual runs through the CLI.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Case:
    surface: str  # scenario | link | csv | tour | session
    name: str  # unique id; file cases are written under this name (+ suffix)
    data: bytes | str | None = None  # file bytes, link text, or session text
    special: str | None = None  # fifo | devzero | urandom | folder | missing | symlink-file
    expect: str = "any"

    @property
    def id(self) -> str:
        return f"{self.surface}:{self.name}"


SUFFIX = {"scenario": ".scalingdesk", "csv": ".csv", "tour": ".json"}

BASE: dict[str, Any] = {
    "format": "scalingdesk-scenario",
    "version": 1,
    "params": 7e10,
    "tokens": 1.4e12,
    "held": "C",
    "follow_optimum": False,
    "law": "epoch2024",
    "unique_tokens": None,
    "hardware": None,
    "extra_laws": [],
}
LAW: dict[str, Any] = {
    "key": "mine",
    "label": "Mine",
    "E": 1.8,
    "A": 400.0,
    "B": 1500.0,
    "alpha": 0.33,
    "beta": 0.35,
    "source": "my sweep",
}
HUGE_INT = "9" * 5000  # JSON text: an integer Python refuses to convert
MARKUP = '<img src="/dev/zero"><b>x</b>'

# Values that must never reach the app unchecked.
NASTY: list[tuple[str, Any]] = [
    ("zero", 0),
    ("neg", -1),
    ("negf", -1e9),
    ("tiny", 5e-324),
    ("huge", 1.7e308),
    ("int2_31", 2**31),
    ("int2_63", 2**63),
    ("int_big", 10**40),
    ("bool_t", True),
    ("bool_f", False),
    ("null", None),
    ("str", "70B"),
    ("str_empty", ""),
    ("list", []),
    ("dict", {}),
    ("list_n", [1, 2]),
    ("markup", MARKUP),
    ("long", "x" * 100_000),
    ("float_frac", 1.5),
    ("neg_zero", -0.0),
]


def _scenario(**over: Any) -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    d.update(over)
    return d


def _dumps(d: Any) -> bytes:
    return json.dumps(d).encode()


def _with_raw(d: dict[str, Any], key: str, raw: str) -> bytes:
    """The JSON of ``d`` with the value of ``key`` replaced by raw JSON text (huge ints, 1e999)."""
    d = dict(d)
    d[key] = "@@RAW@@"
    return json.dumps(d).replace('"@@RAW@@"', raw).encode()


def _hw(**fields: Any) -> dict[str, Any]:
    return _scenario(hardware=fields)


def _gpu(**over: Any) -> dict[str, Any]:
    g = {"id": "mygpu", "name": "My GPU", "memory_gb": 80, "bandwidth_tb_s": 3.35, "bf16_tflops": 989}
    g.update(over)
    return g


# --- scenario dicts (shared by files, links and sessions) --------------------------------------

#: The ranges the issue and the app promise (scenario knobs; extra laws; the Hardware panel's
#: controls), written here independently of the code so that the corpus checks the code.
RANGES: dict[str, tuple[float, float]] = {
    "params": (1e6, 1e14),
    "tokens": (1e6, 1e16),
    "unique_tokens": (1e6, 1e16),
    "E": (0, 100),
    "A": (1e-6, 1e30),
    "B": (1e-6, 1e30),
    "alpha": (0.01, 3),
    "beta": (0.01, 3),
    "context": (1, 1e8),
    "batch": (1, 1e5),
    "micro_batch": (1, 4096),
    "seq_len": (1, 1e7),
    "num_gpus": (1, 1e7),
    "zero_stage": (0, 3),
    "mfu": (0.01, 1),
    "target_days": (0.1, 1e5),
    "price_per_gpu_hour": (0, 1e4),
    "pue": (1, 5),
}
WHOLE = {"context", "batch", "micro_batch", "seq_len", "num_gpus", "zero_stage"}


def _expect(field: str, value: Any) -> str:
    """ "accept" when ``value`` is a valid ``field`` by the promised ranges, else "refuse"."""
    lo, hi = RANGES[field]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "refuse"
    if field in WHOLE and not isinstance(value, int):  # JSON 4096.0 is not a whole-number field
        return "refuse"
    return "accept" if lo <= value <= hi else "refuse"


def scenario_dicts() -> list[tuple[str, dict[str, Any], str]]:
    """(name, scenario dict, expectation)."""
    out: list[tuple[str, dict[str, Any], str]] = [("valid", _scenario(), "accept")]
    out.append(("valid_extra_law", _scenario(extra_laws=[LAW], law="mine"), "accept"))
    out.append(
        ("valid_hardware", _hw(gpu_id="a100-80gb", num_gpus=2048, mode="inference", context=32768, batch=8), "accept")
    )
    out.append(("valid_custom_gpu", _hw(gpu_id="mygpu", custom_gpu=_gpu()), "accept"))
    for field in ("params", "tokens", "unique_tokens"):
        for tag, value in NASTY:
            if field == "unique_tokens" and value is None:
                continue
            out.append((f"{field}_{tag}", _scenario(**{field: value}), _expect(field, value)))
    for field in ("held", "law", "follow_optimum", "version", "format"):
        for tag, value in NASTY:
            ok = (field == "follow_optimum" and isinstance(value, bool)) or (
                field == "version" and value == 1 and not isinstance(value, bool)
            )
            out.append((f"{field}_{tag}", _scenario(**{field: value}), "accept" if ok else "refuse"))
    for field in ("E", "A", "B", "alpha", "beta"):
        for tag, value in NASTY + [("e_minus10", 1e-10), ("e_minus300", 1e-300), ("e300", 1e300)]:
            law = {**LAW, field: value}
            out.append((f"law_{field}_{tag}", _scenario(extra_laws=[law], law="mine"), _expect(field, value)))
    out.append(("law_both_tiny", _scenario(extra_laws=[{**LAW, "alpha": 1e-10, "beta": 1e-10}], law="mine"), "refuse"))
    for tag, key in (
        ("epoch", "epoch2024"),
        ("kaplan", "kaplan2020"),
        ("hoffmann", "hoffmann2022"),
        ("empty", ""),
        ("list", []),
        ("markup", MARKUP),
        ("long", "k" * 1000),
    ):
        out.append((f"law_key_{tag}", _scenario(extra_laws=[{**LAW, "key": key, "E": 0.1}]), "refuse"))
    for tag, value in (("markup", MARKUP), ("long", "L" * 100_000), ("list", []), ("nul", "a\x00b")):
        out.append(
            (
                f"law_label_{tag}",
                _scenario(extra_laws=[{**LAW, "label": value}], law="mine"),
                "accept" if tag == "markup" else "refuse",
            )
        )
        out.append(
            (
                f"law_source_{tag}",
                _scenario(extra_laws=[{**LAW, "source": value}], law="mine"),
                "accept" if tag == "markup" else "refuse",
            )
        )
    out.append(("law_unknown_field", _scenario(extra_laws=[{**LAW, "note": "x"}]), "refuse"))
    out.append(("law_duplicate_keys", _scenario(extra_laws=[LAW, LAW]), "refuse"))
    out.append(("law_many", _scenario(extra_laws=[{**LAW, "key": f"k{i}"} for i in range(50)]), "refuse"))
    out.append(("law_not_object", _scenario(extra_laws=["mine"]), "refuse"))
    out.append(("extra_laws_dict", _scenario(extra_laws={}), "refuse"))
    for field in ("context", "batch", "micro_batch", "seq_len", "num_gpus", "zero_stage"):
        for tag, value in NASTY + [("int1e10", 1e10), ("int2_31m1", 2**31 - 1)]:
            out.append((f"hw_{field}_{tag}", _hw(**{field: value}), _expect(field, value)))
    for field in ("mfu", "target_days", "price_per_gpu_hour", "pue"):
        for tag, value in NASTY:
            out.append((f"hw_{field}_{tag}", _hw(**{field: value}), _expect(field, value)))
    for field in ("gpu_id", "precision", "kv_precision", "mode", "optimizer", "preset"):
        for tag, value in (
            ("list", []),
            ("dict", {}),
            ("int", 3),
            ("markup", MARKUP),
            ("long", "g" * 100_000),
            ("unknown", "nope"),
        ):
            out.append((f"hw_{field}_{tag}", _hw(**{field: value}), "refuse"))
    out.append(("hw_unknown_field", _hw(turbo=True), "refuse"))
    out.append(("hw_not_object", _scenario(hardware=[1, 2]), "refuse"))
    for field in ("memory_gb", "bandwidth_tb_s", "bf16_tflops", "fp8_tflops", "power_w"):
        for tag, value in (("zero", 0), ("tiny", 5e-324), ("huge", 1e300), ("str", "80"), ("bool", True)):
            out.append((f"gpu_{field}_{tag}", _hw(gpu_id="mygpu", custom_gpu=_gpu(**{field: value})), "refuse"))
    for tag, value in (("markup", MARKUP), ("long", "N" * 100_000), ("empty", " "), ("list", [])):
        out.append(
            (
                f"gpu_name_{tag}",
                _hw(gpu_id="mygpu", custom_gpu=_gpu(name=value)),
                "accept" if tag == "markup" else "refuse",
            )
        )
    out.append(("gpu_unknown_field", _hw(gpu_id="mygpu", custom_gpu=_gpu(colour="red")), "refuse"))
    out.append(("top_unknown_key", _scenario(surprise=1), "refuse"))
    out.append(("compute_out_of_range", _scenario(params=1e14, tokens=1e16), "refuse"))
    out.append(("held_follow", _scenario(held="N", follow_optimum=True), "accept"))
    return out


def _scenario_raw_files() -> list[tuple[str, bytes, str]]:
    good = _dumps(_scenario())
    out = [
        ("bom", b"\xef\xbb\xbf" + good, "accept"),
        ("empty", b"", "refuse"),
        ("whitespace", b"   \n\t ", "refuse"),
        ("truncated", good[: len(good) // 2], "refuse"),
        ("trailing_garbage", good + b"}}}", "refuse"),
        ("nul_bytes", good[:10] + b"\x00" + good[10:], "refuse"),
        ("latin1", _dumps(_scenario(law="épo")).decode().encode("latin-1"), "refuse"),
        ("utf16", good.decode().encode("utf-16"), "refuse"),
        ("binary_pickle", b"\x80\x04\x95\xff\xfe" * 20, "refuse"),
        ("deep_array", b"[" * 1000 + b"]" * 1000, "refuse"),
        ("deep_object", b'{"a":' * 1000 + b"1" + b"}" * 1000, "refuse"),
        ("deep_100k", b"[" * 100_000, "refuse"),
        ("huge_int_params", _with_raw(_scenario(), "params", HUGE_INT), "refuse"),
        ("int_1e309_params", _with_raw(_scenario(), "params", "1" + "0" * 309), "refuse"),
        ("float_1e999", _with_raw(_scenario(), "tokens", "1e999"), "refuse"),
        ("nan_literal", _with_raw(_scenario(), "params", "NaN"), "refuse"),
        ("infinity_literal", _with_raw(_scenario(), "tokens", "Infinity"), "refuse"),
        ("huge_int_context", _with_raw(_hw(), "hardware", '{"context": ' + HUGE_INT + "}"), "refuse"),
        ("duplicate_key", good[:-1] + b', "params": 1e9}', "refuse"),
        ("array_top", b"[1, 2, 3]", "refuse"),
        ("string_top", b'"scalingdesk-scenario"', "refuse"),
        ("number_top", b"42", "refuse"),
        ("null_top", b"null", "refuse"),
        ("oversize", b'{"format": "scalingdesk-scenario", "pad": "' + b"x" * 1_100_000 + b'"}', "refuse"),
        ("long_line_spaces", b" " * 900_000 + good, "accept"),
        ("crlf", good.replace(b", ", b",\r\n"), "accept"),
        ("unicode_escape", good.replace(b'"C"', b'"\\u0043"'), "accept"),
        ("lone_surrogate", good.replace(b'"epoch2024"', b'"\\ud800"'), "refuse"),
    ]
    return out


# --- links -------------------------------------------------------------------------------------


def _v1(d: Any, tail: bytes = b"") -> str:
    raw = json.dumps(d, separators=(",", ":")).encode() if not isinstance(d, bytes) else d
    return "scalingdesk://s/" + base64.urlsafe_b64encode(zlib.compress(raw, 9) + tail).decode().rstrip("=")


def _v2(raw: bytes, flag: str = "z") -> str:
    if flag == "z":
        z = zlib.compressobj(9, zlib.DEFLATED, -15)
        raw = z.compress(raw) + z.flush()
    return "scalingdesk://s/2/" + flag + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _links() -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for name, d, expect in scenario_dicts()[::2]:  # half of the dicts as version-1 links
        out.append((f"v1_{name}", _v1(d), expect))
    diffs: list[tuple[str, Any, str]] = [
        ("empty_diff", {}, "accept"),
        ("n_only", {"N": 7e10}, "accept"),
        ("n_huge", {"N": 1e300}, "refuse"),
        ("n_str", {"N": "7e10"}, "refuse"),
        ("d_neg", {"D": -1}, "refuse"),
        ("h_bad", {"h": "X"}, "refuse"),
        ("l_bad", {"l": "nope"}, "refuse"),
        ("f_str", {"f": "yes"}, "refuse"),
        ("u_zero", {"u": 0}, "refuse"),
        ("unknown_short_key", {"Q": 1}, "refuse"),
        ("hw_context", {"H": {"context": 2147483648}}, "refuse"),
        ("hw_gpus", {"H": {"num_gpus": 1e10}}, "refuse"),
        ("hw_mfu", {"H": {"mfu": 5e-324}}, "refuse"),
        ("hw_gpu_id_list", {"H": {"gpu_id": []}}, "refuse"),
        ("hw_not_object", {"H": 5}, "refuse"),
        ("x_tiny", {"X": [["mine", "Mine", 1.8, 400, 1500, 1e-10, 1e-10, "s"]], "l": "mine"}, "refuse"),
        ("x_epoch", {"X": [["epoch2024", "Epoch", 0.1, 400, 1500, 0.3, 0.3, "s"]]}, "refuse"),
        ("x_short", {"X": [["mine"]]}, "refuse"),
        ("x_not_list", {"X": "mine"}, "refuse"),
        ("x_ok", {"X": [["mine", "Mine", 1.8, 400, 1500, 0.33, 0.35, "s"]], "l": "mine"}, "accept"),
        ("list_top", [1, 2], "refuse"),
        ("deep", "DEEP", "refuse"),
    ]
    for name, d, expect in diffs:
        raw = (b"[" * 5000 + b"]" * 5000) if d == "DEEP" else json.dumps(d).encode()
        out.append((f"v2z_{name}", _v2(raw, "z"), expect))
        out.append((f"v2j_{name}", _v2(raw, "j"), expect))
    good = _v1(_scenario())
    out += [
        ("v1_trailing_bytes", _v1(_scenario(), b"junk"), "refuse"),
        ("v1_truncated", good[:-10], "refuse"),
        ("v1_bomb", _v1(b" " * 10_000_000), "refuse"),
        ("v1_not_json", _v1(b"\xff\xfe not json"), "refuse"),
        (
            "v1_huge_int",
            _v1(b'{"format":"scalingdesk-scenario","version":1,"params":' + HUGE_INT.encode() + b"}"),
            "refuse",
        ),
        ("v1_deep", _v1(b"[" * 10_000 + b"]" * 10_000), "refuse"),
        ("v2_trailing_bytes", _v2(json.dumps({"N": 7e10}).encode(), "z")[:-2] + "AAAA", "refuse"),
        ("v2_bad_flag", "scalingdesk://s/2/qAAAA", "refuse"),
        ("v2_empty", "scalingdesk://s/2/", "refuse"),
        ("v2_bomb", _v2(b" " * 10_000_000, "z"), "refuse"),
        ("bad_base64", "scalingdesk://s/!!!!", "refuse"),
        ("bad_base64_v2", "scalingdesk://s/2/z!!!!", "refuse"),
        ("empty_link", "scalingdesk://s/", "refuse"),
        ("other_scheme", "https://example.org/" + "a" * 100, "refuse"),
        ("javascript", "javascript:alert(1)", "refuse"),
        ("too_long", "scalingdesk://s/" + "A" * 100_000, "refuse"),
        ("unicode", "scalingdesk://s/ünïcödé", "refuse"),
        ("nul", "scalingdesk://s/\x00\x00", "refuse"),
        ("newlines", "scalingdesk://s/AA\nAA", "refuse"),
        ("markup", "scalingdesk://s/" + MARKUP, "refuse"),
        ("spaces_around", "  " + good + "\n", "accept"),
    ]
    return out


# --- CSV / TSV ---------------------------------------------------------------------------------


def _csv_rows(n: int, sep: str = ",") -> str:
    lines = [sep.join(("params", "tokens", "loss"))]
    for i in range(n):
        p = 1e7 * (1.05 ** (i % 80)) * (1 + i // 80)
        d = 20 * p * (1.1 ** (i % 7))
        lines.append(sep.join((f"{p:.6g}", f"{d:.6g}", f"{1.8 + 400 / p**0.34 + 1500 / d**0.35:.6g}")))
    return "\n".join(lines) + "\n"


def _csvs() -> list[tuple[str, bytes, str]]:
    good = _csv_rows(30)
    out = [
        ("valid", good.encode(), "accept"),
        ("valid_tsv", _csv_rows(30, "\t").encode(), "accept"),
        ("valid_semicolon", _csv_rows(30, ";").encode(), "accept"),
        (
            "decimal_comma",
            (
                "params;tokens;loss\n"
                + "\n".join(
                    f"{7e7 * (i + 1):.3e};{3.5e8 * (i + 2):.3e};{4.2829 - i * 0.01:.4f}".replace(".", ",")
                    for i in range(12)
                )
                + "\n"
            ).encode(),
            "accept",
        ),
        ("bom", b"\xef\xbb\xbf" + good.encode(), "accept"),
        ("crlf", good.replace("\n", "\r\n").encode(), "accept"),
        ("cr_only", good.replace("\n", "\r").encode(), "accept"),
        ("latin1_header", ("paramètres,tokens,loss\n" + good.split("\n", 1)[1]).encode("latin-1"), "refuse"),
        ("empty", b"", "refuse"),
        ("header_only", b"params,tokens,loss\n", "refuse"),
        ("no_header", good.split("\n", 1)[1].encode(), "refuse"),
        ("nul", good.encode()[:20] + b"\x00" + good.encode()[20:], "refuse"),
        ("binary", bytes(range(256)) * 10, "refuse"),
        ("huge_header_parens", ("(" * 50_000 + ",tokens,loss\n1,2,3\n").encode(), "refuse"),
        ("huge_header_brackets", ("[" * 50_000 + "]" * 10 + ",x\n").encode(), "refuse"),
        ("many_columns", (",".join(f"c{i}" for i in range(20_000)) + "\n").encode(), "refuse"),
        ("field_over_csv_limit", ('params,tokens,loss\n"' + "1" * 200_000 + '",1,1\n').encode(), "refuse"),
        ("unbalanced_quote", ('params,tokens,loss\n"1e8,2e9,3\n' + "1e8,2e9,3\n" * 10).encode(), "refuse"),
        ("vertical_tab_lines", good.replace("\n", "\x0b").encode(), "refuse"),
        ("unicode_line_sep", good.replace("\n", "\u2028").encode(), "refuse"),
        ("too_many_lines", _csv_rows(1001).encode(), "refuse"),  # more runs than the fit takes
        ("over_max_rows", ("params,tokens,loss\n" + "1e8,2e9,3\n" * 100_001).encode(), "refuse"),
        ("oversize", b"params,tokens,loss\n" + b"1" * 21_000_000, "refuse"),
        ("header_markup", (MARKUP + ",tokens,loss\n1e8,2e9,3\n").encode(), "refuse"),
        (
            "same_n",
            ("params,tokens,loss\n" + "".join(f"1e8,{2e9 * (i + 1)},{3 - i * 0.01}\n" for i in range(10))).encode(),
            "refuse",
        ),
        (
            "too_few",
            ("params,tokens,loss\n" + "".join(f"{1e8 * (i + 1)},2e9,3\n" for i in range(4))).encode(),
            "refuse",
        ),
        (
            "unit_twice",
            (
                "params (B),tokens (B),loss\n"
                + "".join(f"{0.07 * (i + 1)}B,{1.4 * (i + 1)},{2.5 - 0.05 * i}\n" for i in range(10))
            ).encode(),
            "accept",
        ),
        (
            "flops_column",
            (
                "params,flops,loss\n"
                + "".join(f"{1e8 * (i + 1)},{1.2e19 * (i + 1) ** 1.5},{2.9 - 0.03 * i}\n" for i in range(10))
            ).encode(),
            "accept",
        ),
    ]
    bad_cells = [
        ("inf", "inf"),
        ("nan", "nan"),
        ("neg", "-1e8"),
        ("zero", "0"),
        ("huge", "1e400"),
        ("huge_int", "9" * 400),
        ("word", "banana"),
        ("markup", MARKUP),
        ("long", "7" * 70),
        ("hex", "0x10"),
        ("percent", "50%"),
        ("unit_junk", "70Q"),
        ("comma", "7,0,0"),
    ]
    for tag, cell in bad_cells:
        for col in ("params", "tokens", "loss"):
            lines = good.split("\n")
            cells = lines[3].split(",")
            cells[("params", "tokens", "loss").index(col)] = f'"{cell}"' if "," in cell else cell
            lines[3] = ",".join(cells)
            out.append((f"cell_{col}_{tag}", "\n".join(lines).encode(), "accept"))  # one row rejected
    for tag, cell in bad_cells:
        body = "params,tokens,loss\n" + "".join(f"{cell},{cell},{cell}\n" for _ in range(8))
        out.append((f"all_{tag}", body.encode(), "refuse"))
    return out


# --- tours -------------------------------------------------------------------------------------


def _scene(**over: Any) -> dict[str, Any]:
    s = {
        "number": 1,
        "title": "A title",
        "text": "Some text about {floor:.2f}.",
        "views": ["loss", "controls"],
        "highlight": "loss",
    }
    s.update(over)
    return s


def _tour(*scenes: dict[str, Any], **over: Any) -> dict[str, Any]:
    t = {"format": "scalingdesk-tour", "version": 1, "scenes": list(scenes) or [_scene()]}
    t.update(over)
    return t


def _tours() -> list[tuple[str, bytes, str]]:
    out: list[tuple[str, bytes, str]] = [("valid", _dumps(_tour()), "accept")]
    templates = [
        ("attr", "{law_label.__class__}"),
        ("attr_mro", "{law_label.__class__.__mro__[1].__subclasses__}"),
        ("index", "{law_label[0]}"),
        ("index_x", "{law_label[x]}"),
        ("unknown", "{nope}"),
        ("positional", "{}"),
        ("digit", "{0}"),
        ("width_huge", "{floor:>100000}"),
        ("width_3e9", "{floor:>3000000000}"),
        ("precision_huge", "{floor:.999999f}"),
        ("nested", "{floor:{floor}}"),
        ("conversion_r", "{law_label!r}"),
        ("conversion_a", "{floor!a}"),
        ("unclosed", "{floor"),
        ("stray_close", "floor}"),
        ("bad_spec", "{floor:Q}"),
        ("type_mismatch", "{law_label:.2f}"),
        ("fill_brace", "{floor:{>10}"),
        ("many_placeholders", "{floor:>40}" * 2000),
        ("long_text", "t" * 100_000),
        ("markup", MARKUP),
        ("ok_width", "{floor:>40.3f}"),
        ("ok_plain", "{law_label}"),
    ]
    for tag, tpl in templates:
        ok = tag in ("markup", "ok_width", "ok_plain")
        for field in ("text", "title"):
            out.append((f"tpl_{field}_{tag}", _dumps(_tour(_scene(**{field: tpl}))), "accept" if ok else "refuse"))
        out.append(
            (
                f"tpl_choice_{tag}",
                _dumps(_tour(_scene(question="Q?", choices=[tpl, "b"], answer=1))),
                "accept" if ok else "refuse",
            )
        )
    for field in ("number", "title", "text", "views", "highlight"):
        s = _scene()
        del s[field]
        out.append((f"missing_{field}", _dumps(_tour(s)), "refuse"))
    for tag, value in NASTY:
        for field in ("number", "views", "highlight", "answer", "choices"):
            out.append((f"field_{field}_{tag}", _dumps(_tour(_scene(**{field: value}))), "any"))
        out.append((f"scenario_params_{tag}", _dumps(_tour(_scene(scenario={"params": value}))), "any"))
        out.append((f"scenario_law_{tag}", _dumps(_tour(_scene(scenario={"law": value}))), "any"))
    out += [
        ("scenes_not_list", _dumps(_tour(scenes={})), "refuse"),
        ("scenes_empty", _dumps({"format": "scalingdesk-tour", "version": 1, "scenes": []}), "refuse"),
        ("scenes_many", _dumps(_tour(*[_scene(number=i + 1) for i in range(5000)])), "refuse"),
        ("top_list", b"[]", "refuse"),
        ("deep", b"[" * 5000 + b"]" * 5000, "refuse"),
        (
            "huge_int",
            b'{"format":"scalingdesk-tour","version":1,"scenes":[{"number":' + HUGE_INT.encode() + b"}]}",
            "refuse",
        ),
        ("oversize", b'{"pad": "' + b"x" * 600_000 + b'"}', "refuse"),
        ("nul", b'{"a":\x00}', "refuse"),
        ("binary", bytes(range(256)), "refuse"),
        ("empty", b"", "refuse"),
        ("scenario_unknown", _dumps(_tour(_scene(scenario={"turbo": 1}))), "refuse"),
        ("scenario_model_unknown", _dumps(_tour(_scene(scenario={"model": "nope"}))), "refuse"),
        ("scenario_params_1e400", _dumps(_tour(_scene(scenario={"params": 1e300}))), "refuse"),
    ]
    return out


# --- assembling --------------------------------------------------------------------------------


def cases() -> list[Case]:
    out: list[Case] = []
    dicts = scenario_dicts()
    for name, d, expect in dicts:
        out.append(Case("scenario", name, _dumps(d), expect=expect))
    for name, raw, expect in _scenario_raw_files():
        out.append(Case("scenario", name, raw, expect=expect))
    for surface in ("scenario", "csv", "tour"):
        for special in ("fifo", "devzero", "urandom", "folder", "missing"):
            out.append(Case(surface, f"special_{special}", special=special, expect="refuse"))
    for name, text, expect in _links():
        out.append(Case("link", name, text, expect=expect))
    for name, raw, expect in _csvs():
        out.append(Case("csv", name, raw, expect=expect))
    for name, raw, expect in _tours():
        out.append(Case("tour", name, raw, expect=expect))
    for name, d, expect in dicts[::3]:
        out.append(Case("session", name, json.dumps(d), expect=expect))
    out += [
        Case("session", "not_json", "{not json", expect="refuse"),
        Case("session", "deep", '{"a":' * 2000 + "1" + "}" * 2000, expect="refuse"),
        Case("session", "huge_int", '{"format": "scalingdesk-scenario", "params": ' + HUGE_INT + "}", expect="refuse"),
        Case("session", "array", "[1, 2]", expect="refuse"),
        Case("session", "oversize", '{"pad": "' + "x" * 300_000 + '"}', expect="refuse"),
    ]
    names = [c.id for c in out]
    assert len(names) == len(set(names)), "case ids must be unique"
    return out


def materialise(case: Case, folder: Path) -> Path:
    """Create the file (or FIFO, device link, folder, missing path) for a file case."""
    path = folder / f"{case.name}{SUFFIX[case.surface]}"
    if case.special == "fifo":
        os.mkfifo(path)
    elif case.special == "devzero":
        path.symlink_to("/dev/zero")
    elif case.special == "urandom":
        path.symlink_to("/dev/urandom")
    elif case.special == "folder":
        path.mkdir()
    elif case.special == "missing":
        pass
    else:
        assert isinstance(case.data, bytes)
        path.write_bytes(case.data)
    return path


if __name__ == "__main__":  # pragma: no cover - manual use
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    target.mkdir(parents=True, exist_ok=True)
    all_cases = cases()
    for c in all_cases:
        if c.surface in SUFFIX:
            sub = target / c.surface
            sub.mkdir(exist_ok=True)
            materialise(c, sub)
        else:
            (target / c.surface).mkdir(exist_ok=True)
            (target / c.surface / f"{c.name}.txt").write_text(str(c.data))
    print(f"{len(all_cases)} cases in {target}")
