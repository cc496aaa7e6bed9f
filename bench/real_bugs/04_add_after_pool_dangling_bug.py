# real bug: Add of a pooled map (56, 56, 32) and the block input (112, 112, 32), in a notebook cell that never reaches Model()
# source: https://github.com/keras-team/tf-keras/issues/476
# expect: KG202 line 17

from tensorflow.keras.layers import Input, Conv2D, BatchNormalization, LeakyReLU, MaxPool2D, Add

inputs = Input(shape=(224, 224, 1))
x = Conv2D(32, (3, 3), padding='same', name='conv_1')(inputs)
x = LeakyReLU(negative_slope=0.1)(x)
x = BatchNormalization()(x)
block_1 = MaxPool2D(pool_size=(2, 2), padding='same')(x)

x = Conv2D(32, (3, 3), padding='same', name='conv_2')(block_1)
x = LeakyReLU(negative_slope=0.1)(x)
x = BatchNormalization()(x)
x = MaxPool2D(pool_size=(2, 2), padding='same')(x)
block_2 = Add()([x, block_1])  # <- 여기
