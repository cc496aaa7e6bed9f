# Source: https://github.com/joshong/cifar10attempt
from keras.layers.convolutional import Conv2D
from keras.layers.convolutional import MaxPooling2D
from keras.utils import np_utils
from keras import backend as K
K.set_image_dim_ordering('th')
y_train = np_utils.to_categorical(y_train)
