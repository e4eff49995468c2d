"""The book's figures: matplotlib drawing only, one module per figure.

Each module draws results computed elsewhere in :mod:`nnlib` and offers a factory
that returns an :class:`nnlib.interactive.InteractiveFigure`.  No maths lives here
and nothing imports ipywidgets.
"""
