"""kgraphlint: understand Keras models from source, without TensorFlow."""

__version__ = "0.1.0"

# The Keras version the layer catalogue is checked against (tests/layers).
KERAS_VERSION = "3.15.1"
