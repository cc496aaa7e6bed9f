# real bug, fixed: metrics=['accuracy'] written inside SGD(...) because of a misplaced parenthesis
# source: https://github.com/sagar448/Keras-Convolutional-Neural-Network-Python/issues/1
# expect: none

from keras.models import Sequential
from keras.layers import Input, Dense
from keras.optimizers import SGD

model = Sequential([Input(shape=(20,)), Dense(10, activation='softmax')])
model.compile(loss='categorical_crossentropy', optimizer=SGD(momentum=0.5), metrics=['accuracy'])
