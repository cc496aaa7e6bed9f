# Source: https://github.com/hunkim/DeepLearningZeroToAll/issues/87
from keras.models import Sequential
from keras.layers import Convolution2D
model = Sequential()
model.add(Convolution2D(nb_filters, kernel_size[0], kernel_size[1], border_mode='valid', input_shape=input_shape))
model.add(Convolution2D(nb_filters, kernel_size[0], kernel_size[1]))
model.fit(x_data, y_data, nb_epoch=2000)
