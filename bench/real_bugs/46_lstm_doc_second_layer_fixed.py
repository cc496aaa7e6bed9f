# real bug, fixed: Recurrent docs example: a second LSTM after one returning only its last output
# source: https://github.com/keras-team/keras/issues/5447
# expect: none

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, LSTM

model = Sequential()
model.add(Input(shape=(10, 64)))
model.add(LSTM(32, return_sequences=True))
model.add(LSTM(16))
