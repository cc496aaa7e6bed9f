# real bug: Keras 2 stateful LSTM with batch_input_shape=, which Keras 3 rejects
# source: https://github.com/keras-team/keras/issues/20106
# expect: KG302 line 9

from keras.models import Sequential
from keras.layers import LSTM, Dense

model = Sequential()
model.add(LSTM(4, batch_input_shape=(1, 1, 7), stateful=True))  # <- 여기
model.add(Dense(1))
model.compile(loss='mean_squared_error', optimizer='adam')
