# real bug, fixed: Conv1D applied to the rank-2 output of a Dense layer
# source: https://github.com/keras-team/keras/issues/7136
# expect: none

from keras.layers import Input, Dense, Conv1D, Reshape, GlobalMaxPooling1D
from keras.models import Model

input_dim = 7200
output_dim = 64

inputs = Input(shape=(input_dim,))
x = Reshape((input_dim, 1))(inputs)
conv1 = Conv1D(output_dim, 3, activation='relu')(x)
pooled = GlobalMaxPooling1D()(conv1)
dense2 = Dense(output_dim, activation='relu')(pooled)
model = Model(inputs=inputs, outputs=dense2)
model.compile(optimizer='rmsprop', loss='msle')
