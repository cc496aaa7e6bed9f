# Source: https://faroit.com/keras-docs/1.1.1/layers/convolutional/
from keras.models import Sequential
from keras.layers import Convolution1D
model = Sequential()
model.add(Convolution1D(64, 3, border_mode='same', input_shape=(10, 32)))
model.add(Convolution1D(32, 3, border_mode='same'))
