# real bug: YOLOv3 route concatenates a 8x8 map with a 16x16 skip without upsampling
# source: https://github.com/penny4860/tf2-eager-yolo3/issues/10
# expect: KG202 line 11

from tensorflow.keras import layers, Model

inputs = layers.Input(shape=(32, 32, 3))
stage4 = layers.Conv2D(64, 3, strides=2, padding='same')(inputs)
stage5 = layers.Conv2D(128, 3, strides=2, padding='same')(stage4)
x = layers.Conv2D(32, 1, padding='same')(stage5)
x = layers.concatenate([x, stage4])  # <- 여기
model = Model(inputs, x)
