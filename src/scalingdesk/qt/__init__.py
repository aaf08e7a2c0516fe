"""The Qt views.  Start-up time (issue 18): PySide6's per-module ``__feature__`` check looks at
what a module bound instead of reading its source (scalingdesk.qt.feature_check), and pyqtgraph,
when first imported, builds only the Qt classes it uses (scalingdesk.qt.pg_import)."""

from scalingdesk.qt import feature_check as _feature_check
from scalingdesk.qt import pg_import as _pg_import

_feature_check.install()
_pg_import.install()
