# real bug: model.add(Dense, 10, activation='relu'): Dense's arguments given to add() (혼공머신 확인 문제 ③)
# source: https://velog.io/@sjh1112/혼자-공부하는-머신러닝-딥러닝-07-2-확인-문제
# expect: KG305 line 9

from tensorflow import keras

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
model.add(keras.layers.Dense, 10, activation='relu')  # <- 여기
