# real bug: Dense straight after Conv2D without Flatten: the output keeps the image axes
# source: https://github.com/keras-team/keras/issues/2724
# expect: KG201 line 12
# tf-check: model.output_shape == (None, 48, 64, 10)

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Conv2D, Dense

model = Sequential()
model.add(Input(shape=(48, 64, 3)))
model.add(Conv2D(64, (3, 3), padding='same', activation='relu'))
model.add(Dense(10, activation='softmax'))  # <- 여기
model.compile(loss='categorical_crossentropy', optimizer='adam')
