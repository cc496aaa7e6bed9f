# Source: https://www.365seal.com/y/9xpyGa7vkr.html
from keras.models import Sequential
from keras.layers.convolutional import Convolution2D, ZeroPadding2D
model = Sequential()
model.add(Convolution2D(64, 3, 3, border_mode='same', input_shape=(3, 256, 256)))
model.add(ZeroPadding2D(padding=(1, 1), dim_ordering='default'))
