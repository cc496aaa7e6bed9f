# real bug, fixed: Conv2D given input_shape=(1, 3, 144, 256): a batch axis inside the shape
# source: https://github.com/keras-team/keras/issues/10903
# expect: none

from keras.models import Sequential
from keras.layers import Input, Conv2D, Flatten, Dense

rgb = (3, 144, 256)

rgb_model = Sequential()
rgb_model.add(Input(shape=rgb))
rgb_model.add(Conv2D(96, (11, 11), strides=(3, 3), padding='valid', activation='relu',
                     data_format='channels_first'))
rgb_model.add(Flatten())
rgb_model.add(Dense(4))
