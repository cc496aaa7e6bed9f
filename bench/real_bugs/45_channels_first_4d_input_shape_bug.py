# real bug: Conv2D given input_shape=(1, 3, 144, 256): a batch axis inside the shape
# source: https://github.com/keras-team/keras/issues/10903
# expect: KG203 line 12

from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense

rgb = (3, 144, 256)
rgb_shape = (1,) + rgb

rgb_model = Sequential()
rgb_model.add(Conv2D(96, (11, 11), strides=(3, 3), padding='valid', activation='relu',  # <- 여기
                     input_shape=rgb_shape, data_format='channels_first'))
rgb_model.add(Flatten())
rgb_model.add(Dense(4))
