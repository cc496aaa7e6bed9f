# real bug: Conv1D applied to the rank-2 output of a Dense layer
# source: https://github.com/keras-team/keras/issues/7136
# expect: KG203 line 13

from keras.layers import Input, Dense, Conv1D
from keras.models import Model

input_dim = 7200
output_dim = 64

inputs = Input(shape=(input_dim,))
dense1 = Dense(output_dim, activation='relu')(inputs)
conv1 = Conv1D(output_dim, 3, activation='relu')(dense1)  # <- 여기
dense2 = Dense(output_dim, activation='relu')(conv1)
model = Model(inputs=inputs, outputs=dense2)
model.compile(optimizer='rmsprop', loss='msle')
