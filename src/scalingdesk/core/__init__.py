"""The Qt-free core: every computation ScalingDesk shows lives here.

Nothing in this package may import Qt (tests/test_architecture.py enforces it).
"""
