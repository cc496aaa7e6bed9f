# real bug: Intermediate-layer model: Model(input=model.input, output=model.get_layer('utter').output)
# source: https://github.com/declare-lab/MELD/issues/23
# expect: KG305 line 13

from keras.models import Model
from keras.layers import Input, Dense

inputs = Input(shape=(100,))
utter = Dense(300, activation='relu', name='utter')(inputs)
outputs = Dense(7, activation='softmax')(utter)
model = Model(inputs, outputs)

intermediate_layer_model = Model(input=model.input, output=model.get_layer("utter").output)  # <- 여기
