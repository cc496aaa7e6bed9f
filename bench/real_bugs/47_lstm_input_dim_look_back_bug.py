# real bug: LSTM(10, input_dim=look_back): the window given as features, no timestep axis
# source: https://github.com/keras-team/keras/issues/2415
# expect: KG203 line 11

from keras.models import Sequential
from keras.layers import LSTM, Dense

look_back = 10

model = Sequential()
model.add(LSTM(10, input_dim=look_back))  # <- 여기
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
