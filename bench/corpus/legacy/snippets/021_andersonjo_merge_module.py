# Source: https://github.com/AndersonJo/machine-learning
from keras.models import Model, Input
from keras.layers import Dense, concatenate
from keras.layers.merge import Concatenate
