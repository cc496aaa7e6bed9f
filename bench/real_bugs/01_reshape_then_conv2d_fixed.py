# real bug, fixed: Reshape to (57, 47) drops the channel axis, so Conv2D gets rank 3
# source: https://github.com/keras-team/keras/issues/3385
# expect: none

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Reshape, Conv2D, MaxPooling2D, Flatten, Dense

# 채널 축(1)을 붙여서 (57, 47, 1)
model = Sequential()
model.add(Input(shape=(2679,)))
model.add(Reshape((57, 47, 1)))
model.add(Conv2D(10, (5, 5), padding='same'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(40, activation='softmax'))
