# real bug, fixed: Conv1D then LSTM(return_sequences=True) then a 13-class softmax, trained with categorical_crossentropy on one label per text
# source: https://github.com/keras-team/keras/issues/14586
# expect: none

from keras.models import Sequential
from keras.layers import Input, Dense, LSTM, SpatialDropout1D, Conv1D

model = Sequential()
model.add(Input(shape=(100, 300)))
model.add(SpatialDropout1D(0.2))
model.add(Conv1D(60, 32, strides=1, activation='relu', padding='causal'))
model.add(LSTM(100, dropout=0.2, recurrent_dropout=0.2))
model.add(Dense(13, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
