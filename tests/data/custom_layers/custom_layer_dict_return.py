# 두 갈래 헤드: 커스텀 층이 딕셔너리를 돌려주고 모델이 키로 꺼내 쓴다
import keras
from keras import layers, ops


class TwoHeads(layers.Layer):
    def __init__(self, num_classes, **kwargs):
        super().__init__(**kwargs)
        self.classifier = layers.Dense(num_classes)
        self.regressor = layers.Dense(1)

    def call(self, features):
        logits = self.classifier(features)
        score = ops.sigmoid(self.regressor(features))
        return {"logits": logits, "score": score}


inputs = keras.Input(shape=(48,))
hidden = layers.Dense(24, activation="relu")(inputs)
heads = TwoHeads(num_classes=5)(hidden)
probs = layers.Softmax(name="probs")(heads["logits"])
model = keras.Model(inputs, [probs, heads["score"]], name="two_heads")
model.summary()
