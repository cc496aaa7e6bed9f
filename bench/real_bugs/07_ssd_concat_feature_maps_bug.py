# real bug: SSD head concatenates prior maps of different sizes without flattening them first
# source: https://github.com/tanakataiki/ssd_kerasV2/issues/29
# expect: KG202 line 14

from tensorflow.keras.layers import Input, Conv2D, MaxPooling2D, concatenate
from tensorflow.keras.models import Model

img = Input(shape=(64, 64, 3))
conv4 = Conv2D(16, 3, padding='same', activation='relu')(img)
pool4 = MaxPooling2D()(conv4)
fc7 = Conv2D(16, 3, padding='same', activation='relu')(pool4)
conv4_mbox = Conv2D(8, 3, padding='same')(conv4)
fc7_mbox = Conv2D(8, 3, padding='same')(fc7)
mbox = concatenate([conv4_mbox, fc7_mbox], axis=1, name='mbox_priorbox')  # <- 여기
model = Model(img, mbox)
