# real bug, fixed: Five conv/pool stages on a 20x20 image: the map shrinks to nothing
# source: https://github.com/keras-team/keras/issues/3945
# expect: none

from keras.models import Sequential
from keras.layers import Input, Conv2D, MaxPooling2D, Activation, Flatten, Dense

img_width, img_height = 20, 20

model = Sequential()
model.add(Input(shape=(img_width, img_height, 3)))
model.add(Conv2D(32, (3, 3), padding='same'))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(32, (3, 3), padding='same'))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Conv2D(64, (3, 3), padding='same'))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(1, activation='sigmoid'))
