# real bug: LSTM given input_length= and input_dim= (Keras 1 style)
# source: https://github.com/yangwohenmai/LSTM/issues/19
# expect: KG302 line 12

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.layers import LSTM

n_neurons, n_lag, n_seq = 1, 1, 3

model = Sequential()
model.add(LSTM(n_neurons, input_length=n_lag, input_dim=1))  # <- 여기
model.add(Dense(n_seq))
model.compile(loss='mean_squared_error', optimizer='adam')
