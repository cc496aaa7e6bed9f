# real bug: A second Input (the gate factor) feeds the graph but is not in Model's inputs
# source: https://github.com/keras-team/keras/issues/8166
# expect: KG102 line 13

from keras.layers import Input, Conv2D, Multiply, MaxPooling2D
from keras.models import Model

input_img = Input(shape=(64, 64, 3))
x1 = Conv2D(64, (3, 3), activation='relu', padding='same')(input_img)
gate_factor = Input(shape=(1,))
fraction = Multiply()([x1, gate_factor])
x = MaxPooling2D((2, 2), padding='same')(fraction)
model = Model(input_img, x)  # <- 여기
