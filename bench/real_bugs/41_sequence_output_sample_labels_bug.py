# real bug: LSTM(return_sequences=True) into a softmax Dense, trained with one class per sample
# source: https://github.com/tensorflow/tensorflow/issues/32333
# expect: KG201 line 14
# tf-check: model.output_shape == (None, 3, 3)

import tensorflow as tf

INPUT_SHAPE = [3, 5]
NUM_LABELS = 3

model = tf.keras.Sequential([
    tf.keras.Input(shape=INPUT_SHAPE),
    tf.keras.layers.LSTM(16, return_sequences=True),
    tf.keras.layers.Dense(NUM_LABELS, activation='softmax'),  # <- 여기
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
