"""Textual screens, dialogs and widgets: the only package that knows the terminal."""
