# real bug: Model(input=..., output=...): Keras 1 keyword names
# source: https://github.com/rezazad68/BCDU-Net/issues/16
# expect: KG305 line 11

from keras.layers import Input, Conv2D
from keras.models import Model

inputs = Input((64, 64, 3))
conv8 = Conv2D(16, 3, activation='relu', padding='same')(inputs)
conv9 = Conv2D(1, 1, activation='sigmoid')(conv8)
model = Model(input=inputs, output=conv9)  # <- 여기
