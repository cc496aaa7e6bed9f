# real bug: zhixuhao U-Net: model = Model(input = inputs, output = conv10) inside unet()
# source: https://github.com/zhixuhao/unet/issues/183
# expect: KG305 line 17

from tensorflow.keras.models import Model
from tensorflow.keras.layers import Input, Conv2D, MaxPooling2D, UpSampling2D, concatenate


def unet(input_size=(64, 64, 1)):
    inputs = Input(input_size)
    conv1 = Conv2D(16, 3, activation='relu', padding='same')(inputs)
    pool1 = MaxPooling2D(pool_size=(2, 2))(conv1)
    conv2 = Conv2D(32, 3, activation='relu', padding='same')(pool1)
    up3 = UpSampling2D(size=(2, 2))(conv2)
    merge3 = concatenate([conv1, up3], axis=3)
    conv10 = Conv2D(1, 1, activation='sigmoid')(merge3)
    model = Model(input = inputs, output = conv10)  # <- 여기
    return model


model = unet()
