# real bug, fixed: Denoising autoencoder: Dense layers first, then an LSTM on their rank-2 output
# source: https://techfeed.net/pt/443267/
# expect: none

from keras.models import Sequential
from keras.layers import Input, Dense, LSTM, Dropout

model = Sequential()
model.add(Input(shape=(20, 1)))
model.add(Dense(5))
model.add(Dense(10))
model.add(LSTM(32))
model.add(Dropout(0.3))
model.add(Dense(5))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
