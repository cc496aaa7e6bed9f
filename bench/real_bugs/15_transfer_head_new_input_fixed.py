# real bug, fixed: Transfer learning: the head is built on a new Input but Model gets the base model's input
# source: https://github.com/keras-team/keras/issues/13722
# expect: none

from tensorflow.keras.layers import Input, Conv2D, GlobalAveragePooling2D, Dense
from tensorflow.keras.models import Model

base_in = Input(shape=(64, 64, 3))
base_out = Conv2D(16, 3, activation='relu')(base_in)
vgg = Model(base_in, base_out)

image = Input(shape=(64, 64, 3))
x = vgg(image)
x = GlobalAveragePooling2D()(x)
preds = Dense(5, activation='softmax')(x)
model = Model(inputs=image, outputs=preds)
