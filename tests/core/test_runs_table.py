"""Importing runs: loose headers, units, FLOPs → tokens, and every kind of bad row with its line."""

from __future__ import annotations

import numpy as np
import pytest

from scalingdesk.core.runs_table import RejectedRow, RunsImportError, parse_runs_text, read_runs
from scalingdesk.resources import resource_path


def test_loose_headers_units_and_tsv():
    text = "Model Size\tD\tFinal Loss\n70M\t1.4e9\t3.52\n1.4B\t20B tokens\t2.81\n"
    r = parse_runs_text(text)
    assert r.delimiter == "\t"
    assert r.columns == {"params": "Model Size", "tokens": "D", "loss": "Final Loss"}
    np.testing.assert_allclose(r.table.params, [7e7, 1.4e9])
    np.testing.assert_allclose(r.table.tokens, [1.4e9, 2e10])
    np.testing.assert_allclose(r.table.loss, [3.52, 2.81])
    assert list(r.table.lines) == [2, 3]
    assert r.rejected == []


@pytest.mark.parametrize("header", ["params", "N", "model_size", "parameters", "num_params", "n_params"])
def test_params_header_synonyms(header):
    r = parse_runs_text(f"{header},tokens,loss\n1e8,2e9,3.0\n")
    assert r.columns["params"] == header


def test_flops_give_tokens_as_c_over_6n():
    r = parse_runs_text("N,training FLOPs,val_loss\n1e9,1.2e20,2.9\n")
    assert r.table.tokens_from_flops
    assert r.table.tokens[0] == pytest.approx(1.2e20 / 6e9)
    assert "C/(6N)" in r.notes[0]


def test_bracketed_header_scale():
    r = parse_runs_text("params (M),tokens [B],loss\n70,1.4,3.5\n")
    assert r.table.params[0] == pytest.approx(7e7)
    assert r.table.tokens[0] == pytest.approx(1.4e9)


def test_batch_size_is_not_taken_for_model_size():
    with pytest.raises(RunsImportError, match="params"):
        parse_runs_text("batch_size,tokens,loss\n256,1e9,3.0\n")


def test_every_kind_of_bad_row_is_reported_with_its_line():
    text = (
        "# my sweep\n"  # 1 comment
        "params,tokens,loss\n"  # 2 header
        "70M,1.4B,3.5\n"  # 3 good
        "\n"  # 4 blank: skipped silently
        "abc,1.4B,3.5\n"  # 5 non-numeric
        "100M,,3.4\n"  # 6 missing (empty cell)
        "120M,2B\n"  # 7 missing (short row)
        "0,2B,3.3\n"  # 8 zero
        "150M,-2B,3.3\n"  # 9 negative
        "160M,2B,nan\n"  # 10 NaN
        "70M,1.4B,3.5\n"  # 11 duplicate of 3
        "200M,4B,3.1\n"  # 12 good
    )
    r = parse_runs_text(text)
    assert list(r.table.lines) == [3, 12]
    got = {row.line: row.reason for row in r.rejected}
    assert set(got) == {5, 6, 7, 8, 9, 10, 11}
    assert "'abc' is not a number" in got[5] and got[5].startswith("params")
    assert got[6] == "tokens is missing"
    assert got[7].startswith("loss is missing")
    assert got[8] == "params is zero"
    assert "negative" in got[9] and got[9].startswith("tokens")
    assert got[10] == "loss is NaN"
    assert got[11] == "duplicate of line 3"
    assert all(isinstance(x, RejectedRow) for x in r.rejected)


def test_quoted_multiline_cell_keeps_later_line_numbers_right():
    text = 'name,params,tokens,loss\n"two\nlines",70M,1.4B,3.5\nx,oops,1B,3\n'
    r = parse_runs_text(text)
    assert list(r.table.lines) == [2]
    assert r.rejected == [RejectedRow(4, "params 'oops' is not a number")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("\n\n# only a comment\n", "empty"),
        ("params,tokens,loss\n", "no runs"),
        ("foo,bar,baz\n1,2,3\n", "no column for params"),
        ("1,2,3\n4,5,6\n", "numbers, not column names"),
        ("params,tokens,loss\nx,y,z\n-1,2,3\n", "all 2 rows were rejected"),
    ],
)
def test_hopeless_files_get_one_clear_message(text, message):
    with pytest.raises(RunsImportError, match=message) as info:
        parse_runs_text(text)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


def test_read_runs_names_the_file(tmp_path):
    with pytest.raises(RunsImportError, match="missing.csv does not exist"):
        read_runs(tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(RunsImportError, match="empty.csv: the file is empty"):
        read_runs(empty)
    binary = tmp_path / "model.bin"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(RunsImportError, match="not a text file"):
        read_runs(binary)


def test_utf8_bom_and_crlf(tmp_path):
    p = tmp_path / "runs.csv"
    p.write_bytes("\ufeffparams;tokens;loss\r\n70M;1.4B;3.5\r\n".encode("utf-8"))
    r = read_runs(p)
    assert r.delimiter == ";"
    assert r.table.params[0] == pytest.approx(7e7)


def test_sample_file_imports_cleanly():
    r = read_runs(resource_path("sample_runs.csv"))
    assert len(r.table) == 105 and r.rejected == []
    assert r.table.lines[0] == 5  # three comment lines, then the header
    np.testing.assert_allclose(r.table.compute, 6 * r.table.params * r.table.tokens)


def test_decimal_commas_with_semicolons_are_read_as_decimals():
    r = parse_runs_text("params;tokens;loss\n7e+07;3,5e+08;4,2829\n1e8;2e9;3,1\n")
    assert r.table.tokens[0] == pytest.approx(3.5e8)
    assert r.table.loss.tolist() == pytest.approx([4.2829, 3.1])


def test_ambiguous_commas_are_refused_not_misread():
    r = parse_runs_text("params\ttokens\tloss\n7e7\t3e8\t4,2829\n1e8\t2e9\t3.1\n")
    assert len(r.table) == 1
    assert "comma" in r.rejected[0].reason


def test_a_unit_in_the_cell_is_not_scaled_again_by_the_header():
    r = parse_runs_text("params (B),tokens (B),loss\n0.07B,1.4,2.0\n7,20B,2.1\n")
    assert r.table.params.tolist() == pytest.approx([7e7, 7e9])
    assert r.table.tokens.tolist() == pytest.approx([1.4e9, 2e10])


def test_only_newlines_split_lines():
    r = parse_runs_text("params,tokens,loss\n70M,1.4B,3.5\x0b\n1e8,2e9,3.1\u2028x\n2e8,4e9,3.0\n")
    assert r.table.lines.tolist() == [2, 4]  # \x0b is a cell's trailing space, not a line end
    assert [x.line for x in r.rejected] == [3]


def test_a_huge_header_is_fast_and_not_repeated():
    from scalingdesk.core.runs_table import _normalise_header

    header = "(" * 50_000
    assert _normalise_header(header) == ("", 1.0)  # too long to name a role: never scanned
    assert _normalise_header("Params (M) [x") == ("params_x", 1e6)
    with pytest.raises(RunsImportError) as info:
        parse_runs_text(header + ",x\n1,2\n")
    assert len(str(info.value)) < 500


def test_fields_over_csv_limit_and_too_many_rows_are_refused(tmp_path):
    big = "params,tokens,loss\n" + '"' + "1" * 200_000 + '",1,1\n'
    with pytest.raises(RunsImportError, match="line 2"):
        parse_runs_text(big)
    many = "params,tokens,loss\n" + "1e8,2e9,3\n" * 100_001
    with pytest.raises(RunsImportError, match="at most 100,000"):
        parse_runs_text(many)
    p = tmp_path / "huge.csv"
    p.write_bytes(b"params,tokens,loss\n" + b"1" * 20_000_001)
    with pytest.raises(RunsImportError, match="larger than 20,000,000 bytes"):
        read_runs(p)


def test_a_fifo_or_device_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "runs.csv"
    os.mkfifo(fifo)
    with pytest.raises(RunsImportError, match="not a regular file"):
        read_runs(fifo)
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(RunsImportError, match="not a regular file"):
        read_runs(link)
