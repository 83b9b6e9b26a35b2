"""A fake `google.colab` for the Colab simulation: only what the course touches.

Its presence is how the course (and every notebook's setup cell) recognises Colab.
"""

from . import output, userdata  # noqa: F401
