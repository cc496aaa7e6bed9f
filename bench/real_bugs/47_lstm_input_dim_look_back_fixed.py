# real bug, fixed: LSTM(10, input_dim=look_back): the window given as features, no timestep axis
# source: https://github.com/keras-team/keras/issues/2415
# expect: none

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

look_back = 10

model = Sequential()
model.add(Input(shape=(look_back, 1)))
model.add(LSTM(10))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
