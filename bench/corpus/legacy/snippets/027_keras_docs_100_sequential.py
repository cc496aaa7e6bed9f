# Source: https://faroit.com/keras-docs/1.0.1/getting-started/sequential-model-guide
from keras.models import Sequential
from keras.layers import Dense, LSTM
model = Sequential()
model.add(Dense(32, batch_input_shape=(None, 784)))
model = Sequential()
model.add(LSTM(32, batch_input_shape=(None, 10, 64)))
