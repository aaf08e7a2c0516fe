"""The boundary layer: bounded reads, JSON limits, value checks, atomic writes."""

from __future__ import annotations

import os
import stat

import pytest

from scalingdesk.core import boundary as b


def test_read_bounded_refuses_fifo_device_folder_and_oversize(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # nobody writes: a blocking open would hang forever
    with pytest.raises(b.BoundaryError, match="fifo is not a regular file"):
        b.read_bounded(fifo)
    link = tmp_path / "zero.scalingdesk"
    link.symlink_to("/dev/zero")  # st_size 0, endless data
    with pytest.raises(b.BoundaryError, match="not a regular file"):
        b.read_bounded(link)
    with pytest.raises(b.BoundaryError, match="is a folder"):
        b.read_bounded(tmp_path)
    big = tmp_path / "big"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(b.BoundaryError, match="larger than 1,000 bytes"):
        b.read_bounded(big, limit=1000)
    assert b.read_bounded(big, limit=1001) == b"x" * 1001
    with pytest.raises(b.BoundaryError, match="does not exist"):
        b.read_bounded(tmp_path / "missing")


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 1000 + "]" * 1000, "nests 1000 levels"),
        ("1" * 5000, "5000 digits"),
        ("1e400", "out of range"),
        ("-Infinity", "not a number JSON allows"),
        ("NaN", "not a number JSON allows"),
        ('{"a": 1, "a": 2}', "appears twice"),
        ("{", "not valid JSON"),
    ],
)
def test_parse_json_refuses_as_boundary_error(text, message):
    with pytest.raises(b.BoundaryError, match=message):
        b.parse_json(text, "x.json")


def test_parse_json_accepts_bom_and_brackets_inside_strings():
    assert b.parse_json("\ufeff" + '{"a": "[[[[{{{{"}') == {"a": "[[[[{{{{"}
    assert b.json_depth('{"a": [1, {"b": "]]]"}]}') == 3


def test_value_checks():
    assert b.check_int(4096.0, "seq_len", 1) == 4096
    for bad in (2**31, True, 1.5, float("inf"), [], "3", 10**5000):
        with pytest.raises(b.BoundaryError, match="seq_len"):
            b.check_int(bad, "seq_len", 1)
    with pytest.raises(b.BoundaryError, match="out of range"):
        b.check_number(10**400, "E", 0, 100)
    with pytest.raises(b.BoundaryError, match="above 0"):
        b.check_number(0.0, "alpha", 0, 3, lo_open=True)
    with pytest.raises(b.BoundaryError, match="100,000 characters"):
        b.check_text("x" * 100_000, "name", 100)
    assert len(b.one_line("a\nb" * 1000)) <= b.MAX_MESSAGE


def test_atomic_write_keeps_mode_follows_symlink_and_leaves_no_temp(tmp_path):
    target = tmp_path / "s.scalingdesk"
    target.write_bytes(b"old")
    target.chmod(0o644)
    link = tmp_path / "link.scalingdesk"
    link.symlink_to(target)
    b.atomic_write(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.scalingdesk", "s.scalingdesk"]
    fresh = tmp_path / "new.bin"
    b.atomic_write(fresh, b"\x00\x01")
    assert fresh.read_bytes() == b"\x00\x01"


def test_atomic_write_failure_keeps_old_file(tmp_path):
    target = tmp_path / "s.txt"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        b.atomic_write(target, "not bytes")  # type: ignore[arg-type]
    with pytest.raises(OSError):
        b.atomic_write(tmp_path / "no-such-folder" / "x", b"data")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["s.txt"]
