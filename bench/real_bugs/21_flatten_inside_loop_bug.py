# real bug: PyImageSearch-style create_cnn with the FC head indented into the filter loop
# source: https://github.com/keras-team/keras/issues/12622
# expect: KG203 line 13

from tensorflow.keras.layers import Input, Conv2D, Activation, BatchNormalization, MaxPooling2D, Flatten, Dense
from tensorflow.keras.models import Model


def create_cnn(width, height, depth, filters=(16, 32, 64)):
    inputs = Input(shape=(height, width, depth))
    x = inputs
    for f in filters:
        x = Conv2D(f, (3, 3), padding="same")(x)  # <- 여기
        x = Activation("relu")(x)
        x = BatchNormalization(axis=-1)(x)
        x = MaxPooling2D(pool_size=(2, 2))(x)
        x = Flatten()(x)
        x = Dense(16)(x)
        x = Activation("relu")(x)
    return Model(inputs, x)


model = create_cnn(64, 64, 3)
