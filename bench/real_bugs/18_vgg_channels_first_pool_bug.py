# real bug: VGG block on (3, 224, 224) read as channels-last: the second pool has nothing left
# source: https://github.com/iamhankai/attribute-aware-attention/issues/16
# expect: KG204 line 13

from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Conv2D, MaxPooling2D

model = Sequential([
    Input(shape=(3, 224, 224)),
    Conv2D(64, (3, 3), activation='relu', padding='same'),
    MaxPooling2D((2, 2), strides=(2, 2)),
    Conv2D(128, (3, 3), activation='relu', padding='same'),
    MaxPooling2D((2, 2), strides=(2, 2)),  # <- 여기
])
