# real bug: Misspelled return_sequences keyword
# source: https://github.com/titu1994/keras-SRU/issues/9
# expect: KG302 line 10

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

model = Sequential()
model.add(Input(shape=(40, 16)))
model.add(LSTM(64, returns_sequnces=True))  # <- 여기
model.add(LSTM(32))
model.add(Dense(1))
