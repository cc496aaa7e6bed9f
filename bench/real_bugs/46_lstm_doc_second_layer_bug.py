# real bug: Recurrent docs example: a second LSTM after one returning only its last output
# source: https://github.com/keras-team/keras/issues/5447
# expect: KG203 line 11

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM

model = Sequential()
model.add(LSTM(32, input_shape=(10, 64)))
# for subsequent layers, no need to specify the input size:
model.add(LSTM(16))  # <- 여기
