# real bug: Reshape to (57, 47) drops the channel axis, so Conv2D gets rank 3
# source: https://github.com/keras-team/keras/issues/3385
# expect: KG203 line 12

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Reshape, Conv2D, MaxPooling2D, Flatten, Dense

# 얼굴 이미지 2679 픽셀을 57x47 로 바꿔서 CNN 에 넣기
model = Sequential()
model.add(Input(shape=(2679,)))
model.add(Reshape((57, 47)))
model.add(Conv2D(10, (5, 5), padding='same'))  # <- 여기
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(40, activation='softmax'))
