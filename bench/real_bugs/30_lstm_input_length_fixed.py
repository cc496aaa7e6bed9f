# real bug, fixed: LSTM given input_length= and input_dim= (Keras 1 style)
# source: https://github.com/yangwohenmai/LSTM/issues/19
# expect: none

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Dense
from tensorflow.keras.layers import LSTM

n_neurons, n_lag, n_seq = 1, 1, 3

model = Sequential()
model.add(Input(shape=(n_lag, 1)))
model.add(LSTM(n_neurons))
model.add(Dense(n_seq))
model.compile(loss='mean_squared_error', optimizer='adam')
