# real bug: Concatenate of a (1024,) vector with a (1024, 2) matrix
# source: https://github.com/keras-team/keras/issues/12975
# expect: KG202 line 9

from tensorflow.keras import layers, Model

a = layers.Input(shape=(1024,))
b = layers.Input(shape=(1024, 2))
merged = layers.Concatenate()([a, b])  # <- 여기
model = Model([a, b], merged)
