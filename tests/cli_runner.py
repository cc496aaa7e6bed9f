"""``CliRunner`` that behaves like click 8.2's on every click we support
(>= 8.1): ``stdout`` and ``stderr`` apart, ``output`` holding both."""

import inspect

from click.testing import CliRunner as _ClickRunner
from click.testing import Result

_OLD_CLICK = "mix_stderr" in inspect.signature(_ClickRunner.__init__).parameters


class _BothOutputs(Result):
    @property
    def output(self):
        return self.stdout + self.stderr


class CliRunner(_ClickRunner):
    def __init__(self, **kwargs):
        if _OLD_CLICK:
            kwargs.setdefault("mix_stderr", False)
        super().__init__(**kwargs)

    def invoke(self, *args, **kwargs):
        result = super().invoke(*args, **kwargs)
        if _OLD_CLICK:
            result.__class__ = _BothOutputs
        return result
