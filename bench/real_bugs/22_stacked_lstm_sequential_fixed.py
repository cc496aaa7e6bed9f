# real bug, fixed: Four stacked LSTMs, none returning sequences
# source: https://github.com/keras-team/keras/issues/2721
# expect: none

from keras.models import Sequential
from keras.layers import Input, LSTM

embedim = 2 + 88

model = Sequential()
model.add(Input(shape=(1, embedim)))
model.add(LSTM(100, return_sequences=True))
model.add(LSTM(100, return_sequences=True))
model.add(LSTM(100, return_sequences=True))
model.add(LSTM(100))
