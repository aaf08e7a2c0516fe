"""scalingdesk.qt.feature_check: PySide6's per-module ``__feature__`` check no longer reads each
module's source, and gives the same selection wherever it can matter (start-up, issue 18)."""

import json
import subprocess
import sys
import textwrap

# A fresh interpreter: the check acts on modules imported after PySide6, which this test
# process imported long ago.
PROBE = textwrap.dedent(
    """
    import inspect, json, sys, tempfile, os
    read = []
    _getsource = inspect.getsource
    def counting(obj):
        read.append(getattr(obj, "__name__", "?"))
        return _getsource(obj)
    inspect.getsource = counting
    import scalingdesk.qt  # imports PySide6 (whose own import still runs its check), then installs ours
    read.clear()
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "probe_uses_qt.py"), "w") as f:
        f.write("from PySide6 import QtCore\\nTIMEOUT = QtCore.QTimer\\n")
    with open(os.path.join(folder, "probe_no_qt.py"), "w") as f:
        f.write("import json\\nX = 1\\n")
    sys.path.insert(0, folder)
    import probe_uses_qt, probe_no_qt
    from scalingdesk.qt.app import application
    app = application()
    from scalingdesk.qt.main_window import MainWindow
    w = MainWindow(restore=False)
    w.show()
    app.processEvents()
    feature = sys.modules["shibokensupport.feature"]
    selections = feature.pyside_feature_dict
    print(json.dumps({
        "installed": feature._mod_uses_pyside is sys.modules["scalingdesk.qt.feature_check"].uses_pyside,
        "sources_read": read,
        "uses_qt": selections.get("probe_uses_qt"),
        "no_qt": selections.get("probe_no_qt"),
        "views": selections.get("scalingdesk.qt.main_window"),
        "enabled": sorted(name for name, sel in selections.items() if isinstance(sel, int) and sel > 0),
        "checked": len(selections),
    }))
    """
)


def _probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_check_reads_no_source_and_marks_qt_modules_as_pyside6_would():
    got = _probe()
    assert got["installed"] is True
    # PySide6's own check called inspect.getsource once for each of the ~300 modules imported
    # after it; once installed, the replacement reads none.
    assert got["checked"] > 200
    assert got["sources_read"] == []
    assert got["uses_qt"] == 0  # uses PySide6: the default feature set
    assert got["no_qt"] == -1  # ignored by the __feature__ machinery
    assert got["views"] == 0
    # What makes the two checks' disagreements invisible: no module enables a feature.
    assert got["enabled"] == []


def test_uses_pyside_looks_at_what_a_module_bound():
    import types

    from PySide6 import QtCore

    from scalingdesk.qt.feature_check import uses_pyside

    plain = types.ModuleType("plain")
    plain.x = 1
    plain.json = json
    assert not uses_pyside(plain)
    for value in (QtCore, QtCore.QTimer, QtCore.qVersion):
        qt = types.ModuleType("qt_user")
        qt.thing = value
        assert uses_pyside(qt), value
    mention = types.ModuleType("mention")
    mention.text = "PySide6"  # a string naming it binds nothing of it
    assert not uses_pyside(mention)
