# real bug: Conv1D with input_shape=(1886,): no channel axis
# source: https://github.com/tensorflow/tensorflow/issues/44065
# expect: KG203 line 9

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Convolution1D, Flatten, Dense

model = Sequential()
model.add(Convolution1D(filters=32, kernel_size=1, strides=3, input_shape=(1886,)))  # <- 여기
model.add(Flatten())
model.add(Dense(4, activation='softmax'))
