# real bug: Dense(2, Activation='softmax'): the keyword capitalised like the layer
# source: https://github.com/keras-team/keras/issues/3109
# expect: KG302 line 12

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Conv2D, Flatten, Dense

model = Sequential()
model.add(Input(shape=(64, 64, 3)))
model.add(Conv2D(16, (3, 3), activation='relu'))
model.add(Flatten())
model.add(Dense(2, Activation='softmax'))  # <- 여기
