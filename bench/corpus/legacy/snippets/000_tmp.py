# Source: https://github.com/keras-team/keras/issues/1665
from keras.models import Sequential
