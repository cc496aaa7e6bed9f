# Source: https://github.com/udacity/sdc-issue-reports/issues/1031
from keras.models import Sequential
from keras.layers import Convolution2D
model = Sequential()
model.add(Convolution2D(32, 3, 3, input_shape=(32, 32, 3)))
