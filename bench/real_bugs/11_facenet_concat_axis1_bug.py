# real bug: Inception block concatenates channels-last maps along axis 1
# source: https://github.com/keras-team/keras/issues/14346
# expect: KG202 line 12

from keras import layers, Model


def inception_block(X):
    X_3x3 = layers.Conv2D(128, 3, padding='same', activation='relu')(X)
    X_5x5 = layers.Conv2D(32, 5, padding='same', activation='relu')(X)
    X_1x1 = layers.Conv2D(64, 1, padding='same', activation='relu')(X)
    return layers.concatenate([X_3x3, X_5x5, X_1x1], axis=1)  # <- 여기


inputs = layers.Input((12, 12, 96))
model = Model(inputs, inception_block(inputs))
