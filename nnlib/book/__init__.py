"""The book's apparatus: what the chapters use around the maths.

* :mod:`nnlib.book.exercises` — checks that put a reader's answer beside an independent
  value;
* :mod:`nnlib.book.source` — :func:`~nnlib.book.source.show_source`, which shows
  this library's own code in a chapter;
* :mod:`nnlib.book.timing` — :func:`~nnlib.book.timing.seconds_per_call`, which
  times code for the chapters' tables of times.

None of them does maths or draws anything: they may use the maths, never the figure
machinery or the drawings.
"""
