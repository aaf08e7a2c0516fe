"""ScalingDesk: a desktop explorer for language-model scaling laws."""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("scalingdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
