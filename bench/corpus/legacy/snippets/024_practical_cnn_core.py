# Source: https://fliphtml5.com/zroi/ujzj/Practical_Convolutional_Neural_Networks/46
from keras.models import Sequential
from keras.layers.core import Dense, Activation, Flatten
model = Sequential()
model.add(Flatten(input_shape=(32, 32, 3)))
model.add(Dense(100))
