# real bug: Reshape([1, 15, 700]) after Dense(700): 700 values cannot fill 1x15x700
# source: https://github.com/keras-team/keras/issues/1952
# expect: KG204 line 10

from keras.models import Sequential
from keras.layers import Dense, Reshape

model = Sequential()
model.add(Dense(700, input_dim=300))
model.add(Reshape([1, 15, 700]))  # <- 여기
