# real bug: compile(sample_weight=...): a fit() argument passed to compile
# source: https://github.com/antoinedelplace/Chargrid/issues/3
# expect: KG305 line 10

from tensorflow.keras import layers, models

inputs = layers.Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3, padding='same', activation='softmax')(inputs)
net = models.Model(inputs, x)
net.compile(optimizer='adam', loss='categorical_crossentropy', sample_weight='temporal')  # <- 여기
