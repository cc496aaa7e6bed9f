# Source: http://xujiahua.cn/tips-for-rnn-in-keras/
from keras.models import Sequential
from keras.layers import LSTM
model = Sequential()
model.add(LSTM(32, input_dim=64, input_length=10))
model.add(LSTM(16))
