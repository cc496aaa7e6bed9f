# real bug, fixed: Fine-tuning head: Model(input = model.inputs, output = predictions)
# source: https://github.com/keras-team/keras/issues/13743
# expect: none

from tensorflow.keras.models import Model, Sequential
from tensorflow.keras.layers import Input, Conv2D, GlobalAveragePooling2D, Dense

model = Sequential([Input(shape=(64, 64, 3)), Conv2D(8, 3, activation='relu'), GlobalAveragePooling2D()])
x = model.outputs[0]
predictions = Dense(3, activation='softmax')(x)
model_final = Model(model.inputs, predictions)
