# real bug, fixed: Dense straight after Conv2D without Flatten: the output keeps the image axes
# source: https://github.com/keras-team/keras/issues/2724
# expect: none
# tf-check: model.output_shape == (None, 10)

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Conv2D, Flatten, Dense

model = Sequential()
model.add(Input(shape=(48, 64, 3)))
model.add(Conv2D(64, (3, 3), padding='same', activation='relu'))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam')
