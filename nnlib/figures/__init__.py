"""The book's figures: matplotlib drawing only, one module per figure.

Each module draws results computed by the maths of :mod:`nnlib` and offers a factory
that returns an :class:`nnlib.interactive.InteractiveFigure`.  No maths lives here,
nothing imports ipywidgets, and the maths never imports a drawing.
"""
