"""ScalingDesk: a desktop explorer for language-model scaling laws."""


def _find_version() -> str:
    """The installed version, read from the package's METADATA.  importlib.metadata would read
    the same line, but importing it (email, zipfile, csv, …) costs ~40-150 ms of every start."""
    import os
    import sys

    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("scalingdesk-") and name.endswith(".dist-info"):
                try:
                    with open(os.path.join(entry or ".", name, "METADATA"), encoding="utf-8") as f:
                        for line in f:
                            if line.startswith("Version:"):
                                return line.split(":", 1)[1].strip()
                            if not line.strip():
                                break  # the headers are over
                except OSError:
                    continue
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scalingdesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+source"


__version__ = _find_version()
