# real bug, fixed: Conditional model: the label Input is concatenated in but only the image is passed as input
# source: https://github.com/keras-team/keras/issues/11151
# expect: none

import keras
from keras.layers import Conv2D, Dense, Reshape, concatenate

inputs = keras.layers.Input(shape=(64, 64, 3), name='main')
label = keras.layers.Input(shape=(2,), name='auxiliary')
encoding_x = Conv2D(16, kernel_size=5, activation='relu')(inputs)
label_map = Dense(60 * 60 * 4, activation='relu')(label)
label_map = Reshape((60, 60, 4))(label_map)
encoding_x = concatenate([encoding_x, label_map], axis=3)
model = keras.models.Model(inputs=[inputs, label], outputs=encoding_x)
