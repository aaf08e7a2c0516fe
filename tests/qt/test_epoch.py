"""Epoch AI's notable models snapshot: counts, flags that are really inconsistent, growth trend."""

from __future__ import annotations


def test_about_credits_epoch_ai_under_its_licence(qtbot):
    from scalingdesk.qt.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "Epoch AI" in text and "CC BY 4.0" in text and "epoch.ai/data/notable-ai-models" in text
