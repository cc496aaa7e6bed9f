# real bug: FaceNet inception block written for channels-first input, run channels-last: branches differ in size
# source: https://github.com/ellisdg/3DUnetCNN/issues/42
# expect: KG202 line 12

from tensorflow.keras.layers import Input, Conv2D, MaxPooling2D, concatenate
from tensorflow.keras.models import Model

X_input = Input((3, 96, 96))
X_3x3 = Conv2D(32, (3, 3), padding='same')(X_input)
X_5x5 = Conv2D(16, (5, 5), padding='same')(X_input)
X_pool = MaxPooling2D(pool_size=3, strides=2)(X_input)
inception = concatenate([X_3x3, X_5x5, X_pool], axis=1)  # <- 여기
model = Model(X_input, inception)
