# real bug, fixed: Reshape([1, 15, 700]) after Dense(700): 700 values cannot fill 1x15x700
# source: https://github.com/keras-team/keras/issues/1952
# expect: none

from keras.models import Sequential
from keras.layers import Input, Dense, Reshape

model = Sequential()
model.add(Input(shape=(300,)))
model.add(Dense(15 * 700))
model.add(Reshape([1, 15, 700]))
