# real bug, fixed: Six-class text classifier ending in Dense(1, activation='softmax')
# source: https://github.com/keras-team/keras/issues/1261
# expect: none

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Embedding, LSTM, Dropout, Dense

max_features, maxlen = 20000, 100
nb_classes = 6

model = Sequential()
model.add(Input(shape=(maxlen,)))
model.add(Embedding(max_features, 128))
model.add(LSTM(64))
model.add(Dropout(0.5))
model.add(Dense(nb_classes, activation='softmax'))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
