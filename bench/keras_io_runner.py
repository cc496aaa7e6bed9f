"""Run one keras.io example in TensorFlow so that it builds its models and
nothing else, and describe every ``keras.Model`` it built. Started by
``bench/keras_io.py`` in a subprocess of its own (one per example, so no
Keras state leaks between examples); not imported by anything else.

    python bench/keras_io_runner.py OUT_DIR SECONDS EXAMPLE.py...   # OUT_DIR/<i>.json each

How "build only the models" is done:
- the example's top-level statements run one by one, each under an alarm; a
  statement that raises (data that cannot be downloaded, a library that is
  not installed) is recorded and the run goes on, so that what depends on it
  fails in turn and what does not (the model code, mostly) still runs;
- the network is off; downloads raise, except the weights of
  ``keras.applications`` builders, for which loading is a no-op (the weights
  change no shape or count); ``keras.datasets`` loaders return zeros of the
  dataset's real per-sample shapes;
- ``fit``/``evaluate``/``predict`` and their batch variants, saving and
  ``plot_model`` do nothing (``fit`` returns an empty History); a model that
  only ``fit`` would have built is reported as such, never compared;
- plotting and image libraries are empty stand-ins;
- the working directory is a fresh temporary one, so files the example
  writes go nowhere.

Each model is recorded when its ``__init__`` starts, with the lines of the
example on the call stack (kgraphlint's ``line`` is one of them), and
described at the end as ``model.summary()`` shows it
(tests/harness/keras_models.py).
"""

from __future__ import annotations

import ast
import contextlib
import importlib.abc
import importlib.machinery
import io
import json
import os
import signal
import socket
import sys
import tempfile
import time
import types
import warnings

STATEMENT_SECONDS = 60
# Libraries that only draw, show or read images and files: empty stand-ins.
STAND_INS = {"matplotlib", "mpl_toolkits", "seaborn", "PIL", "imageio", "cv2", "tqdm", "imgaug"}
# Per-sample shapes of the keras.datasets arrays, for the stand-in loaders.
DATASETS = {
    "mnist": ((28, 28), ()), "fashion_mnist": ((28, 28), ()),
    "cifar10": ((32, 32, 3), (1,)), "cifar100": ((32, 32, 3), (1,)),
    "boston_housing": ((13,), ()), "california_housing": ((8,), ()),
}
SAMPLES = 64


class Anything:
    """Absorbs every use: calls, attributes, indexing, context managers."""

    def __call__(self, *args, **kwargs):
        return Anything()

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Anything()

    def __getitem__(self, key):
        return Anything()

    def __iter__(self):
        return iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class StandIns(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in STAND_INS:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda attr: Anything()  # type: ignore[method-assign]
        return module

    def exec_module(self, module):
        pass


class Stubbed(Exception):
    """What a stubbed call raises when returning something would be a guess."""


def _no_network(*args, **kwargs):
    raise OSError("network disabled by bench/keras_io_runner.py")


def _on_alarm(signum, frame):
    raise TimeoutError(f"statement ran over {STATEMENT_SECONDS} s")


def stub_keras(keras, fitted: set) -> None:
    import numpy as np
    from keras.src.utils import file_utils

    def fit(self, *args, **kwargs):
        fitted.add(id(self))
        history = keras.callbacks.History()
        history.history = {}
        return history

    def refuse(what):
        def call(self, *args, **kwargs):
            fitted.add(id(self))
            raise Stubbed(f"{what} is stubbed by the bench")
        return call

    keras.Model.fit = fit
    for name in ("evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch"):
        setattr(keras.Model, name, refuse(name))
    for name in ("save", "save_weights", "load_weights", "export"):
        setattr(keras.Model, name, lambda self, *a, **k: None)
    keras.utils.plot_model = lambda *a, **k: None
    original_get_file = file_utils.get_file

    def get_file(fname=None, origin=None, *args, **kwargs):
        if kwargs.get("cache_subdir") == "models":  # application weights: loading them is a no-op
            return os.path.join(tempfile.gettempdir(), "kgraphlint-bench-weights.h5")
        return original_get_file(fname, origin, *args, **kwargs)

    file_utils.get_file = get_file

    def loader(sample, label):
        def load_data(*args, **kwargs):
            x = np.zeros((SAMPLES, *sample), dtype="uint8")
            y = np.zeros((SAMPLES, *label), dtype="uint8")
            return (x, y), (x.copy(), y.copy())
        return load_data

    for name, (sample, label) in DATASETS.items():
        module = getattr(keras.datasets, name, None)
        if module is not None:
            module.load_data = loader(sample, label)


def main(path: str, harness: str) -> dict:
    warnings.simplefilter("ignore")
    os.environ["KERAS_BACKEND"] = "tensorflow"
    socket.socket.connect = _no_network  # type: ignore[method-assign]
    socket.create_connection = _no_network  # type: ignore[assignment]
    sys.meta_path.append(StandIns())
    sys.path.insert(0, harness)
    import keras
    from keras.src.models.functional import Functional
    from keras_models import describe

    created: dict = {}  # id -> (model, example lines on the stack, statements failed before it)
    fitted: set = set()
    failures: list = []
    stub_keras(keras, fitted)

    def recording(init):
        def __init__(self, *args, **kwargs):
            if id(self) not in created:
                frame, lines = sys._getframe(1), []
                while frame is not None:
                    if frame.f_code.co_filename == path:
                        lines.append(frame.f_lineno)
                    frame = frame.f_back
                created[id(self)] = (self, lines, len(failures))
            return init(self, *args, **kwargs)
        return __init__

    for cls in {keras.Model, Functional, keras.Sequential}:
        cls.__init__ = recording(cls.__init__)

    with open(path, encoding="utf-8") as f:
        source = f.read()
    namespace = {"__name__": "__main__", "__file__": path, "__builtins__": __builtins__}
    signal.signal(signal.SIGALRM, _on_alarm)
    os.chdir(tempfile.mkdtemp(prefix="kgraphlint-keras-io-"))
    start = time.perf_counter()
    try:
        statements = ast.parse(source, path).body
    except SyntaxError as exc:
        return {"models": [], "failures": [[exc.lineno, f"SyntaxError: {exc.msg}"]], "seconds": 0.0}
    for statement in statements:
        code = compile(ast.Module(body=[statement], type_ignores=[]), path, "exec")
        signal.alarm(STATEMENT_SECONDS)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(code, namespace)
        except BaseException as exc:  # the example's own failure is a result: recorded, and the run goes on
            failures.append([statement.lineno, f"{type(exc).__name__}: {str(exc)[:300]}"])
        finally:
            signal.alarm(0)
    models = []
    for model, lines, failed_before in created.values():
        entry = {"name": model.name, "lines": lines, "fit_stubbed": id(model) in fitted, "failed_before": failed_before}
        try:
            entry["model"] = describe(model)
        except Exception as exc:  # a model Keras itself cannot describe: said, not hidden
            entry["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        models.append(entry)
    return {"models": models, "failures": failures, "seconds": round(time.perf_counter() - start, 1)}


def run_all(paths: list, out_dir: str, seconds: float) -> None:
    """Each example in a fork of one process that has imported Keras and
    TensorFlow once (no op has run yet, so no thread pool is copied): the
    fork starts from a fresh Keras, and a crash or a hang costs one example.
    Writes ``<out_dir>/<i>.json`` for the i-th path."""
    harness = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "harness")
    sys.path.insert(0, harness)
    with contextlib.redirect_stderr(io.StringIO()):
        import keras  # noqa: F401 - imported once, before the forks
        import keras_models  # noqa: F401
    for i, path in enumerate(paths):
        target = os.path.join(out_dir, f"{i}.json")
        pid = os.fork()
        if pid == 0:
            try:
                result = main(os.path.abspath(path), harness)
            except BaseException as exc:  # the runner's own failure, reported for this example
                result = {"error": f"the runner failed: {type(exc).__name__}: {str(exc)[:300]}"}
            with open(target, "w", encoding="utf-8") as f:
                json.dump(result, f)
            os._exit(0)
        start = time.monotonic()
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > seconds:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                status = None
                break
            time.sleep(0.2)
        if not os.path.exists(target):
            why = f"ran over {seconds:.0f} s" if status is None else f"the runner died (wait status {status})"
            with open(target, "w", encoding="utf-8") as f:
                json.dump({"error": why}, f)


if __name__ == "__main__":
    # keras_io_runner.py OUT_DIR SECONDS EXAMPLE.py...
    run_all(sys.argv[3:], sys.argv[1], float(sys.argv[2]))
