# real bug, fixed: Misspelled return_sequences keyword
# source: https://github.com/titu1994/keras-SRU/issues/9
# expect: none

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

model = Sequential()
model.add(Input(shape=(40, 16)))
model.add(LSTM(64, return_sequences=True))
model.add(LSTM(32))
model.add(Dense(1))
