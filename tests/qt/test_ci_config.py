"""The quick default test run and CI's separate slow step (issue 18): the README's test command
leaves out the `slow` tests, .ci/run runs them in a step of its own, and a pytest selection that
collects nothing (exit 5) does not fail CI."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CI = ROOT / ".ci" / "run"


def test_the_quick_soak_stays_in_the_default_run():
    # The 600-turn soak is the one that catches PySide6 6.12's none_dealloc abort quickly.
    import test_soak

    assert not list(test_soak.test_a_few_hundred_turns_do_not_abort.__dict__.get("pytestmark", []))
    slow = [m.name for m in test_soak.test_twenty_thousand_turns_without_crash_or_growing_memory.pytestmark]
    assert slow == ["slow"]
