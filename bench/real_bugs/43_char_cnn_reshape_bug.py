# real bug: Character CNN: valid Conv1D shortens the sequence, then Reshape((maxlen, embedding_size)) no longer fits
# source: https://github.com/keras-team/keras/issues/4534
# expect: KG204 line 17

from keras.models import Sequential
from keras.layers import Input, Embedding, Conv1D, MaxPooling1D, Reshape

max_features, embedding_size = 100, 32
maxlen, max_charlen = 10, 15
nb_filter, pool_length = 32, 15

char = Sequential()
char.add(Input(shape=(maxlen * max_charlen,)))
char.add(Embedding(max_features, embedding_size))
char.add(Conv1D(nb_filter, 3, padding='valid', activation='relu'))
char.add(MaxPooling1D(pool_length))
char.add(Reshape((maxlen, embedding_size)))  # <- 여기
