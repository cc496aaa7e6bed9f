# real bug: Feature extractor Model(input=model.input, output=model.layers[-2].output)
# source: https://github.com/sethuiyer/Image-to-Image-Search/issues/20
# expect: KG305 line 14

from tensorflow.keras.models import Sequential, Model
from tensorflow.keras.layers import Input, Conv2D, GlobalAveragePooling2D, Dense

model = Sequential([
    Input(shape=(32, 32, 3)),
    Conv2D(8, 3, activation='relu'),
    GlobalAveragePooling2D(),
    Dense(10, activation='softmax'),
])
visual_model = Model(input=model.inputs, output=model.layers[-2].output)  # <- 여기
