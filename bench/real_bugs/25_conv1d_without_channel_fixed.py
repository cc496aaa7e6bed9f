# real bug, fixed: Conv1D with input_shape=(1886,): no channel axis
# source: https://github.com/tensorflow/tensorflow/issues/44065
# expect: none

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Convolution1D, Flatten, Dense

model = Sequential()
model.add(Input(shape=(1886, 1)))
model.add(Convolution1D(filters=32, kernel_size=1, strides=3))
model.add(Flatten())
model.add(Dense(4, activation='softmax'))
