# real bug: Two functional LSTMs in a row without return_sequences on the first
# source: https://github.com/bibtissam/LSTM-Attention-FraudDetection/pull/3
# expect: KG203 line 10

from tensorflow.keras.layers import Input, LSTM, Dense
from tensorflow.keras.models import Model

inputs = Input(shape=(30, 12))
x1 = LSTM(50, dropout=0.3, recurrent_dropout=0.2)(inputs)
x2 = LSTM(50, dropout=0.3, recurrent_dropout=0.2)(x1)  # <- 여기
out = Dense(1, activation='sigmoid')(x2)
model = Model(inputs, out)
