# Source: https://github.com/keras-team/keras/issues/1665
from keras.models import Sequential
from keras.layers import Convolution2D, Activation, MaxPooling2D
model = Sequential()
model.add(Convolution2D(36, 1, 7, 7, border_mode='valid', input_shape=(3, 128, 128)))
model.add(Activation('tanh'))
model.add(MaxPooling2D(pool_size=(2, 2)))
