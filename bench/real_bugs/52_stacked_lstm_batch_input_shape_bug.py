# real bug: Hierarchical char/word LSTMs declared with batch_input_shape=, which Keras 3 rejects
# source: https://github.com/keras-team/keras/issues/7403
# expect: KG302 line 11

from keras.models import Sequential
from keras.layers import LSTM, Dense

data_dim, timesteps, out_vec_size = 30, 40, 62

model = Sequential()
model.add(LSTM(timesteps, return_sequences=False, batch_input_shape=(None, timesteps, data_dim)))  # <- 여기
model.add(Dense(out_vec_size, activation='tanh'))
