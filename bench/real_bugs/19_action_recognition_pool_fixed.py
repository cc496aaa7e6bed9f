# real bug, fixed: Action-recognition CNN with input_shape (1, 112, 128) and valid convolutions
# source: https://github.com/oswaldoludwig/Human-Action-Recognition-with-Keras/issues/5
# expect: none

from keras.models import Sequential
from keras.layers import Input, Conv2D, MaxPooling2D, ZeroPadding2D, Flatten, Dense

model = Sequential()
model.add(Input(shape=(112, 128, 1)))
model.add(ZeroPadding2D((1, 1)))
model.add(Conv2D(64, (3, 3), activation='relu'))
model.add(MaxPooling2D((2, 2), strides=(2, 2)))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
