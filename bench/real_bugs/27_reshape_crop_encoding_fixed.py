# real bug, fixed: Reshape of a 4x4x512 crop encoding into 2048 values
# source: https://github.com/ndrplz/surround_vehicles_awareness/issues/8
# expect: none

from keras.layers import Input, Conv2D, Reshape, Dense
from keras.models import Model

crop = Input(shape=(8, 8, 256))
crop_encoded = Conv2D(128, 3, strides=2, padding='same', activation='relu')(crop)
crop_encoded = Reshape(target_shape=(2048,))(crop_encoded)
out = Dense(4)(crop_encoded)
model = Model(crop, out)
