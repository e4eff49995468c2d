"""The book's figures: matplotlib drawing only, one module per figure.

Each module draws results computed by the maths of :mod:`nnlib` (a figure that shows a
computation in pieces the maths does not keep puts them together from the maths' own
numbers, and a test checks the result against the maths).  The module of an
interactive figure offers a factory that returns an
:class:`nnlib.interactive.InteractiveFigure`; the others hold static drawings, shared
geometry and style, and the text the figures show beside their pictures.  Nothing here
imports ipywidgets, and the maths never imports a drawing.
"""
