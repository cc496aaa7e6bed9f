# real bug, fixed: FaceNet inception block written for channels-first input, run channels-last: branches differ in size
# source: https://github.com/ellisdg/3DUnetCNN/issues/42
# expect: none

from tensorflow.keras.layers import Input, Conv2D, MaxPooling2D, concatenate
from tensorflow.keras.models import Model

X_input = Input((96, 96, 3))
X_3x3 = Conv2D(32, (3, 3), padding='same')(X_input)
X_5x5 = Conv2D(16, (5, 5), padding='same')(X_input)
X_pool = MaxPooling2D(pool_size=3, strides=1, padding='same')(X_input)
inception = concatenate([X_3x3, X_5x5, X_pool], axis=-1)
model = Model(X_input, inception)
