# Source: https://github.com/probe301/kaggle
from keras.models import Sequential
from keras.layers import Dense
model = Sequential()
model.add(Dense(32, batch_input_shape=(None, 784)))
