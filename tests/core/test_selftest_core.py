"""``scalingdesk --self-test``: passes on a working install, and says which step broke when one does."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import subprocess
import sys
import textwrap

TIMEOUT = 240  # seconds: the watchdog inside is 120 s per step; this only guards the test run


def _run(args, env_extra=None, timeout=TIMEOUT):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("SCALINGDESK_SELFTEST_ONLY", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=timeout, env=env)


def test_a_hanging_step_is_stopped_by_the_watchdog():
    code = textwrap.dedent(
        """
        import time
        from scalingdesk import selftest
        selftest.STEP_TIMEOUT_S = 1.0
        selftest.STEPS = (("sleepy", lambda ctx: time.sleep(60)),)
        raise SystemExit(selftest.run_self_test())
        """
    )
    r = _run(["-c", code], timeout=30)
    assert r.returncode == 1
    assert "FAILED  sleepy" in r.stdout and "timed out after 1 s" in r.stdout
