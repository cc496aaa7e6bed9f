# Source: https://github.com/keras-team/keras/issues/2808
from keras.optimizers import SGD
sgd = SGD(lr=1.0, decay=1e-6)
