# real bug, fixed: Adding a second LSTM hidden layer after one that returns only its last state
# source: https://github.com/keras-team/keras/issues/3522
# expect: none

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

model = Sequential()
model.add(Input(shape=(10, 13)))
model.add(LSTM(512, return_sequences=True))
model.add(LSTM(512))
model.add(Dense(1201))
