# real bug: Next-character model with Dense(1, activation='softmax'): always outputs 1
# source: https://github.com/keras-team/keras/issues/500
# expect: KG401 line 12
# tf-check: float(model.predict(np.random.rand(3, 20, 8), verbose=0).min()) == 1.0

from keras.models import Sequential
from keras.layers import Input, LSTM, Dense

model = Sequential()
model.add(Input(shape=(20, 8)))
model.add(LSTM(64))
model.add(Dense(1, activation='softmax'))  # <- 여기
model.compile(loss='mse', optimizer='rmsprop')
