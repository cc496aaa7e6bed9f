# real bug: Adding a second LSTM hidden layer after one that returns only its last state
# source: https://github.com/keras-team/keras/issues/3522
# expect: KG203 line 10

from keras.models import Sequential
from keras.layers import LSTM, Dense

model = Sequential()
model.add(LSTM(512, input_shape=(10, 13)))
model.add(LSTM(512))  # <- 여기
model.add(Dense(1201))
