# Source: https://github.com/leriomaggio/deep-learning-keras-tensorflow
from keras.layers import Merge, Dense
from keras.models import Sequential
left_branch = Sequential()
left_branch.add(Dense(32, input_dim=784))
right_branch = Sequential()
right_branch.add(Dense(32, input_dim=784))
merged = Merge([left_branch, right_branch], mode='concat')
