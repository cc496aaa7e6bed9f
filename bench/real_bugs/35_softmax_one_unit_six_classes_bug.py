# real bug: Six-class text classifier ending in Dense(1, activation='softmax')
# source: https://github.com/keras-team/keras/issues/1261
# expect: KG401 line 16
# tf-check: float(model.predict(np.ones((2, 100)), verbose=0).min()) == 1.0

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Embedding, LSTM, Dropout, Dense

max_features, maxlen = 20000, 100

model = Sequential()
model.add(Input(shape=(maxlen,)))
model.add(Embedding(max_features, 128))
model.add(LSTM(64))
model.add(Dropout(0.5))
model.add(Dense(1, activation='softmax'))  # <- 여기
model.compile(loss='binary_crossentropy', optimizer='adam')
