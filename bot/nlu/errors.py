"""Errors of the custom NLU components."""


class ModelLoadError(RuntimeError):
    """A trained component cannot load what it saved; the message says what and why.

    Raised from ``load()``, it stops the model from loading: a component running
    without its vocabulary or synonym table would answer worse without a word.
    """
