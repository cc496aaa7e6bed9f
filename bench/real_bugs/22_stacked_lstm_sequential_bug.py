# real bug: Four stacked LSTMs, none returning sequences
# source: https://github.com/keras-team/keras/issues/2721
# expect: KG203 line 13

from keras.models import Sequential
from keras.layers import Input, LSTM

embedim = 2 + 88

model = Sequential()
model.add(Input(shape=(1, embedim)))
model.add(LSTM(100))
model.add(LSTM(100))  # <- 여기
model.add(LSTM(100))
model.add(LSTM(100))
