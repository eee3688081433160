"""Dialogs: each collects input or shows progress; none reaches into the main window."""
