# Source: https://techfeed.net/pt/443267/ (a copy of a Stack Overflow question)
from keras.models import Sequential
from keras.layers import Dense, LSTM, Dropout
model = Sequential()
model.add(Dense(5, input_shape=(1,)))
model.add(LSTM(32))
model.compile(loss='mean_squared_error', optimizer='adam')
model.fit(trainX, trainY, nb_epoch=100, batch_size=batch_size, verbose=2)
