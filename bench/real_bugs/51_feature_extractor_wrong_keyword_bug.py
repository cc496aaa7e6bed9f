# real bug: Feature extractor from the Sequential guide with a wrong keyword for the outputs
# source: https://github.com/tensorflow/tensorflow/issues/42966
# expect: KG305 line 16

from tensorflow import keras

initial_model = keras.Sequential(
    [
        keras.Input(shape=(250, 250, 3)),
        keras.layers.Conv2D(32, 5, strides=2, activation="relu"),
        keras.layers.Conv2D(32, 3, activation="relu"),
    ]
)
feature_extractor = keras.Model(
    inputs=initial_model.inputs,
    blah=[layer.output for layer in initial_model.layers],  # <- 여기
)
