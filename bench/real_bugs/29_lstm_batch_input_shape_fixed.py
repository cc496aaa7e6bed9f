# real bug, fixed: Keras 2 stateful LSTM with batch_input_shape=, which Keras 3 rejects
# source: https://github.com/keras-team/keras/issues/20106
# expect: none

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

model = Sequential()
model.add(Input(batch_shape=(1, 1, 7)))
model.add(LSTM(4, stateful=True))
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
