# real bug, fixed: U-Net given a Theano-style (1, 64, 80) shape: pooling the 1-pixel axis
# source: https://github.com/ethanhe42/u-net/issues/1
# expect: none

from keras.layers import Input, Conv2D, MaxPooling2D
from keras.models import Model

img_rows, img_cols = 64, 80


def get_unet():
    inputs = Input((img_rows, img_cols, 1))
    conv1 = Conv2D(32, (3, 3), activation='relu', padding='same')(inputs)
    conv1 = Conv2D(32, (3, 3), activation='relu', padding='same')(conv1)
    pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)
    return Model(inputs, pool1)


model = get_unet()
