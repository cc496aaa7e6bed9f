# real bug: Dense(10, actibation='relu'): misspelled keyword (혼공머신 확인 문제 ②)
# source: https://velog.io/@sjh1112/혼자-공부하는-머신러닝-딥러닝-07-2-확인-문제
# expect: KG302 line 9

from tensorflow import keras

model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
model.add(keras.layers.Dense(10, actibation='relu'))  # <- 여기
