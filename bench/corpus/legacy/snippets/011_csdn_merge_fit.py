# Source: https://blog.csdn.net/qq_34840129/article/details/86546894
from keras.models import Sequential
from keras.layers import Dense, Activation, Merge
model = Sequential()
model.add(Merge([model_left, model_right], mode='concat'))
model.add(Dense(10))
model.fit([X_train, X_train], Y_train, batch_size=64, nb_epoch=30, validation_data=([X_test, X_test], Y_test))
