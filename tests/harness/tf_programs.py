"""Run generated programs in ONE TensorFlow subprocess and describe their models.

Like ``keras_models.py`` (whose ``describe`` it reuses), plus what generated
programs need: an environment per program, the program's folder on
``sys.path`` (for the ``some_lib`` module beside it, re-imported fresh for
each program), and builders called with the arguments a test gives.

Job: {"path", "env": {name: value}, "calls": [[key, function, kwargs]]}.
Result per path: {"models": {name: description}, "calls": {key: description},
"error": str|null}.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def run_programs(jobs, timeout=1800):
    """Describe, as Keras builds them, the models of every job (one subprocess)."""
    env = dict(os.environ, KERAS_BACKEND="tensorflow", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    proc = subprocess.run(
        [sys.executable, __file__],
        check=False,
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"TensorFlow program runner failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout)


def _run_one(job, keras, describe):
    import contextlib
    import io
    import runpy

    out = {"models": {}, "calls": {}, "error": None}
    saved_env, saved_path = dict(os.environ), list(sys.path)
    os.environ.update(job.get("env", {}))
    sys.path.insert(0, str(Path(job["path"]).parent))
    sys.modules.pop("some_lib", None)  # the stand-in library, imported fresh per program
    try:
        keras.backend.clear_session()  # fresh auto-name counters, as in a new process
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = runpy.run_path(job["path"], run_name="__kgraphlint_program__")
            for name, value in namespace.items():
                if isinstance(value, keras.Model):
                    out["models"][name] = describe(value)
            for key, function, kwargs in job.get("calls", []):
                keras.backend.clear_session()
                try:
                    out["calls"][key] = describe(namespace[function](**kwargs))
                except Exception as exc:  # Keras rejects these values: the test must see why
                    out["calls"][key] = {"error": f"{type(exc).__name__}: {exc}"}
    except Exception as exc:  # the program itself fails: the tests want that fact
        out["error"] = f"{type(exc).__name__}: {exc}"
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        sys.path[:] = saved_path
    return out


def main():
    import warnings

    warnings.simplefilter("ignore")
    sys.path.insert(0, str(HERE))
    import keras
    from keras_models import describe

    jobs = json.load(sys.stdin)
    json.dump({job["path"]: _run_one(job, keras, describe) for job in jobs}, sys.stdout)


if __name__ == "__main__":
    main()
