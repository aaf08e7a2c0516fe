"""The Qt views.  pyqtgraph, when first imported, builds only the Qt classes it uses (start-up
time, issue 18: see scalingdesk.qt.pg_import)."""

from scalingdesk.qt import pg_import as _pg_import

_pg_import.install()
