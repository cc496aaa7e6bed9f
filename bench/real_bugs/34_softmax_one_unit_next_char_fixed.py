# real bug, fixed: Next-character model with Dense(1, activation='softmax'): always outputs 1
# source: https://github.com/keras-team/keras/issues/500
# expect: none

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

model = Sequential()
model.add(Input(shape=(20, 8)))
model.add(LSTM(64))
model.add(Dense(8, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='rmsprop')
