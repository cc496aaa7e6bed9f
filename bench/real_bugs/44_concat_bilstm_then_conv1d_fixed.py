# real bug, fixed: 두 BiLSTM 출력을 합친 뒤 Conv1D: the LSTMs return only their last state (rank 2)
# source: https://github.com/kaggler-tv/dku-kaggle-class/issues/35
# expect: none

import keras
from keras.layers import Input, Embedding, Bidirectional, LSTM, Conv1D, GlobalMaxPooling1D, Dense
from keras.models import Model

max_length, sen_length = 350, 230
vocab_size, embedding_dim, n_class = 5000, 64, 5


def get_model():
    main_input = Input(shape=(max_length,), dtype='int32', name='main_input')
    x = Embedding(vocab_size, embedding_dim)(main_input)
    lstm_out = Bidirectional(LSTM(128, return_sequences=True))(x)

    sentiment_input = Input(shape=(sen_length,), name='sentiment_input')
    x = Embedding(vocab_size, embedding_dim)(sentiment_input)
    sen_lstm_out = Bidirectional(LSTM(128, return_sequences=True))(x)

    result = keras.layers.concatenate([lstm_out, sen_lstm_out], axis=1)
    result = Conv1D(128, 3, padding='valid', activation='relu', strides=1)(result)
    result = GlobalMaxPooling1D()(result)
    output = Dense(n_class, activation='softmax')(result)
    model = Model(inputs=[main_input, sentiment_input], outputs=output)
    model.compile(loss='categorical_crossentropy', optimizer='adam')
    return model


model = get_model()
