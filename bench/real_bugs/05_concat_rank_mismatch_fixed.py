# real bug, fixed: Concatenate of a (1024,) vector with a (1024, 2) matrix
# source: https://github.com/keras-team/keras/issues/12975
# expect: none
# tf-check: model.output_shape == (None, 1024, 3)

from tensorflow.keras import layers, Model

a = layers.Input(shape=(1024,))
b = layers.Input(shape=(1024, 2))
a3 = layers.Reshape((1024, 1))(a)
merged = layers.Concatenate(axis=-1)([a3, b])
model = Model([a, b], merged)
