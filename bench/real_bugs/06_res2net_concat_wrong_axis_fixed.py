# real bug, fixed: Res2Net block splits and concatenates along axis 1 (rows), not the channel axis
# source: https://github.com/fupiao1998/res2net-keras/issues/1
# expect: none

from keras import layers, Model

inputs = layers.Input(shape=(32, 32, 3))
x1 = layers.Conv2D(64, 1, padding='same', activation='relu')(inputs)
x2 = layers.Conv2D(16, 3, padding='same', activation='relu')(inputs)
out = layers.Concatenate(axis=-1)([x1, x2])
model = Model(inputs, out)
