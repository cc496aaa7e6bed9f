# real bug: U-Net on an odd input size: the upsampled map is one pixel smaller than the skip
# source: https://github.com/keras-team/keras/issues/16826
# expect: KG202 line 13

from keras.layers import Input, Conv2D, MaxPooling2D, UpSampling2D, concatenate
from keras.models import Model

inputs = Input((25, 25, 1))
conv1 = Conv2D(32, 3, activation='relu', padding='same')(inputs)
pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)
conv2 = Conv2D(64, 3, activation='relu', padding='same')(pool1)
up1 = UpSampling2D(size=(2, 2))(conv2)
merge1 = concatenate([up1, conv1], axis=3)  # <- 여기
out = Conv2D(1, 1, activation='sigmoid')(merge1)
model = Model(inputs, out)
