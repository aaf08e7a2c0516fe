"""The plots' titles: the longest that fits, else the shortest in smaller type (Qt-free)."""

import pytest

from scalingdesk.core.plot_titles import MIN_TITLE_SCALE, TITLES, choose_title, title_options


def width(text: str, scale: float) -> float:  # 7 px a character at full size
    return 7.0 * len(text) * scale


def test_the_longest_title_that_fits_is_chosen():
    options = TITLES["loss"]
    assert choose_title(options, 1000, width) == (options[0], 1.0)
    room = width(options[1], 1.0)
    assert choose_title(options, room, width) == (options[1], 1.0)
    assert choose_title(options, width(options[-1], 1.0), width) == (options[-1], 1.0)


def test_the_shortest_shrinks_no_further_than_the_minimum():
    options = TITLES["isoflop"]
    text, scale = choose_title(options, width(options[-1], 0.8), width)
    assert text == options[-1] and MIN_TITLE_SCALE <= scale <= 0.8 + 1e-9
    assert width(text, scale) <= width(options[-1], 0.8)
    assert choose_title(options, 5, width) == (options[-1], MIN_TITLE_SCALE)


def test_options_are_longest_first_and_unknown_titles_stand_alone():
    for options in TITLES.values():
        assert [len(t) for t in options] == sorted((len(t) for t in options), reverse=True)
        assert title_options(options[0]) == options
    assert title_options("Something else") == ("Something else",)
    with pytest.raises(ValueError, match="at least one"):
        choose_title((), 100, width)
