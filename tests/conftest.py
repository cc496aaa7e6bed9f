import os

# Keras is the oracle; make it quiet and deterministic before anything imports it.
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

# CI must be reproducible: the same generated examples on every run (a
# developer's local run still explores new ones; bench/fuzz.py goes further).
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
